"""Tokenizer workers as processes (:class:`~kow2v.process.WorkerProcess`), a tagger each.

Chunks go out as ``(seq, offset, lines)`` and come back as ``(seq, offset, tokens)``; at most
:data:`DEPTH` submissions wait per worker. A worker that dies is an error at once.

With a time budget per line, a watchdog thread inside each worker notices a line that has run
over it, reports ``("skipped", seq, line, tokens so far, seconds)`` and ends the process (a
Java call cannot be interrupted, a process can). The parent records the line as skipped,
starts a replacement worker, and sends it the rest of that chunk and everything the dead
worker had queued.
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

from kow2v.errors import TokenizerError
from kow2v.process import WorkerDied, WorkerProcess, portable_error, wait_readable
from kow2v.process.channel import Channel, ChannelClosed
from kow2v.tokenizers.base import SkippedLine, Tokenizer, tokenize_batch, tokenize_line
from kow2v.tokenizers.thread_workers import warm_up

log = logging.getLogger(__name__)

#: submissions queued per worker
DEPTH = 4
_OVER_BUDGET_EXIT = 3


def _task(channel: Channel, tokenizer: Tokenizer, line_budget: float | None) -> None:
    """A worker process: ``(seq, offset, lines)`` in, ``(seq, offset, tokens or error)`` out."""
    warm_up(tokenizer)
    lock = threading.Lock()
    current: dict[str, Any] = {"started": None}
    if line_budget is not None:
        def watch() -> None:
            while True:
                time.sleep(min(0.05, line_budget / 4))
                with lock:
                    started = current["started"]
                    if started is None or time.monotonic() - started <= line_budget:
                        continue
                    channel.send(("skipped", current["seq"], current["line"],
                                  current["done"], time.monotonic() - started))
                    os._exit(_OVER_BUDGET_EXIT)

        threading.Thread(target=watch, daemon=True, name="kow2v-line-budget").start()
    while True:
        try:
            seq, offset, chunk = channel.recv()
        except ChannelClosed:
            return
        try:
            if line_budget is None:
                result: Any = tokenize_batch(tokenizer, chunk)
            else:
                result = []
                for i, line in enumerate(chunk):
                    with lock:
                        current.update(started=time.monotonic(), seq=seq, line=offset + i,
                                       done=result)
                    tokens = tokenize_line(tokenizer, line)
                    with lock:
                        current["started"] = None
                        result.append(tokens)
        except Exception as exc:
            result = portable_error(exc, TokenizerError)
        with lock:
            channel.send((seq, offset, result))


class _Chunk:
    """A chunk's lines and the parts of its result that have come back, by offset."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.parts: dict[int, list[list[str]]] = {}

    def done(self) -> bool:
        return sum(map(len, self.parts.values())) == len(self.lines)

    def tokens(self) -> list[list[str]]:
        return [t for offset in sorted(self.parts) for t in self.parts[offset]]


class ProcessWorkers:
    """``workers`` tagger processes fed in order; see the module's description."""

    def __init__(self, tokenizer: Tokenizer, workers: int,
                 line_budget: float | None = None) -> None:
        if type(tokenizer).__module__ == "__main__":
            raise TokenizerError(
                f"the tokenizer class {type(tokenizer).__name__} is defined in your main "
                "script, so worker processes cannot import it: define it in a module, or use "
                "pool='threads'")
        self.tokenizer, self.line_budget = tokenizer, line_budget
        self.pool: list[WorkerProcess] = []
        self.queued: dict[WorkerProcess, collections.deque[tuple[int, int]]] = {}
        self.chunks: dict[int, _Chunk] = {}
        self.started = 0
        try:
            for _ in range(workers):
                self._start()
        except BaseException:
            self.close(finished=False)
            raise

    def _start(self) -> WorkerProcess:
        self.started += 1
        worker = WorkerProcess(_task, (self.tokenizer, self.line_budget),
                               name=f"tokenizer worker {self.started}")
        self.pool.append(worker)
        self.queued[worker] = collections.deque()
        return worker

    def submit(self, seq: int, lines: list[str], offset: int = 0,
               worker: WorkerProcess | None = None) -> None:
        self.chunks.setdefault(seq, _Chunk(lines if offset == 0 else []))
        worker = worker or min(self.pool, key=lambda w: len(self.queued[w]))
        chunk_lines = self.chunks[seq].lines
        worker.send((seq, offset, chunk_lines[offset:]))
        self.queued[worker].append((seq, offset))

    def full(self) -> bool:
        return all(len(self.queued[w]) >= DEPTH for w in self.pool)

    def collect(self, timeout: float | None) -> list[int]:
        """Take in what has come back; returns the chunks now complete."""
        complete = []
        for worker in wait_readable([w for w in self.pool if self.queued[w]], timeout):
            message = worker.recv()
            if message[0] == "skipped":
                complete += self._replace(worker, *message[1:])
                continue
            seq, offset, result = message
            self.queued[worker].popleft()
            if isinstance(result, BaseException):
                raise result
            chunk = self.chunks[seq]
            chunk.parts[offset] = result
            if chunk.done():
                complete.append(seq)
        return complete

    def _replace(self, worker: WorkerProcess, seq: int, line: int, done: list[list[str]],
                 seconds: float) -> list[int]:
        """A worker gave up a line and exited: keep what it did, resend the rest."""
        log.warning("a line took over %.0f s and was skipped; its worker process was "
                    "replaced", self.line_budget)
        worker.kill()
        self.pool.remove(worker)
        lost = self.queued.pop(worker)
        first_seq, first_offset = lost.popleft()
        chunk = self.chunks[first_seq]
        chunk.parts[first_offset] = done + [SkippedLine(seconds)]
        replacement = self._start()
        if line + 1 < len(chunk.lines):
            self.submit(first_seq, chunk.lines, line + 1, replacement)
        for lost_seq, offset in lost:
            self.submit(lost_seq, self.chunks[lost_seq].lines, offset, replacement)
        return [first_seq] if chunk.done() else []

    def pop(self, seq: int) -> list[list[str]]:
        return self.chunks.pop(seq).tokens()

    def close(self, finished: bool) -> None:
        for worker in self.pool:  # on an error, Ctrl-C or an abandoned run: kill, never wait
            worker.close() if finished else worker.kill()


def in_processes(chunks: Iterator[list[str]], tokenizer: Tokenizer, workers: int,
                 line_budget: float | None) -> Iterator[list[str]]:
    """Tokenize ``chunks`` in ``workers`` processes; yield each line's tokens in input order."""
    procs = ProcessWorkers(tokenizer, workers, line_budget)
    complete: set[int] = set()
    next_out = submitted = 0
    wait = None if line_budget is None else 1.0
    finished = False
    try:
        for chunk in chunks:
            while procs.full():
                complete.update(procs.collect(wait))
            procs.submit(submitted, chunk)
            submitted += 1
            complete.update(procs.collect(0.0))
            while next_out in complete:
                complete.discard(next_out)
                yield from procs.pop(next_out)
                next_out += 1
        while next_out < submitted:
            if next_out not in complete:
                complete.update(procs.collect(wait))
                continue
            complete.discard(next_out)
            yield from procs.pop(next_out)
            next_out += 1
        finished = True
    except WorkerDied as exc:
        raise TokenizerError(
            f"{exc} before finishing its lines: the tagger crashed its process (out of memory, "
            "or killed); try --workers 1 to see its error") from None
    finally:
        procs.close(finished)
