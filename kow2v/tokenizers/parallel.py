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
from typing import Any

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
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(tokenizer,))
    try:
        pending: collections.deque[Any] = collections.deque()
        for chunk in _chunks(lines, chunk_size):
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= 4 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
