"""Tokenize a stream of lines in several processes, in input order.

Workers are started with ``spawn`` (a ``fork`` after a JVM tagger has run hangs, see
BACKENDS.md); each receives the pickled tokenizer once and builds its own backend (its own
JVM for KoNLPy) on first use, so start-up is paid once per process. Work goes out in chunks
and at most a few chunks per worker are in flight, so memory stays bounded whatever the
corpus size. The output is identical for any number of workers.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from kow2v.errors import TokenizerError
from kow2v.tokenizers.base import Tokenizer, tokenize_batch

_worker_tokenizer: Any = None


def _init_worker(tokenizer: Tokenizer) -> None:
    global _worker_tokenizer
    _worker_tokenizer = tokenizer
    tokenizer.tokenize("준비")  # start the backend (JVM, dictionary) before the first chunk


def _work(chunk: list[str]) -> list[list[str]]:
    return tokenize_batch(_worker_tokenizer, chunk)


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(lines)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def tokenize_lines(
    lines: Iterable[str], tokenizer: Tokenizer, workers: int = 1, chunk_size: int = 256
) -> Iterator[list[str]]:
    """Yield the tokens of each line, in input order.

    Parameters
    ----------
    lines : iterable of str
        The texts, consumed lazily.
    tokenizer : Tokenizer
        Must be picklable when ``workers > 1`` (every kow2v tokenizer is).
    workers : int
        Processes to use; 1 tokenizes in this process.
    chunk_size : int
        Lines sent to a worker at a time.

    Examples
    --------
    >>> from kow2v.tokenizers.whitespace import WhitespaceTokenizer
    >>> list(tokenize_lines(["가 나", "다"], WhitespaceTokenizer()))
    [['가', '나'], ['다']]
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if workers == 1:
        for chunk in _chunks(lines, chunk_size):
            yield from tokenize_batch(tokenizer, chunk)
        return
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(tokenizer,))
    finished = False
    try:
        pending: collections.deque[Future[list[list[str]]]] = collections.deque()
        for chunk in _chunks(lines, chunk_size):
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= 4 * workers:
                yield from _result(pending.popleft())
        while pending:
            yield from _result(pending.popleft())
        finished = True
    finally:
        if not finished:  # an error, Ctrl-C or an abandoned generator: don't wait for a tagger
            # that may never return (Hannanum hangs on some inputs); the executor has no
            # public way to stop its workers before Python 3.14
            processes = list((getattr(pool, "_processes", None) or {}).values())
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(timeout=5)
        pool.shutdown(wait=finished, cancel_futures=True)


def _result(future: Future[list[list[str]]]) -> list[list[str]]:
    try:
        return future.result()
    except BrokenProcessPool:
        raise TokenizerError(
            "a tokenizer worker process died before finishing its lines. Workers are started "
            "with 'spawn', which re-imports your main script: in a script, call kow2v under "
            "`if __name__ == \"__main__\":`. Otherwise the tagger crashed its process (e.g. "
            "out of memory); try --workers 1 to see its error."
        ) from None
