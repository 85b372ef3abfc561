"""Several processes updating shared-memory weights without locks (Hogwild!, as word2vec and
gensim do). The parent reads and encodes the corpus and trains whatever the workers' queue
cannot take at once; ``workers - 1`` spawned processes train the rest on the same arrays."""

from __future__ import annotations

import multiprocessing
import queue as queue_module
from collections.abc import Callable, Iterator
from multiprocessing import shared_memory
from typing import Any

import numpy as np

from kow2v.fast.loop import Job, Settings, train_job
from kow2v.fast.negatives import AliasSampler


class SharedWeights:
    """Two (V, D) float32 matrices in shared memory, initialised from ``syn0`` and ``syn1``."""

    def __init__(self, syn0: np.ndarray, syn1: np.ndarray) -> None:
        self.shape = syn0.shape
        self.blocks = [shared_memory.SharedMemory(create=True, size=max(1, a.nbytes))
                       for a in (syn0, syn1)]
        self.syn0, self.syn1 = (np.ndarray(self.shape, np.float32, buffer=b.buf)
                                for b in self.blocks)
        self.syn0[...] = syn0
        self.syn1[...] = syn1

    def names(self) -> tuple[str, str]:
        return self.blocks[0].name, self.blocks[1].name

    def close(self) -> None:
        del self.syn0, self.syn1
        for block in self.blocks:
            block.close()
            block.unlink()


def _worker(names: tuple[str, str], shape: tuple[int, int], keep_prob: np.ndarray,
            noise: AliasSampler, settings: Settings, seed: Any, jobs: Any, results: Any) -> None:
    blocks = [shared_memory.SharedMemory(name=n) for n in names]
    syn0, syn1 = (np.ndarray(shape, np.float32, buffer=b.buf) for b in blocks)
    rng = np.random.default_rng(seed)
    try:
        while (item := jobs.get()) is not None:
            job, alpha = item
            try:
                results.put(train_job(syn0, syn1, job, keep_prob, noise, alpha, settings, rng))
            except FloatingPointError as exc:
                results.put(exc)
    finally:
        del syn0, syn1
        for b in blocks:
            b.close()


class HogwildPool:
    """Worker processes bound to shared weights; ``run(jobs)`` yields per-job results."""

    def __init__(self, weights: SharedWeights, keep_prob: np.ndarray, noise: AliasSampler,
                 settings: Settings, seeds: list[Any]) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.jobs = ctx.Queue(maxsize=max(2, 2 * len(seeds)))
        self.results = ctx.Queue()
        self.procs = [ctx.Process(target=_worker, args=(weights.names(), weights.shape,
                                                        keep_prob, noise, settings, seed,
                                                        self.jobs, self.results), daemon=True)
                      for seed in seeds]
        for p in self.procs:
            p.start()

    def run(self, jobs: Iterator[tuple[Job, float]],
            train_here: Callable[[Job, float], Any]) -> Iterator[tuple[Job, Any]]:
        """Feed ``(job, alpha)`` pairs to the workers; when their queue is full, this process
        trains the job itself with ``train_here`` (so N workers use N processes, this one
        included, and nobody idles). Yields ``(job, result)``; results of queued jobs come
        back in completion order.
        """
        in_flight: list[Job] = []
        for job, alpha in jobs:
            try:
                self.jobs.put_nowait((job, alpha))
                in_flight.append(job)
            except queue_module.Full:
                yield job, train_here(job, alpha)
            yield from self._drain(in_flight, block=False)
        while in_flight:
            yield from self._drain(in_flight, block=True)

    def _drain(self, in_flight: list[Job], block: bool) -> Iterator[tuple[Job, Any]]:
        """Yield finished results: all that are ready, or (``block``) wait for exactly one."""
        while in_flight:
            try:
                result = self.results.get(timeout=1.0) if block else self.results.get_nowait()
            except queue_module.Empty:
                if not block:
                    return
                if not all(p.is_alive() for p in self.procs):
                    raise RuntimeError(
                        "a training worker process died. Workers are started with 'spawn', "
                        "which re-imports your main script: in a script, train under "
                        "`if __name__ == \"__main__\":`; otherwise try workers=1 to see the "
                        "error") from None
                continue
            # results come back in completion order; the job is only used for progress counts
            yield in_flight.pop(0), result
            if block:
                return

    def close(self) -> None:
        for _ in self.procs:
            try:
                self.jobs.put_nowait(None)
            except queue_module.Full:
                pass
        for p in self.procs:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
