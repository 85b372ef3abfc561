"""Tokenize a stream of lines in several workers, in input order.

Two kinds of worker:

* **processes** (the default): fresh interpreters started by
  :class:`~kow2v.process.WorkerProcess` (never ``fork``: a fork after a JVM tagger has run
  hangs; and never ``multiprocessing``'s ``spawn``, which re-runs the user's main script in
  each child); each receives the pickled tokenizer once and builds its own backend on first
  use, so start-up is paid once per process. A worker that dies is an error at once.
* **threads**, for tokenizers whose class says ``parallel = "threads"`` (Okt, Hannanum, Kkma):
  every thread gets its own copy of the tokenizer, so its own tagger object, but all share one
  JVM. Java runs without Python's GIL, and one JVM pays its start-up, JIT compilation and
  heap once instead of once per process, which on 2 cores is most of what separates two
  processes from a 2x speed-up.

Work goes out in chunks and at most a few chunks per worker are in flight, so memory stays
bounded whatever the corpus size. The output is identical for any number and kind of worker.
"""

from __future__ import annotations

import collections
import copy
import itertools
import pickle
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import Any, Literal

from kow2v.errors import TokenizerError
from kow2v.process import WorkerDied, WorkerProcess, wait_readable
from kow2v.process.channel import Channel, ChannelClosed
from kow2v.tokenizers.base import Tokenizer, tokenize_batch

POOLS = ("auto", "processes", "threads")
Pool = Literal["auto", "processes", "threads"]

#: chunks queued per process worker
PROCESS_DEPTH = 4


def _warm_up(tokenizer: Tokenizer) -> None:
    """Start the backend (JVM, dictionary) before the first chunk."""
    tokenizer.tokenize("준비")


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a TokenizerError with its type and message."""
    try:
        return pickle.loads(pickle.dumps(exc))  # type: ignore[no-any-return]
    except Exception:
        return TokenizerError(f"{type(exc).__name__}: {exc}")


def _process_task(channel: Channel, tokenizer: Tokenizer) -> None:
    """A tokenizer worker process: ``(seq, lines)`` in, ``(seq, tokens or error)`` out."""
    _warm_up(tokenizer)
    while True:
        try:
            seq, chunk = channel.recv()
        except ChannelClosed:
            return
        try:
            result: Any = tokenize_batch(tokenizer, chunk)
        except Exception as exc:
            result = _portable(exc)
        channel.send((seq, result))


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(lines)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class ThreadWorkers:
    """A pool of daemon threads, each tokenizing with its own copy of ``tokenizer``.

    Daemon threads, not :class:`~concurrent.futures.ThreadPoolExecutor`, whose threads are
    joined at interpreter exit: a tagger stuck in Java must not keep the program alive.

    Parameters
    ----------
    tokenizer : Tokenizer
        Copied once per thread (``copy.copy``); kow2v's tagger adapters drop their backend
        when copied, so each thread builds its own tagger object. The first copy is started
        in the calling thread, so that a JVM starts once, not in a race between threads.
    workers : int
        Threads to start.
    """

    def __init__(self, tokenizer: Tokenizer, workers: int) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future[list[list[str]]], list[str]] | None] = \
            queue.SimpleQueue()
        copies = [copy.copy(tokenizer) for _ in range(workers)]
        _warm_up(copies[0])
        self._threads = [
            threading.Thread(target=self._run, args=(tok,), daemon=True,
                             name=f"kow2v-tokenize-{i}")
            for i, tok in enumerate(copies)]
        for thread in self._threads:
            thread.start()

    def _run(self, tokenizer: Tokenizer) -> None:
        while (job := self._jobs.get()) is not None:
            future, chunk = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(tokenize_batch(tokenizer, chunk))
            except BaseException as exc:  # handed to the consumer, who re-raises it
                future.set_exception(exc)

    def submit(self, chunk: list[str]) -> Future[list[list[str]]]:
        """Queue ``chunk``; the future holds its tokens."""
        future: Future[list[list[str]]] = Future()
        self._jobs.put((future, chunk))
        return future

    def shutdown(self) -> None:
        """Let every thread finish its current chunk and stop, without waiting for it (a
        tagger may never return); queued chunks are cancelled."""
        while True:  # cancel what no thread has started
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job[0].cancel()
        for _ in self._threads:
            self._jobs.put(None)


def pool_kind(tokenizer: Tokenizer, pool: Pool = "auto") -> Literal["processes", "threads"]:
    """The kind of worker ``tokenize_lines`` uses for ``tokenizer``.

    >>> from kow2v.tokenizers.whitespace import WhitespaceTokenizer
    >>> pool_kind(WhitespaceTokenizer())
    'processes'
    """
    if pool not in POOLS:
        raise ValueError(f"pool must be one of {', '.join(POOLS)}, not {pool!r}")
    if pool == "auto":
        return "threads" if getattr(tokenizer, "parallel", None) == "threads" else "processes"
    return pool


def tokenize_lines(
    lines: Iterable[str], tokenizer: Tokenizer, workers: int = 1, chunk_size: int = 256,
    pool: Pool = "auto",
) -> Iterator[list[str]]:
    """Yield the tokens of each line, in input order.

    Parameters
    ----------
    lines : iterable of str
        The texts, consumed lazily.
    tokenizer : Tokenizer
        Must be picklable when ``workers > 1`` in processes (every kow2v tokenizer is).
    workers : int
        Workers to use; 1 tokenizes in this thread.
    chunk_size : int
        Lines sent to a worker at a time.
    pool : {"auto", "processes", "threads"}
        The kind of worker; ``"auto"`` takes threads for tokenizers that declare
        ``parallel = "threads"`` (Okt, Hannanum, Kkma) and processes for the rest. Threads
        only pay off for a backend that releases the GIL for most of its work.

    Examples
    --------
    >>> from kow2v.tokenizers.whitespace import WhitespaceTokenizer
    >>> list(tokenize_lines(["가 나", "다"], WhitespaceTokenizer()))
    [['가', '나'], ['다']]
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    kind = pool_kind(tokenizer, pool)
    if workers == 1:
        for chunk in _chunks(lines, chunk_size):
            yield from tokenize_batch(tokenizer, chunk)
        return
    if kind == "threads":
        yield from _in_threads(lines, tokenizer, workers, chunk_size)
    else:
        yield from _in_processes(lines, tokenizer, workers, chunk_size)


