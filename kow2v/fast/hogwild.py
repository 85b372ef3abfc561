"""Several processes updating shared weights without locks (Hogwild!, as word2vec and gensim).

The parent makes the jobs (from the token codes ``build_vocab`` kept, :mod:`kow2v.coded_corpus`,
or by reading and encoding the text), sends each job to a worker that is ready and has room,
and trains a job itself whenever no worker is, so ``workers`` processes train, the parent
included. A worker is sent jobs only once it has said it is ready (its weights mapped): jobs
queued to a worker still starting were trained after the jobs the parent trained meanwhile,
at their earlier, higher learning rate, and on a small corpus that reordering showed (below).
Workers are :class:`~kow2v.process.WorkerProcess` children (they never re-import
the user's main script) that map the two weight matrices from anonymous shared memory.

A worker that dies (killed, out of memory) is seen at once as an end-of-file on its pipe and
becomes a :class:`~kow2v.errors.TrainingError` naming the signal or exit code; closing the
pool kills and reaps every child, so nothing is left running and no shared memory remains.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from kow2v.errors import TrainingError
from kow2v.fast.blas_threads import one_blas_thread
from kow2v.fast.examples import Settings, Tables
from kow2v.fast.jobs import Job
from kow2v.fast.training import train_job
from kow2v.process import SharedArrays, WorkerDied, WorkerProcess, attach, wait_readable
from kow2v.process.channel import Channel, ChannelClosed
from kow2v.process.shared import SharedSpec

#: jobs queued per worker: one training and two waiting in its pipe. The parent trains a job
#: itself only when every worker has this many, and then reads the next before it hands out
#: more: a job (about 12 ms of CBOW) and a block of text (up to about 10 ms to encode), so a
#: worker needs two jobs waiting not to run dry meanwhile. With one waiting, the worker idled
#: 1.5 s of a 5.3 s epoch (CBOW, whitespace tokens, whole corpus); with two the epoch took
#: 5.38 s against 5.82 s (median of 5); four were slower again (the parent trains too little)
IN_FLIGHT = 3
#: a worker's first message: its weights are mapped and it takes jobs. Before this, jobs were
#: queued to a worker as it started, and the parent trained the jobs after them meanwhile: on
#: the bundled reviews with one line of 'ㅋ' written 3,000 times (CBOW, 2 workers, 5 epochs,
#: 9 jobs an epoch) it trained jobs 4-9 of the first epoch before the worker trained 1-3 at
#: their higher learning rate, and the median norm came out 1.11-1.46x gensim's (30 runs);
#: with jobs sent only to a ready worker, 1.02-1.22x (30 runs; 1 worker: 1.19x).
READY = "kow2v-worker-ready"


class SharedWeights:
    """``syn0`` and ``syn1`` in anonymous shared memory: copied there for the run, or, for
    ``syn0``, already there (``input_memory``, a :class:`SharedArrays` holding ``"syn0"``:
    fastText's big input matrix is never copied)."""

    def __init__(self, syn0: np.ndarray, syn1: np.ndarray,
                 input_memory: SharedArrays | None = None) -> None:
        self.owned = [SharedArrays({"syn1": syn1} if input_memory is not None
                                   else {"syn0": syn0, "syn1": syn1})]
        self.blocks = self.owned + ([input_memory] if input_memory is not None else [])
        arrays = {k: v for block in self.blocks for k, v in block.arrays.items()}
        self.syn0, self.syn1 = arrays["syn0"], arrays["syn1"]
        self.copied_input = input_memory is None

    @property
    def specs(self) -> list[SharedSpec]:
        return [block.spec for block in self.blocks]

    def close(self) -> None:
        del self.syn0, self.syn1
        for block in self.owned:
            block.close()


def _worker(channel: Channel, specs: list[SharedSpec], tables: Tables, settings: Settings,
            seed: Any) -> None:
    arrays: dict[str, np.ndarray] = {}
    mappings = []
    for spec in specs:
        buffer, views = attach(spec)
        mappings.append(buffer)  # kept mapped for the life of the worker
        arrays.update(views)
    syn0, syn1 = arrays["syn0"], arrays["syn1"]
    rng = np.random.default_rng(seed)
    with one_blas_thread(settings.shared_negatives > 0):
        _serve(channel, syn0, syn1, tables, settings, rng)


def _serve(channel: Channel, syn0: np.ndarray, syn1: np.ndarray, tables: Tables,
           settings: Settings, rng: np.random.Generator) -> None:
    """Train the jobs the parent sends until it closes the channel."""
    channel.send(READY)
    while True:
        try:
            job, alpha = channel.recv()
        except ChannelClosed:  # the parent is done (or gone)
            return
        try:
            result: Any = train_job(syn0, syn1, job, tables, alpha, settings, rng)
        except FloatingPointError as exc:
            result = exc
        channel.send(result)


class HogwildPool:
    """``len(seeds)`` worker processes bound to ``weights``; :meth:`run` trains jobs with them."""

    def __init__(self, weights: SharedWeights, tables: Tables, settings: Settings,
                 seeds: list[Any]) -> None:
        self.workers: list[WorkerProcess] = []
        self.in_flight: dict[WorkerProcess, collections.deque[Job]] = {}
        self.ready: set[WorkerProcess] = set()  # those that have sent READY
        specs = weights.specs
        try:
            for i, seed in enumerate(seeds, start=1):
                worker = WorkerProcess(_worker, (specs, tables, settings, seed),
                                       name=f"training worker {i}",
                                       pass_fds=tuple(spec.fd for spec in specs))
                self.workers.append(worker)
                self.in_flight[worker] = collections.deque()
        except BaseException:
            self.close()
            raise

    def run(self, jobs: Iterator[tuple[Job, float]],
            train_here: Callable[[Job, float], Any]) -> Iterator[tuple[Job, Any]]:
        """Train ``(job, alpha)`` pairs; yields ``(job, result)`` as each finishes.

        Results of jobs sent to workers come back in completion order; a job no ready worker
        has room for is trained here with ``train_here``.

        Raises
        ------
        TrainingError
            A worker died or failed; the message names it and how.
        """
        try:
            for job, alpha in jobs:
                ready = [w for w in self.workers if w in self.ready]
                worker = min(ready, key=lambda w: len(self.in_flight[w]), default=None)
                if worker is None or len(self.in_flight[worker]) >= IN_FLIGHT:
                    yield job, train_here(job, alpha)
                else:
                    worker.send((job, alpha))
                    self.in_flight[worker].append(job)
                yield from self._collect(timeout=0.0)
            # a worker still starting is waited for too: one that fails to start is an error
            # even where this process trained every job meanwhile
            while any(self.in_flight.values()) or len(self.ready) < len(self.workers):
                yield from self._collect(timeout=None)
        except WorkerDied as exc:
            raise TrainingError(f"{exc}; training stopped (the other workers were stopped "
                                "too, and the model keeps its weights from before this "
                                "train() call)") from None

    def _collect(self, timeout: float | None) -> Iterator[tuple[Job, Any]]:
        """Finished jobs with their results; a starting worker's READY (or its death) is
        taken in passing."""
        watched = [w for w in self.workers if self.in_flight[w] or w not in self.ready]
        for worker in wait_readable(watched, timeout):
            result = worker.recv()
            if worker not in self.ready:
                if result != READY:
                    raise WorkerDied(f"{worker.name} sent {result!r} before it was ready")
                self.ready.add(worker)
                continue
            yield self.in_flight[worker].popleft(), result

    def close(self) -> None:
        """Stop every worker: at once if any job is unfinished (an error), else gracefully."""
        unfinished = any(self.in_flight.values())
        for worker in self.workers:
            if unfinished:
                worker.kill()
            else:
                worker.close()
