"""Tokenizing on a Dask cluster: one shard per task, written by the client as tasks finish.

The client reads the corpus once, in order, and cuts it into line blocks (:mod:`kow2v.shards`
says why line blocks, and how ``.gz``/``.bz2`` inputs are handled); each block is one task.
The tokenizer is sent to every worker once (``scatter(broadcast=True)``: a fitted soynlp
model travels inside it, fitted on the client), and each worker process builds its backend
on first use and keeps it (a JVM per worker process for the KoNLPy taggers; Dask starts
worker processes with ``spawn``). With a line budget (the JVM taggers' 30 s) each worker
also keeps one tokenizing thread that a stuck line is taken from, as in ``kow2v tokenize``.

Faults: a worker that dies mid-shard loses its tasks to Dask's scheduler, which runs them
again elsewhere (its ``allowed-failures``, 3 by default); the shard is written once, by the
client, from whichever run finished, so the output is the same. A line the tagger fails on
fails its task with :class:`ShardError` naming the shard, the line and the tagger's error;
it is not retried (it would fail again). Finished shards stay recorded, so the same command
run again resumes.

Needs ``pip install 'kow2v[dask]'``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from typing import Any

from kow2v.errors import TokenizerError
from kow2v.line_format import lines_text
from kow2v.shards import Block, ShardSet, run_header
from kow2v.tokenize import TOKENIZER_DEFAULT, TokenizeStats, filter_hint
from kow2v.tokenizers.base import Tokenizer

log = logging.getLogger(__name__)

#: per worker process: the tokenizing thread kept for the current job's budgeted tokenizer
#: (the pool holds the tokenizer, so its id is not reused while it is here)
_THREADS: dict[int, Any] = {}


class ShardError(TokenizerError):
    """A line of a shard failed in the tagger (the message names shard, line and error)."""


def _tokenize_block(tokenizer: Tokenizer, block: Block,
                    line_budget: float | None) -> tuple[str, int, list[list[Any]]]:
    """Run on a worker: the shard's text, its token count and its given-up lines."""
    from kow2v.tokenizers.base import tokenize_batch

    try:
        if line_budget is None:
            tokens = tokenize_batch(tokenizer, block.lines)
        else:
            from kow2v.tokenizers.thread_workers import ThreadWorkers

            pool = _THREADS.get(id(tokenizer))
            if pool is None:  # a new job's tokenizer: the previous job's thread goes
                for old in _THREADS.values():
                    old.shutdown()
                _THREADS.clear()
                pool = _THREADS[id(tokenizer)] = ThreadWorkers(tokenizer, 1, line_budget)
            tokens = list(pool.result(pool.submit(block.lines)))
    except Exception as exc:
        raise _locate(tokenizer, block, exc) from None
    return lines_text(tokens), sum(map(len, tokens)), block.skipped(tokens)


def _locate(tokenizer: Tokenizer, block: Block, exc: Exception) -> ShardError:
    """Which line of the block the tagger fails on (each tried alone), as a ShardError."""
    for k, line in enumerate(block.lines):
        try:
            tokenizer.tokenize(line)
        except Exception as line_exc:
            path, number = block.where[k]
            return ShardError(f"shard {block.index}, line {block.first_line + k + 1} ({path}:"
                              f"{number}): {tokenizer.name} failed: "
                              f"{type(line_exc).__name__}: {line_exc}")
    return ShardError(f"shard {block.index} (lines {block.first_line + 1}-"
                      f"{block.first_line + len(block.lines)}): {tokenizer.name} failed: "
                      f"{type(exc).__name__}: {exc}")


