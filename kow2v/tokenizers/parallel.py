"""Tokenize a stream of lines in several workers, in input order.

Two kinds of worker:

* **processes** (the default): fresh interpreters started by
  :class:`~kow2v.process.WorkerProcess` (never ``fork``: a fork after a JVM tagger has run
  hangs; and never ``multiprocessing``'s ``spawn``, which re-runs the user's main script in
  each child); each receives the pickled tokenizer once and builds its own backend on first
  use, so start-up is paid once per process. A worker that dies is an error at once.
* **threads**, for tokenizers whose class says ``parallel = "threads"`` (the KoNLPy taggers):
  every thread gets its own copy of the tokenizer, so its own tagger object (Komoran's copies
  share one, see :mod:`kow2v.tokenizers.konlpy`), and all share one JVM. Java runs without
  Python's GIL, and one JVM pays its start-up, JIT compilation and heap once instead of once
  per process, which on 2 cores is most of what separates two processes from a 2x speed-up.

Work goes out in chunks and at most a few chunks per worker are in flight, so memory stays
bounded whatever the corpus size. The output is identical for any number and kind of worker.
The threads live in :mod:`~kow2v.tokenizers.thread_workers`, the processes in
:mod:`~kow2v.tokenizers.process_workers`; both can give up a line that runs over a time
budget.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Literal

from kow2v.tokenizers.base import Tokenizer, tokenize_batch

POOLS = ("auto", "processes", "threads")
Pool = Literal["auto", "processes", "threads"]


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(lines)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


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
    pool: Pool = "auto", line_budget: float | None = None,
) -> Iterator[list[str]]:
    """Yield the tokens of each line, in input order.

    Parameters
    ----------
    lines : iterable of str
        The texts, consumed lazily.
    tokenizer : Tokenizer
        Must be picklable when ``workers > 1`` in processes (every kow2v tokenizer is).
    workers : int
        Workers to use; 1 tokenizes in this thread (in one worker thread with a budget).
    chunk_size : int
        Lines sent to a worker at a time.
    pool : {"auto", "processes", "threads"}
        The kind of worker; ``"auto"`` takes threads for tokenizers that declare
        ``parallel = "threads"`` (the KoNLPy taggers) and processes for the rest. Threads
        only pay off for a backend that releases the GIL for most of its work.
    line_budget : float, optional
        Seconds one line may take; a line that takes longer is given up and yields a
        :class:`~kow2v.tokenizers.base.SkippedLine` (an empty token list). Enforced by
        abandoning a worker thread or replacing a worker process
        (:mod:`~kow2v.tokenizers.thread_workers`, :mod:`~kow2v.tokenizers.process_workers`).

    Examples
    --------
    >>> from kow2v.tokenizers.whitespace import WhitespaceTokenizer
    >>> list(tokenize_lines(["가 나", "다"], WhitespaceTokenizer()))
    [['가', '나'], ['다']]
    """
    from kow2v.tokenizers.process_workers import in_processes
    from kow2v.tokenizers.thread_workers import in_threads

    if workers < 1:
        raise ValueError("workers must be at least 1")
    if line_budget is not None and line_budget <= 0:
        raise ValueError("line_budget must be positive (or None for no budget)")
    kind = pool_kind(tokenizer, pool)
    chunks = _chunks(lines, chunk_size)
    if workers == 1 and line_budget is None:
        for chunk in chunks:
            yield from tokenize_batch(tokenizer, chunk)
    elif kind == "threads" or workers == 1:  # a stuck call is abandoned in a thread
        yield from in_threads(chunks, tokenizer, workers, line_budget)
    else:
        yield from in_processes(chunks, tokenizer, workers, line_budget)
