"""The corpus read, encoded and drawn in a second process while this one trains.

With ``workers=1`` a job's examples are made ahead of training, in a thread. But splitting a
block of text, looking its tokens up and drawing its windows hold the GIL, which the training
thread needs between its NumPy calls, so the two threads mostly take turns: measured on
100,000 reviews (CBOW, hs=1), training 1.08 s of CPU, reading and drawing 0.54 s, wall
1.69 s. A corpus that another process can open by itself (a :class:`TokenizedCorpus`: files
read by path) is therefore read there instead, and the examples come back over a pipe.

The child makes each job's examples exactly as the thread would, with the same random
generator: a copy goes to it at each epoch's start and comes back at the end, so the vectors
are the same either way (tested). Only :mod:`~kow2v.fast.examples` and the reading modules are
imported there, not the kernels or SciPy: the process costs about 0.2 s and 30 MB to start,
which is why it is used only for at least :data:`PROCESS_MIN_WORDS` words of training.

A child that dies is an error at once (end-of-file on its pipe); one that fails (a file that
cannot be decoded) sends its error, which is raised here as it would have been in the thread.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any

import numpy as np

from kow2v.corpus import TokenizedCorpus
from kow2v.errors import TrainingError
from kow2v.fast.examples import Settings, Tables, draw_examples
from kow2v.fast.jobs import Job, KeptJobs, corpus_jobs
from kow2v.process import WorkerDied, WorkerProcess, portable_error
from kow2v.process.channel import Channel, ChannelClosed
from kow2v.vocab import TokenEncoder

#: Raw words times epochs below which the thread is used: the process's start (about 0.2 s)
#: would cost more than it saves.
PROCESS_MIN_WORDS = 2_000_000

_NO_IDS = np.empty(0, dtype=np.int32)  # the parent needs a job's examples, not its ids


def worth_a_process(corpus: Iterable[Sequence[str]], words: int) -> bool:
    """Whether to read ``corpus`` in a producer process for ``words`` words of training
    (raw words times epochs): a corpus a child can open by itself (kow2v's reader of files,
    :class:`TokenizedCorpus`), and enough words to pay for the start."""
    return (isinstance(corpus, TokenizedCorpus) and type(corpus).__module__ != "__main__"
            and words >= PROCESS_MIN_WORDS)


def _produce(channel: Channel, corpus: TokenizedCorpus, encoder: TokenEncoder, batch_words: int,
             tables: Tables, settings: Settings, keep_words: int | None = None) -> None:
    """The child: for each generator received, one epoch of ``("job", Job)`` messages, then
    ``("end", generator)``, or ``("error", exception)``. With ``keep_words`` (the corpus's
    tokens) the first epoch's jobs are kept for the later ones (:class:`KeptJobs`)."""
    read = functools.partial(corpus_jobs, corpus, encoder.encode_many, encoder.encode_text,
                             batch_words)
    kept = KeptJobs(read, keep_words) if keep_words is not None else None
    while True:
        try:
            rng = channel.recv()
        except ChannelClosed:  # the parent is done (or gone)
            if kept is not None:
                kept.close()  # the temporary file, if the jobs went to one
            return
        try:
            for job in (kept if kept is not None else read()):
                examples = draw_examples(job, tables, settings, rng)
                channel.send(("job", Job(_NO_IDS, _NO_IDS, job.raw_words, examples)))
        except Exception as exc:
            channel.send(("error", portable_error(exc)))
            continue
        channel.send(("end", rng))


class ProducerProcess:
    """A child process that makes one epoch of jobs, examples drawn, per :meth:`jobs` call.

    Parameters
    ----------
    corpus : TokenizedCorpus
        Read by the child (see :func:`worth_a_process`).
    vocab : Vocab
        Encodes the corpus: only its :class:`~kow2v.vocab.TokenEncoder` is pickled to the
        child, once (made afresh, so this process does not keep a copy of the table).
    batch_words : int
        Raw words per job, as the thread would cut them.
    tables, settings
        What drawing needs.
    keep_words : int, optional
        The corpus's tokens, to keep its jobs after the first epoch (see :class:`KeptJobs`:
        the child then reads and encodes the text once); None reads every epoch.
    """

    def __init__(self, corpus: Iterable[Sequence[str]], vocab: Any, batch_words: int,
                 tables: Tables, settings: Settings, keep_words: int | None = None) -> None:
        encoder = TokenEncoder(vocab.lookup)
        self._worker = WorkerProcess(_produce, (corpus, encoder, batch_words, tables, settings,
                                                keep_words),
                                     name="corpus reader process")

    def jobs(self, rng: np.random.Generator) -> Iterator[Job]:
        """One epoch's jobs, each with its examples (``Job.examples``); at the end ``rng`` is
        where drawing them here would have left it.

        Raises
        ------
        TrainingError
            The child died; or the error it met reading the corpus, as raised there.
        """
        try:
            self._worker.send(rng)
            while True:
                kind, value = self._worker.recv()
                if kind == "job":
                    yield value
                elif kind == "end":
                    rng.bit_generator.state = value.bit_generator.state
                    return
                else:
                    raise value
        except WorkerDied as exc:
            raise TrainingError(f"{exc}; training stopped") from None

    def __enter__(self) -> ProducerProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:  # every epoch ran to its end: the child waits for the next
            self._worker.close()
        else:  # an epoch left unfinished (an error, Ctrl-C): do not wait for the child
            self._worker.kill()