def tokenize_on_dask(
    client: Any,
    lines: Iterable[str],
    tokenizer: Tokenizer,
    root: str | os.PathLike[str],
    shard_lines: int = 20_000,
    line_budget: float | None = TOKENIZER_DEFAULT,
    progress: bool = False,
    model_path: str | os.PathLike[str] | None = None,
) -> TokenizeStats:
    """Tokenize ``lines`` into the shard directory ``root`` on the cluster behind ``client``
    (a ``dask.distributed.Client``); the result equals :func:`kow2v.tokenize.tokenize_to_shards`'s.

    Parameters
    ----------
    client : dask.distributed.Client
    lines : iterable of str
        The corpus (a :class:`~kow2v.corpus.LineCorpus`: its files are hashed for the
        manifest), read here, once.
    tokenizer : Tokenizer
        Ready to use (a soynlp tokenizer already fitted, see :func:`kow2v.tokenize.fit_or_load`).
    shard_lines : int
        Input lines per shard (one task each).
    line_budget, model_path :
        As :func:`kow2v.tokenize.tokenize_to_shards`.

    Returns
    -------
    TokenizeStats
        ``seconds`` from the start to the manifest's completion; ``first_shard_seconds``
        from the start to the first shard written.

    Raises
    ------
    ShardError
        A line failed in the tagger (finished shards are kept: fix and run again).
    """
    from dask.distributed import as_completed

    from kow2v.paths import check_not_input

    source = getattr(lines, "path", None)
    check_not_input(root, [source] if source is not None else [])
    if line_budget == TOKENIZER_DEFAULT:
        line_budget = getattr(tokenizer, "line_budget", None)
    shards = ShardSet(root, run_header(lines, tokenizer, shard_lines, model_path))
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = 2 * workers + 2  # blocks in flight: every worker busy, memory bounded
    start = time.perf_counter()
    remote = client.scatter(tokenizer, broadcast=True, hash=False)
    running = as_completed()
    #: key -> (future, index, first line, lines): this thread's own record (as_completed's is
    #: changed by the client's thread as futures finish)
    submitted: dict[str, tuple[Any, int, int, int]] = {}
    skipped = 0
    first: float | None = None
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(unit=" lines", desc=f"{tokenizer.name} on dask", mininterval=0.5,
                   leave=False)

    def finish_one() -> None:
        nonlocal first, skipped
        future = next(running)
        _, index, first_line, n = submitted.pop(future.key)
        text, tokens, gave_up = future.result()  # a ShardError is raised here
        shards.write(index, first_line, n, text, tokens, gave_up)
        skipped += len(gave_up)
        if first is None:
            first = time.perf_counter() - start
        if bar is not None:
            bar.update(n)

    try:
        for block in shards.pending(lines, shard_lines):
            future = client.submit(_tokenize_block, remote, block, line_budget, pure=False,
                                   key=f"kow2v-shard-{block.index}-{time.time_ns()}")
            submitted[future.key] = (future, block.index, block.first_line, len(block.lines))
            running.add(future)
            while running.count() >= limit:
                finish_one()
        while running.count():
            finish_one()
    except BaseException:
        client.cancel([future for future, *_ in submitted.values()])
        raise
    finally:
        if bar is not None:
            bar.close()
    total_lines, total_tokens = shards.finish(
        explain=lambda: filter_hint(tokenizer, next(iter(lines), None)))
    seconds = time.perf_counter() - start
    log.info("%s on dask (%d workers): %d shards (%d already done), %d lines, %d tokens in "
             "%.1f s; first shard after %.1f s", tokenizer.name, workers, shards.blocks,
             shards.resumed, total_lines, total_tokens, seconds, first or 0.0)
    return TokenizeStats(tokenizer.name, total_lines, total_tokens, shards.chars, seconds,
                         lines_skipped=skipped, first_shard_seconds=first)


def connect(address: str) -> tuple[Any, Any]:
    """A ``Client`` for ``address`` (a scheduler, ``tcp://host:8786``) or, for ``local:N``, a
    new ``LocalCluster`` of N single-threaded worker processes; returns (client, cluster or
    None) — close both when done."""
    from dask.distributed import Client, LocalCluster

    if address.startswith("local:"):
        try:
            n = int(address.split(":", 1)[1])
        except ValueError:
            raise TokenizerError(f"--dask {address}: give local:N with N worker processes, "
                                 "or a scheduler address") from None
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        return Client(cluster), cluster
    return Client(address), None
