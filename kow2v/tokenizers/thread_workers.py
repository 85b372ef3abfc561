"""Tokenizer workers as threads, each with its own tagger object, all in one JVM.

Daemon threads, not :class:`~concurrent.futures.ThreadPoolExecutor`, whose threads are joined
at interpreter exit: a tagger stuck in Java must not keep the program alive.

With a time budget per line, each thread tokenizes its chunk line by line and says which line
it is on; :meth:`ThreadWorkers.check` (called by the consumer while it waits) finds a line
that has run over the budget. A Java call cannot be interrupted from Python, so the thread is
*abandoned*: the line is recorded as skipped, a fresh thread with a fresh tagger object
continues the chunk after it, and the stuck thread's answer, if it ever comes, is dropped (it
exits then). When the tagger runs in Java, its call is stopped from the Java side
(:mod:`kow2v.tokenizers.java_threads`), so the abandoned thread ends at once; otherwise the call
keeps one core busy until it returns. Each such thread is counted and logged.
"""

from __future__ import annotations

import copy
import logging
import queue
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from kow2v.tokenizers.base import SkippedLine, Tokenizer, tokenize_batch, tokenize_line
from kow2v.tokenizers.java_threads import current_java_thread, stop_java_thread

log = logging.getLogger(__name__)

Tokens = list[list[str]]


def warm_up(tokenizer: Tokenizer) -> None:
    """Start the backend (JVM, dictionary) before the first chunk."""
    tokenizer.tokenize("준비")


@dataclass
class _Job:
    future: Future[Tokens]
    lines: list[str]
    results: Tokens = field(default_factory=list)


@dataclass
class _Slot:
    """What one thread is doing: the job and when it started its current line."""

    job: _Job | None = None
    started: float = 0.0
    abandoned: bool = False
    java_thread: object | None = None  # for a tagger that runs in Java


class ThreadWorkers:
    """A pool of daemon threads, each tokenizing with its own copy of ``tokenizer``.

    Parameters
    ----------
    tokenizer : Tokenizer
        Copied once per thread (``copy.copy``); kow2v's tagger adapters drop their backend
        when copied, so each thread builds its own tagger object. The first copy is started
        in the calling thread, so that a JVM starts once, not in a race between threads.
    workers : int
        Threads to start.
    line_budget : float, optional
        Seconds one line may take; see the module's description.
    """

    def __init__(self, tokenizer: Tokenizer, workers: int,
                 line_budget: float | None = None) -> None:
        self._tokenizer = tokenizer
        self.line_budget = line_budget
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._slots: list[_Slot] = []
        self.abandoned = 0
        first = copy.copy(tokenizer)
        warm_up(first)
        for i in range(workers):
            self._start(first if i == 0 else copy.copy(tokenizer))

    def _start(self, tokenizer: Tokenizer, job: _Job | None = None) -> None:
        slot = _Slot()
        self._slots.append(slot)
        threading.Thread(target=self._run, args=(tokenizer, slot, job), daemon=True,
                         name=f"kow2v-tokenize-{len(self._slots) - 1}").start()

    def _run(self, tokenizer: Tokenizer, slot: _Slot, job: _Job | None) -> None:
        while True:
            if job is None:
                job = self._jobs.get()
                if job is None:
                    return
                if not job.future.set_running_or_notify_cancel():
                    job = None
                    continue
            try:
                if self.line_budget is None:
                    job.future.set_result(tokenize_batch(tokenizer, job.lines))
                elif not self._line_by_line(tokenizer, slot, job):
                    return  # abandoned: the replacement thread finishes the job
            except BaseException as exc:  # handed to the consumer, who re-raises it
                with self._lock:
                    if slot.abandoned:
                        return
                job.future.set_exception(exc)
            job = None

    def _line_by_line(self, tokenizer: Tokenizer, slot: _Slot, job: _Job) -> bool:
        if slot.java_thread is None and getattr(tokenizer, "runs_in_java", False):
            slot.java_thread = current_java_thread()  # the JVM was started by warm_up
        while True:
            with self._lock:
                if slot.abandoned:
                    return False
                if len(job.results) == len(job.lines):
                    slot.job = None
                    break
                line = job.lines[len(job.results)]
                slot.job, slot.started = job, time.monotonic()
            tokens = tokenize_line(tokenizer, line)
            with self._lock:
                if slot.abandoned:
                    return False
                job.results.append(tokens)
        job.future.set_result(job.results)
        return True

    def check(self) -> None:
        """Skip every line that has run over the budget (see the module's description)."""
        if self.line_budget is None:
            return
        now = time.monotonic()
        with self._lock:
            for slot in list(self._slots):
                job = slot.job
                if job is None or slot.abandoned or now - slot.started <= self.line_budget:
                    continue
                slot.abandoned = True
                slot.job = None
                job.results.append(SkippedLine(now - slot.started))
                self.abandoned += 1
                if stop_java_thread(slot.java_thread):
                    log.warning("a line took over %.0f s and was skipped; its Java call was "
                                "stopped (%d so far)", self.line_budget, self.abandoned)
                else:
                    log.warning("a line took over %.0f s and was skipped; its tagger thread "
                                "is left to finish in the background (%d so far)",
                                self.line_budget, self.abandoned)
                self._start(copy.copy(self._tokenizer), job)

    def submit(self, chunk: list[str]) -> Future[Tokens]:
        """Queue ``chunk``; the future holds its tokens."""
        future: Future[Tokens] = Future()
        self._jobs.put(_Job(future, chunk))
        return future

    def result(self, future: Future[Tokens]) -> Tokens:
        """Wait for ``future``, watching the budget meanwhile."""
        while True:
            try:
                return future.result(timeout=0.1 if self.line_budget else None)
            except FutureTimeout:
                self.check()

    def shutdown(self) -> None:
        """Let every thread finish its current chunk and stop, without waiting for it (a
        tagger may never return); queued chunks are cancelled."""
        while True:  # cancel what no thread has started
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job.future.cancel()
        for _ in self._slots:
            self._jobs.put(None)


def in_threads(chunks: Iterator[list[str]], tokenizer: Tokenizer, workers: int,
               line_budget: float | None) -> Iterator[list[str]]:
    """Tokenize ``chunks`` in ``workers`` threads; yield each line's tokens in input order."""
    import collections

    threads = ThreadWorkers(tokenizer, workers, line_budget)
    pending: collections.deque[Future[Tokens]] = collections.deque()
    window = 4 * workers
    try:
        for chunk in chunks:
            pending.append(threads.submit(chunk))
            if len(pending) >= window:
                yield from threads.result(pending.popleft())
        while pending:
            yield from threads.result(pending.popleft())
    finally:  # on an error or an abandoned generator, a stuck thread is left behind (daemon)
        threads.shutdown()
