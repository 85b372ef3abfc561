"""The corpus cut into jobs: groups of encoded sentences of about ``batch_words`` tokens, and
the training examples a job becomes once drawn (:mod:`~kow2v.fast.examples` draws them).

A long sentence is kept whole, never truncated, so memory is bounded by the job size and the
longest sentence, never by the corpus. Jobs are made from token lists (any re-iterable of
sentences) or, faster, from blocks of ``LineSentence`` text (one split and one dictionary
pass per block), or from the token codes ``build_vocab`` kept (:mod:`kow2v.coded_corpus`).
Where no codes serve, a corpus file trained for several epochs is read and encoded once and
its jobs kept for the later epochs (:class:`KeptJobs`): in memory when small, else in an
anonymous temporary file.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from kow2v.fast.input_plan import InputPlan
from kow2v.fast.path_plan import PathPlan

log = logging.getLogger(__name__)

EncodeMany = Callable[[Sequence[Sequence[str]]], tuple[np.ndarray, np.ndarray]]
EncodeText = Callable[[str], tuple[np.ndarray, np.ndarray, np.ndarray]]
Block = TypeVar("Block")  # a block of text, or of its token codes (kow2v.coded_corpus)


@dataclass(frozen=True)
class Examples:
    """One job's training examples with every random choice made: what the kernels consume.

    Drawing them touches no weights, so it can run ahead of training (with ``workers=1``, in
    the producer thread or process). Skip-gram: pair ``i`` trains ``inputs[i]`` to predict
    ``outputs[i]`` against ``negatives[i]``; the input is the context word and the output the center
    (word2vec, gensim's Word2Vec), or the other way round (``input_is_center``: fastText).
    CBOW: center ``c`` is ``outputs[c]``, its contexts ``inputs[bounds[c]:bounds[c+1]]``, its
    negatives ``negatives[c]``. The output and the negatives of example ``i`` are the row
    ``targets[i]``, labelled by ``signs[i]`` (:func:`~kow2v.fast.labels.negative_labels`).
    """

    inputs: np.ndarray  # (P,) int32 input (syn0) rows
    targets: np.ndarray  # (E, K+1) int32: each example's true output (syn1) row, its negatives
    signs: np.ndarray  # (E, K+1) int8 their labels: +1, -1, 0 for a skipped negative
    bounds: np.ndarray | None  # CBOW: (E+1,) int32 offsets into inputs; skip-gram: None
    words: int  # words kept by subsampling (gensim's effective words)
    #: CBOW with ``cbow_mean``: (P,) float32 each context's weight in its center's mean
    weights: np.ndarray | None = None
    #: skip-gram with hierarchical softmax: how each batch's pairs share their paths
    path_plan: PathPlan | None = None
    #: a subword model: each call's distinct input (skip-gram) or context (CBOW) words, rows
    input_plan: InputPlan | None = None
    #: the batches crowded with one word, trained in pieces (:mod:`~kow2v.fast.crowding`)
    crowded: tuple[int, ...] = ()
    #: with ``shared_negatives``: (calls, groups, P) int32 the negatives of each group of each
    #: kernel call's pairs or centers, shared by them (``targets`` then holds the true words
    #: alone)
    pools: np.ndarray | None = None

    @property
    def outputs(self) -> np.ndarray:
        """(E,) int32 each example's true output row (a view of ``targets``)."""
        return self.targets[:, 0]

    @property
    def negatives(self) -> np.ndarray:
        """(E, K) int32 each example's negatives (a view of ``targets``)."""
        return self.targets[:, 1:]


@dataclass(frozen=True)
class Job:
    ids: np.ndarray  # (n,) int32 word ids of in-vocabulary tokens
    sent: np.ndarray  # (n,) int32 sentence number within the job
    raw_words: int  # tokens in the job's sentences, out-of-vocabulary ones included
    examples: Examples | None = None  # already drawn (by the producer process), else None


def make_jobs(sentences: Iterable[Sequence[str]], encode_many: EncodeMany,
              batch_words: int) -> Iterator[Job]:
    """Group sentences into jobs of about ``batch_words`` tokens, encoded in one call each.

    ``encode_many(list_of_sentences) -> (ids, sentence_numbers)``, as ``Vocab.encode_many``.
    """
    group: list[Sequence[str]] = []
    raw = 0
    for sentence in sentences:
        group.append(sentence)
        raw += len(sentence)
        if raw >= batch_words:
            ids, sent = encode_many(group)
            yield Job(ids, sent, raw)
            group, raw = [], 0
    if group:
        ids, sent = encode_many(group)
        yield Job(ids, sent, raw)


def make_jobs_from_text(blocks: Iterable[Block],
                        encode_text: Callable[[Block], tuple[np.ndarray, np.ndarray, np.ndarray]],
                        batch_words: int) -> Iterator[Job]:
    """The jobs :func:`make_jobs` would make, from blocks of ``LineSentence`` text.

    ``encode_text(block) -> (ids, line_numbers, tokens_per_line)``, as ``Vocab.encode_text``
    (or :meth:`kow2v.coded_corpus.CodedCorpus.encode` for blocks of token codes).
    Each block is encoded in one call; jobs are cut at the same sentences as ``make_jobs``
    cuts them (after the sentence that brings a job to ``batch_words`` tokens), across block
    boundaries too.
    """
    empty32 = np.empty(0, dtype=np.int32)
    ids, sent, lengths = empty32, empty32, np.empty(0, dtype=np.int64)
    for block in blocks:
        b_ids, b_sent, b_lengths = encode_text(block)
        # carry the unfinished job of the previous block, renumbering the block's lines
        ids = np.concatenate([ids, b_ids])
        sent = np.concatenate([sent, b_sent + np.int32(len(lengths))])
        lengths = np.concatenate([lengths, b_lengths])
        ends = np.cumsum(lengths)  # tokens up to and including each line
        done, first_line, first_id = 0, 0, 0
        while True:
            last = int(np.searchsorted(ends, done + batch_words))  # first line reaching it
            if last >= len(ends):
                break
            stop = int(np.searchsorted(sent, last, side="right"))
            yield Job(ids[first_id:stop], sent[first_id:stop] - np.int32(first_line),
                      int(ends[last]) - done)
            done, first_line, first_id = int(ends[last]), last + 1, stop
        ids, sent = ids[first_id:], sent[first_id:] - np.int32(first_line)
        lengths = lengths[first_line:]
    raw = int(lengths.sum())
    if raw:
        yield Job(ids, sent, raw)


#: most tokens whose jobs :class:`KeptJobs` keeps in memory (8 bytes each: 16 MB); a larger
#: corpus's jobs go to a temporary file
KEEP_MAX_WORDS = 2_000_000


class Int32Records:
    """Records in an anonymous temporary file (``tempfile.TemporaryFile``: on Linux it never
    has a name, so nothing is left behind, even by a crash), read back in order: each is some
    int64 numbers, then int32 arrays (what :class:`SpooledJobs` and
    :class:`kow2v.coded_corpus.CodedCorpus` keep). The file lives in the page cache, not in
    this process's memory.

    Parameters
    ----------
    what : str
        What the records are, for the file's name and errors.
    numbers : int
        int64 numbers in each record besides the count of its int32 values.
    """

    def __init__(self, what: str, numbers: int = 0) -> None:
        self._what, self._numbers = what, numbers
        self._file = tempfile.TemporaryFile(prefix=f"kow2v-{what.replace(' ', '-')}-")

    def add(self, numbers: Sequence[int], *arrays: np.ndarray) -> None:
        """Append one record (raises OSError when the disk is full)."""
        count = sum(len(a) for a in arrays)
        self._file.write(np.array([count, *numbers], dtype=np.int64).tobytes())
        for a in arrays:
            self._file.write(np.ascontiguousarray(a, dtype=np.int32).data)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(numbers, int32 values) of each record, in order."""
        self._file.flush()
        self._file.seek(0)
        while head := self._file.read(8 * (1 + self._numbers)):
            header = np.frombuffer(head, dtype=np.int64)
            data = np.empty(int(header[0]), dtype=np.int32)
            if self._file.readinto(data.data.cast("B")) != data.nbytes:
                raise OSError(f"the temporary file of {self._what} was cut short")
            yield header[1:], data

    def close(self) -> None:
        self._file.close()


class SpooledJobs:
    """Jobs written to an anonymous temporary file (:class:`Int32Records`) and read back in
    order.

    Each job is its token count and raw words (two int64), then its ids and sentence numbers
    (int32): 8 bytes a token, 44 MB for the 5.5M-token benchmark corpus.
    """

    def __init__(self) -> None:
        self._records = Int32Records("kept jobs", numbers=1)

    def add(self, job: Job) -> None:
        """Append ``job`` (raises OSError when the disk is full)."""
        self._records.add([job.raw_words], job.ids, job.sent)

    def __iter__(self) -> Iterator[Job]:
        for (raw,), data in self._records:
            n = len(data) // 2
            yield Job(data[:n], data[n:], int(raw))

    def close(self) -> None:
        self._records.close()


class KeptJobs:
    """The jobs of a corpus file, read and encoded in the first epoch (as it trains) and
    handed out again for each later one: in memory up to :data:`KEEP_MAX_WORDS` tokens, else
    from a :class:`SpooledJobs` file.

    Reading and encoding hold the GIL in the thread that draws the examples or hands jobs to
    the Hogwild workers, while the kernels train: for the bundled corpus (85,000 tokens, 10
    epochs of CBOW) 35 ms of each epoch's 50 ms of drawing, and the whole training took 1.16 s
    read every epoch against 0.80 s kept; the benchmark corpus costs 2.8 s of reading and
    encoding an epoch. The jobs are the same, so the vectors are too. Only for kow2v's reader
    of files (:class:`~kow2v.corpus.TokenizedCorpus` itself, whose text cannot change between
    epochs the way a user's iterable may, e.g. one that shuffles), see :meth:`worth_keeping`.
    If the temporary file cannot be written (a full disk), the later epochs read the corpus
    again, as without keeping.

    Parameters
    ----------
    make : callable
        Makes one epoch's jobs from the corpus.
    words : int
        The corpus's tokens: whether its jobs are kept in memory or in a file.
    """

    def __init__(self, make: Callable[[], Iterator[Job]], words: int) -> None:
        self._make = make
        self._in_memory = words <= KEEP_MAX_WORDS
        self._can_spool = True  # until a temporary file fails
        self._kept: list[Job] | SpooledJobs | None = None

    @staticmethod
    def worth_keeping(corpus: Iterable[Sequence[str]], epochs: int) -> bool:
        """Whether to keep the jobs of ``corpus``, trained ``epochs`` times."""
        from kow2v.corpus import TokenizedCorpus

        return type(corpus) is TokenizedCorpus and epochs > 1

    def __iter__(self) -> Iterator[Job]:
        if self._kept is not None:
            yield from self._kept
            return
        kept = self._new_store()
        complete = False
        try:
            for job in self._make():
                if kept is not None:
                    kept = self._keep(kept, job)
                yield job
            complete = True
        finally:
            if complete:
                self._kept = kept  # only once the whole corpus was read
            elif isinstance(kept, SpooledJobs):
                kept.close()

    def _new_store(self) -> list[Job] | SpooledJobs | None:
        if self._in_memory:
            return []
        if not self._can_spool:
            return None
        try:
            return SpooledJobs()
        except OSError as exc:
            self._cannot_spool(exc)
            return None

    def _keep(self, kept: list[Job] | SpooledJobs, job: Job) -> list[Job] | SpooledJobs | None:
        if isinstance(kept, list):
            kept.append(job)
            return kept
        try:
            kept.add(job)
            return kept
        except OSError as exc:
            kept.close()
            self._cannot_spool(exc)
            return None

    def _cannot_spool(self, exc: OSError) -> None:
        log.warning("cannot keep the corpus's jobs in a temporary file (%s); every epoch "
                    "reads the corpus again", exc)
        self._can_spool = False

    def close(self) -> None:
        """Remove what is kept (the temporary file)."""
        if isinstance(self._kept, SpooledJobs):
            self._kept.close()
        self._kept = None


def corpus_jobs(corpus: Iterable[Sequence[str]], encode_many: EncodeMany, encode_text: EncodeText,
                batch_words: int) -> Iterator[Job]:
    """Jobs over a corpus: from its text blocks when it offers them (``TokenizedCorpus``,
    one split and one lookup pass per block), else sentence by sentence."""
    blocks = getattr(corpus, "text_blocks", None)
    if callable(blocks):
        return make_jobs_from_text(blocks(), encode_text, batch_words)
    return make_jobs(corpus, encode_many, batch_words)
