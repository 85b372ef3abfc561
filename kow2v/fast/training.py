"""Drawn examples trained in batches of about ``Settings.batch_pairs`` input rows each."""

from __future__ import annotations

import numpy as np

from kow2v.fast.examples import Examples, Settings, Tables, draw_examples
from kow2v.fast.huffman import PathTable
from kow2v.fast.jobs import Job
from kow2v.fast.kernels import cbow_step, sg_step
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
    B = s.batch_pairs
    n = len(ex.outputs)
    if ex.bounds is None:
        path_plan, input_plan = ex.path_plan, ex.input_plan  # each made only where it applies
        for plan in (path_plan, input_plan):
            if plan is not None and plan.batch != B:
                raise ValueError(f"examples planned in batches of {plan.batch}, trained in {B}")
        for i, lo in enumerate(range(0, n, B)):
            targets = ex.targets[lo:lo + B]
            loss += sg_step(syn0, syn1, ex.inputs[lo:lo + B], targets[:, 0], targets[:, 1:], a,
                            s.compute_loss, rows, paths,
                            path_plan.batch_plan(i) if path_plan is not None else None,
                            input_plan.batch_plan(i) if input_plan is not None else None,
                            (targets, ex.signs[lo:lo + B]))
        return loss, ex.words, n
    per_batch = max(1, B // (2 * s.window))  # centers per batch: about B context rows
    for lo in range(0, n, per_batch):
        hi = min(lo + per_batch, n)
        first, last = ex.bounds[lo], ex.bounds[hi]
        targets = ex.targets[lo:hi]
        loss += cbow_step(syn0, syn1, ex.inputs[first:last], ex.bounds[lo:hi + 1] - first,
                          targets[:, 0], targets[:, 1:], a, s.cbow_mean, s.compute_loss, rows,
                          paths, (targets, ex.signs[lo:hi]),
                          ex.weights[first:last] if ex.weights is not None else None)
    return loss, ex.words, n


def train_job(syn0: np.ndarray, syn1: np.ndarray, job: Job, tables: Tables, alpha: float,
              s: Settings, rng: np.random.Generator) -> tuple[float, int, int]:
    """Draw a job's examples and train on them (see :func:`train_examples` for the result)."""
    return train_examples(syn0, syn1, draw_examples(job, tables, s, rng), alpha, s,
                          tables.rows, tables.paths)
