"""The training loop: epochs over jobs, in this process or with Hogwild worker processes.

Every kow2v trainer hands the engine its weights, its per-word tables and its settings; the
engine runs an epoch at a time. It gives each job its learning rate (gensim's linear
schedule over the words handed out so far), draws and trains the job's examples, sums the
loss in float64, reports progress per job, and turns non-finite scores into a
:class:`~kow2v.errors.TrainingError`.

- ``workers=1``: a producer thread reads the corpus and draws each job's examples (one
  generator, in job order, so a seed fixes the vectors) while this thread only trains; or
  the jobs come with their examples drawn by a producer process (:mod:`~kow2v.fast.producer`),
  and the thread only receives them.
- ``workers > 1``: for the duration of the ``with`` block the weights live in shared memory
  and ``workers - 1`` processes train beside this one, without locks (Hogwild, as word2vec
  and gensim); on a clean exit the trained weights are copied back, on an error they are not
  (input weights that live in shared memory already are trained in place, error or not).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import numpy as np

from kow2v.errors import TrainingError
from kow2v.fast.blas_threads import one_blas_thread
from kow2v.fast.examples import Examples, Settings, Tables, draw_examples
from kow2v.fast.jobs import Job
from kow2v.fast.prefetch import prefetch
from kow2v.fast.schedule import Schedule
from kow2v.fast.training import train_examples, train_job

#: progress(raw_words_of_the_job, alpha_now), called after each job
Progress = Callable[[int, float], None]


@dataclass(frozen=True)
class EpochResult:
    loss: float  # summed over the epoch in float64 (0.0 unless compute_loss)
    effective_words: int  # words kept by subsampling
    raw_words: int  # tokens read, out-of-vocabulary ones included
    seconds: float


class Engine:
    """Train ``syn0`` (input rows) and ``syn1`` (output rows) in place, epoch by epoch.

    Parameters
    ----------
    syn0, syn1 : (rows, D) and (V, D) float32 arrays (syn1: 2V rows with both output
        heads, negative sampling's then hierarchical softmax's)
        Updated in place (with workers, when the ``with`` block ends without an error).
    tables : Tables
        Subsampling probabilities, the noise distribution, the input rows of each word.
    settings : Settings
    workers : int
        Processes that train, this one included.
    seed : int
        Seeds the worker processes (each its own stream).
    rng : numpy Generator
        This process's draws (with ``workers=1``, all of them).
    input_memory : SharedArrays, optional
        Where ``syn0`` already lives in shared memory (as ``"syn0"``): workers then map it
        instead of a copy.
    """

    def __init__(self, syn0: np.ndarray, syn1: np.ndarray, tables: Tables, settings: Settings,
                 workers: int, seed: int, rng: np.random.Generator,
                 input_memory: Any = None) -> None:
        self.syn0, self.syn1 = syn0, syn1
        self.input_memory = input_memory
        self.tables, self.settings, self.rng = tables, settings, rng
        self.workers, self.seed = workers, seed
        self._shared: Any = None
        self._pool: Any = None
        self._limits = contextlib.ExitStack()

    def __enter__(self) -> Engine:
        self._limits.enter_context(one_blas_thread(self.settings.shared_negatives > 0))
        if self.workers > 1:
            from kow2v.fast.hogwild import HogwildPool, SharedWeights

            self._shared = SharedWeights(self.syn0, self.syn1, self.input_memory)
            seeds = np.random.SeedSequence(self.seed).spawn(self.workers - 1)
            try:
                self._pool = HogwildPool(self._shared, self.tables, self.settings, seeds)
            except BaseException:
                self._shared.close()
                self._limits.close()
                raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if self._pool is not None:
                self._pool.close()
            if self._shared is not None:
                if kind is None:
                    self.publish()
                self._shared.close()
        finally:
            self._pool = self._shared = None
            self._limits.close()

    def publish(self) -> None:
        """Copy the weights trained so far to the caller's ``syn0`` and ``syn1`` (with
        workers they live in shared memory until the ``with`` block ends): between epochs,
        for callbacks that read or save them. With one worker they are trained in place."""
        if self._shared is not None:
            if self._shared.copied_input:
                self.syn0[...] = self._shared.syn0
            self.syn1[...] = self._shared.syn1

    def train_epoch(self, jobs: Iterable[Job], epoch: int, schedule: Schedule,
                    expected_words: int, progress: Progress | None = None) -> EpochResult:
        """Train one epoch over ``jobs``; ``expected_words`` (raw) drives the schedule."""
        start = time.perf_counter()
        handed_out = 0

        def with_alpha() -> Iterator[tuple[Job, float]]:
            nonlocal handed_out
            for job in jobs:
                alpha = schedule.alpha(epoch, handed_out / max(expected_words, 1))
                handed_out += job.raw_words
                yield job, alpha

        loss, effective, raw = 0.0, 0, 0
        for job, result in self._results(with_alpha(), epoch, schedule):
            job_loss, job_words, _ = result
            loss += job_loss
            effective += job_words
            raw += job.raw_words
            if progress is not None:
                progress(job.raw_words, schedule.alpha(epoch, raw / max(expected_words, 1)))
        if not np.isfinite(loss):
            raise self._diverged(epoch, schedule)
        return EpochResult(loss, effective, raw, time.perf_counter() - start)

    def _results(self, jobs: Iterator[tuple[Job, float]], epoch: int,
                 schedule: Schedule) -> Iterator[tuple[Job, Any]]:
        s, tables, rng = self.settings, self.tables, self.rng
        if self._pool is None:
            def drawn() -> Iterator[tuple[Job, float, Examples]]:  # in the producer thread
                for job, alpha in jobs:
                    ready = job.examples  # drawn by a producer process
                    yield job, alpha, (ready if ready is not None
                                       else draw_examples(job, tables, s, rng))

            for job, alpha, examples in prefetch(drawn()):
                yield job, self._guarded(epoch, schedule, train_examples, self.syn0,
                                         self.syn1, examples, alpha, s, tables.rows,
                                         tables.paths)
            return
        shared = self._shared

        def here(job: Job, alpha: float) -> Any:
            return self._guarded(epoch, schedule, train_job, shared.syn0, shared.syn1, job,
                                 tables, alpha, s, rng)

        for job, result in self._pool.run(jobs, here):
            if isinstance(result, FloatingPointError):  # raised in a worker process
                raise self._diverged(epoch, schedule)
            yield job, result

    def _guarded(self, epoch: int, schedule: Schedule, step: Callable[..., Any],
                 *args: Any) -> Any:
        try:
            return step(*args)
        except FloatingPointError:
            raise self._diverged(epoch, schedule) from None

    @staticmethod
    def _diverged(epoch: int, schedule: Schedule) -> TrainingError:
        return TrainingError(f"training diverged in epoch {epoch + 1}: scores became NaN or "
                             f"infinite with alpha={schedule.start}; lower alpha")
