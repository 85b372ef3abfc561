"""A job's training examples, drawn: subsampling, windows, negatives.

Drawing touches no weights, so with ``workers=1`` it runs ahead of training, in the producer
thread or the producer process (:mod:`~kow2v.fast.producer`); this module imports only NumPy
so that such a process starts quickly. :mod:`~kow2v.fast.training` trains the examples in
batches of about ``batch_pairs`` input rows, sized to stay in cache (see
:meth:`Settings.from_config`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kow2v.config import TrainConfig
from kow2v.fast.huffman import PathTable
from kow2v.fast.input_plan import plan_inputs
from kow2v.fast.jobs import Examples, Job
from kow2v.fast.negatives import AliasSampler
from kow2v.fast.path_plan import plan_paths
from kow2v.fast.rows import RowMap
from kow2v.fast.windows import context_pairs, subsample

#: Input rows per kernel call: large enough to amortise NumPy's per-call cost, small enough
#: for the gathered rows to stay in cache. Skip-gram gathers a (pairs, K+1, D) block of output
#: rows: at 2048 pairs it is 4.9 MB and each pair cost 1.3x what it does at 512-1024 on a host
#: with a 512 KB L2. CBOW gathers one such block per center (about 800 for 8192 context rows),
#: and there fewer, larger calls win: 2048 rows gave 1.27x the words/s of 1024, and 8192
#: trains 110,000 reviews in 1.16 s against 1.53 s at 2048 (mecab tokens: 2.30 against 3.11 s;
#: 16384: 1.23 and 3.25 s): a call's dozen small NumPy steps were a quarter of its time.
SG_BATCH_PAIRS = 1024
CBOW_BATCH_ROWS = 8192


@dataclass(frozen=True)
class Settings:
    """What the engine needs of a :class:`~kow2v.config.TrainConfig`, plus the batch size."""

    sg: bool
    window: int
    negative: int
    cbow_mean: bool
    shrink_windows: bool
    batch_pairs: int
    compute_loss: bool
    input_is_center: bool = False  # skip-gram: fastText's input is the center word
    group_outputs: bool = False  # skip-gram: each center's pairs together (they share a path)

    @classmethod
    def from_config(cls, cfg: TrainConfig, vocab_size: int,
                    input_is_center: bool = False) -> Settings:
        """Settings for ``cfg`` on a vocabulary of ``vocab_size`` words.

        A batch sums stale gradients of repeated rows; with a tiny vocabulary every row
        repeats in every batch and a full-size batch overshoots (measured: skip-gram on a
        16-word corpus diverged), so batches shrink with the vocabulary.
        """
        per_call = SG_BATCH_PAIRS if cfg.sg else CBOW_BATCH_ROWS
        return cls(bool(cfg.sg), cfg.window, cfg.negative, bool(cfg.cbow_mean),
                   cfg.shrink_windows, int(min(per_call, max(32, 2 * vocab_size))),
                   cfg.compute_loss, input_is_center,
                   group_outputs=bool(cfg.hs) and not input_is_center)


@dataclass(frozen=True)
class Tables:
    """The per-word tables a job needs besides the weights (shipped once to each worker)."""

    keep_prob: np.ndarray  # (V,) float32 probability of keeping an occurrence (subsampling)
    noise: AliasSampler  # negative-sampling distribution
    rows: RowMap | None = None  # the input rows each word owns; None: one row per word
    paths: PathTable | None = None  # hierarchical softmax: each word's output rows, labels


def draw_examples(job: Job, tables: Tables, s: Settings,
                  rng: np.random.Generator) -> Examples:
    """Subsample the job, draw its (shrunk) windows and negatives, in a fixed order of draws."""
    noise = tables.noise
    ids, sent = subsample(job.ids, job.sent, tables.keep_prob, rng)
    centers, contexts = context_pairs(sent, s.window, rng, s.shrink_windows)
    if s.sg:
        negatives = noise.draw((len(centers), s.negative), rng)
        if s.input_is_center:  # fastText: each center's pairs together, as gensim trains them,
            # so a batch sums a center's n-gram rows once for all its pairs
            order = np.argsort(centers, kind="stable")
            centers, contexts = contexts[order], centers[order]
        elif s.group_outputs:  # hierarchical softmax: a center's pairs share its path rows
            order = np.argsort(centers, kind="stable")
            centers, contexts = centers[order], contexts[order]
        inputs, outputs = np.take(ids, contexts), np.take(ids, centers)
        # what each batch's kernel call can know without the weights, found here (job by
        # job, off the training thread with one worker): path_plan.py, input_plan.py
        path_plan = (plan_paths(outputs, tables.paths, s.batch_pairs)
                     if s.group_outputs and tables.paths is not None else None)
        input_plan = (plan_inputs(inputs, tables.rows, s.batch_pairs)
                      if tables.rows is not None else None)
        return Examples(inputs, outputs, negatives, None, len(ids), path_plan, input_plan)
    order = np.argsort(centers, kind="stable")  # group each center's contexts together
    centers, contexts = centers[order], contexts[order]
    starts = np.flatnonzero(np.diff(centers, prepend=-1))  # positions are >= 0
    bounds = np.r_[starts, len(centers)].astype(np.int32)
    negatives = noise.draw((len(starts), s.negative), rng)
    return Examples(np.take(ids, contexts), np.take(ids, centers[starts]), negatives, bounds,
                    len(ids))