Submit = Callable[[list[str]], Future[list[list[str]]]]


def _in_order(
    lines: Iterable[str], submit: Submit, window: int, chunk_size: int
) -> Iterator[list[str]]:
    """Submit chunks, keep at most ``window`` in flight, yield their lines in input order."""
    pending: collections.deque[Future[list[list[str]]]] = collections.deque()
    for chunk in _chunks(lines, chunk_size):
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _in_processes(
    lines: Iterable[str], tokenizer: Tokenizer, workers: int, chunk_size: int
) -> Iterator[list[str]]:
    if type(tokenizer).__module__ == "__main__":
        raise TokenizerError(
            f"the tokenizer class {type(tokenizer).__name__} is defined in your main script, so "
            "worker processes cannot import it: define it in a module, or use pool='threads'")
    pool: list[WorkerProcess] = []
    try:
        for i in range(workers):
            pool.append(WorkerProcess(_process_task, (tokenizer,),
                                      name=f"tokenizer worker {i + 1}"))
    except BaseException:
        for worker in pool:
            worker.kill()
        raise
    in_flight: dict[WorkerProcess, collections.deque[int]] = {w: collections.deque()
                                                              for w in pool}
    done: dict[int, list[list[str]]] = {}
    next_out = 0  # the chunk to yield next
    submitted = 0

    def collect(timeout: float | None) -> None:
        for worker in wait_readable([w for w in pool if in_flight[w]], timeout):
            seq, result = worker.recv()
            in_flight[worker].remove(seq)
            if isinstance(result, BaseException):
                raise result
            done[seq] = result

    finished = False
    try:
        for chunk in _chunks(lines, chunk_size):
            worker = min(pool, key=lambda w: len(in_flight[w]))
            while len(in_flight[worker]) >= PROCESS_DEPTH:
                collect(None)
                worker = min(pool, key=lambda w: len(in_flight[w]))
            worker.send((submitted, chunk))
            in_flight[worker].append(submitted)
            submitted += 1
            collect(0.0)
            while next_out in done:
                yield from done.pop(next_out)
                next_out += 1
        while next_out < submitted:
            if next_out not in done:
                collect(None)
                continue
            yield from done.pop(next_out)
            next_out += 1
        finished = True
    except WorkerDied as exc:
        raise TokenizerError(
            f"{exc} before finishing its lines: the tagger crashed its process (out of memory, "
            "or killed); try --workers 1 to see its error") from None
    finally:
        for worker in pool:  # on an error, Ctrl-C or an abandoned generator: kill, never wait
            worker.close() if finished else worker.kill()


def _in_threads(
    lines: Iterable[str], tokenizer: Tokenizer, workers: int, chunk_size: int
) -> Iterator[list[str]]:
    threads = ThreadWorkers(tokenizer, workers)
    try:
        yield from _in_order(lines, threads.submit, 4 * workers, chunk_size)
    finally:  # on an error or an abandoned generator, a stuck thread is left behind (daemon)
        threads.shutdown()
