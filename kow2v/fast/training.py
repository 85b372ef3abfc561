"""Drawn examples trained in batches of about ``Settings.batch_pairs`` input rows each (a batch
crowded with one word in pieces, :mod:`~kow2v.fast.crowding`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from kow2v.fast.crowding import CBOW_CROWDED, SG_CROWDED
from kow2v.fast.examples import Examples, Settings, Tables, draw_examples
from kow2v.fast.huffman import PathTable
from kow2v.fast.input_plan import InputBatch
from kow2v.fast.jobs import Job
from kow2v.fast.kernels import cbow_step, sg_step
from kow2v.fast.labels import Labels, SharedNegatives
from kow2v.fast.path_plan import BatchPlan
from kow2v.fast.rows import RowMap


def train_examples(syn0: np.ndarray, syn1: np.ndarray, ex: Examples, alpha: float,
                   s: Settings, rows: RowMap | None = None,
                   paths: PathTable | None = None) -> tuple[float, int, int]:
    """Train on drawn examples, ``s.batch_pairs`` input rows per kernel call.

    Returns
    -------
    loss : float
        Summed loss of the examples (0.0 unless ``compute_loss``).
    words : int
        Words left after subsampling (what gensim counts as effective words).
    examples : int
        Examples trained: (context, center) pairs for skip-gram, centers for CBOW.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # divergence raises FloatingPointError
        return _train_examples(syn0, syn1, ex, np.float32(alpha), s, rows, paths)


def _train_examples(syn0: np.ndarray, syn1: np.ndarray, ex: Examples, a: np.float32,
                    s: Settings, rows: RowMap | None,
                    paths: PathTable | None) -> tuple[float, int, int]:
    loss = 0.0
    n = len(ex.outputs)
    sg = ex.bounds is None
    for plan in (ex.path_plan, ex.input_plan):  # each made only where it applies
        if plan is not None and plan.batch != s.per_call:
            raise ValueError(f"examples planned in calls of {plan.batch}, trained in "
                             f"{s.per_call}")
    for lo, hi, i in _calls(n, s.per_call, ex.crowded, SG_CROWDED if sg else CBOW_CROWDED):
        input_plan = _part_for_call(ex.input_plan, i)
        if sg:
            loss += _sg_call(syn0, syn1, ex, lo, hi, a, s, rows, paths,
                             _part_for_call(ex.path_plan, i), input_plan)
        else:
            loss += _cbow_call(syn0, syn1, ex, lo, hi, a, s, rows, paths, input_plan)
    return loss, ex.words, n


def _part_for_call(plan: Any, i: int | None) -> Any:
    """Call ``i``'s part of a job's plan (``plan.batch_plan(i)``); None without a plan, or for a
    crowded call's pieces (``i`` None), which plan themselves."""
    return None if plan is None or i is None else plan.batch_plan(i)


def _calls(n: int, per_call: int, crowded: tuple[int, ...],
           piece: int) -> Iterator[tuple[int, int, int | None]]:
    """``(lo, hi, i)`` of each kernel call over ``n`` examples: call ``i`` of ``per_call``
    examples, or, where it is crowded, its pieces of ``piece`` examples (``i`` None: the
    kernel plans a piece itself)."""
    for i, lo in enumerate(range(0, n, per_call)):
        hi = min(lo + per_call, n)
        if i in crowded:
            for start in range(lo, hi, piece):
                yield start, min(start + piece, hi), None
        else:
            yield lo, hi, i


def _sg_call(syn0: np.ndarray, syn1: np.ndarray, ex: Examples, lo: int, hi: int,
             a: np.float32, s: Settings, rows: RowMap | None, paths: PathTable | None,
             path_plan: BatchPlan | None = None, input_plan: InputBatch | None = None) -> float:
    targets = ex.targets[lo:hi]
    return sg_step(syn0, syn1, ex.inputs[lo:hi], targets[:, 0], targets[:, 1:], a,
                   s.compute_loss, rows, paths, path_plan, input_plan,
                   _labels(ex, lo, hi, s))


def _labels(ex: Examples, lo: int, hi: int, s: Settings) -> Labels | SharedNegatives:
    """Examples ``lo:hi``'s negative-sampling labels: their own targets and signs, or the
    pools of the groups of the call they belong to (a crowded call's pieces take the pools of
    the groups they span)."""
    if ex.pools is None:
        return ex.targets[lo:hi], ex.signs[lo:hi]
    call, offset = divmod(lo, s.per_call)
    first, start = divmod(offset, s.pool_group)
    last = (hi - 1 - call * s.per_call) // s.pool_group
    return SharedNegatives(ex.pools[call, first:last + 1],
                           np.float32(s.negative / s.shared_negatives), s.pool_group, start)


def _cbow_call(syn0: np.ndarray, syn1: np.ndarray, ex: Examples, lo: int, hi: int,
               a: np.float32, s: Settings, rows: RowMap | None,
               paths: PathTable | None, input_plan: InputBatch | None = None) -> float:
    assert ex.bounds is not None
    first, last = ex.bounds[lo], ex.bounds[hi]
    targets = ex.targets[lo:hi]
    return cbow_step(syn0, syn1, ex.inputs[first:last], ex.bounds[lo:hi + 1] - first,
                     targets[:, 0], targets[:, 1:], a, s.cbow_mean, s.compute_loss, rows,
                     paths, _labels(ex, lo, hi, s),
                     ex.weights[first:last] if ex.weights is not None else None,
                     input_plan)


def train_job(syn0: np.ndarray, syn1: np.ndarray, job: Job, tables: Tables, alpha: float,
              s: Settings, rng: np.random.Generator) -> tuple[float, int, int]:
    """Draw a job's examples and train on them (see :func:`train_examples` for the result)."""
    return train_examples(syn0, syn1, draw_examples(job, tables, s, rng), alpha, s,
                          tables.rows, tables.paths)
