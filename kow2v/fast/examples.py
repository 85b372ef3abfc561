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
from kow2v.fast.crowding import CBOW_CROWDED, SG_CROWDED, crowded_calls
from kow2v.fast.host_cpu import cpu_vendor, l2_bytes
from kow2v.fast.huffman import PathTable
from kow2v.fast.input_plan import plan_inputs
from kow2v.fast.jobs import Examples, Job
from kow2v.fast.labels import cbow_weights, negative_labels
from kow2v.fast.negatives import NoiseTable
from kow2v.fast.path_plan import plan_paths
from kow2v.fast.rows import RowMap
from kow2v.fast.windows import context_pairs, context_pairs_by_center, subsample

#: Input rows per kernel call: large enough to amortise NumPy's per-call cost, small enough
#: for the gathered rows to stay in cache. The sizes below were chosen on two AMD hosts; on an
#: Intel one negative sampling's skip-gram takes :data:`INTEL_SG_BATCH_PAIRS` and word2vec's
#: CBOW :data:`INTEL_CBOW_BATCH_ROWS` (:meth:`Settings.from_config`). With one worker a size depends
#: on nothing but the CPU's vendor, so a seed gives the same vectors every time on one machine
#: (:mod:`~kow2v.fast.host_cpu`). Skip-gram with negative sampling gathers a (pairs, K+1, D)
#: block of output rows (1.2 MB at 512 pairs) and writes the same rows back. On a host with
#: 1 MB of L2 per core and a 32 MB L3, 256, 512, 1024 and 2048 pairs took 0.81, 0.74, 0.74 and
#: 0.75 s for the same 40 jobs. On one with 512 KB of L2 and an 8 MB L3, 60 jobs of the whole
#: benchmark corpus replayed in 3.8 s at 256, 3.9-4.2 s at 512 and 5.0-5.2 s at 1024
#: (interleaved in one process; 128: 4.2 s), and whole runs (1 worker, 1 epoch, medians of 3)
#: took 40.3 s at 256, 40.1 s at 512 and 45.1 s at 1024. FastText's skip-gram took the same
#: at 256 and 1024.
SG_BATCH_PAIRS = 512
#: With several workers, two kernels share the L3 and the memory bandwidth, and the best size
#: follows the cache: 60 captured jobs replayed as two halves in two processes at once took
#: 2.86 s at 256 pairs against 3.74 s at 512 and 3.35 s at 128 on the host with 512 KB of L2
#: a core (medians of 3), where on the one with 1 MB 120 jobs of the mecab-tokenized corpus
#: took 1.36, 1.40 and 1.46 s at 512 against 1.51, 2.53 and 1.59 s at 256 (medians of 9, 5
#: and 7 in three runs, 2026-12-06; whitespace tokens 1.56 against 1.57 s), and whole 2-worker
#: runs of that corpus gave 605-762k words/s against 675-694k (3 alternated pairs). Several
#: workers never give the same vectors twice anyway (Hogwild), so the size may depend on the
#: host: :func:`sg_workers_batch_pairs` takes the power of two nearest to the pairs whose
#: gathered output rows fill the L2 (256 for 512 KB, 512 for 1 MB, at 100 dimensions and 5
#: negatives), between these two bounds, and this size where the L2 is unknown.
SG_WORKERS_BATCH_PAIRS = 256
SG_WORKERS_BATCH_BOUNDS = (128, 512)
#: Skip-gram with hierarchical softmax gathers each block's path rows once (path_plan.py), not
#: a block per pair, and more pairs per call share more paths: 80 jobs replayed in 7.9-8.2 s
#: at 256 pairs, 6.5-7.2 s at 512 and 6.2-6.8 s at 1024, 2048 and 4096 alike.
SG_PATH_BATCH_PAIRS = 1024
#: CBOW gathers one (K+1, D) block per center (about 400 for 4096 context rows), and there
#: fewer, larger calls win up to a point: whole runs (1 worker, 1 epoch) took 11.4-12.5 s at
#: 4096 rows, 12.2-12.8 s at 2048 and 13.0-14.4 s at 8192 on the small-cache host, where on the
#: large-cache one 8192 had trained 110,000 reviews in 1.16 s against 1.53 s at 2048.
#: FastText's CBOW took the same at 4096 and 8192 (300,000 reviews, medians of 3: 34.7, 34.4 s).
CBOW_BATCH_ROWS = 4096
#: With hierarchical softmax a center gathers its whole padded path, (L, D) with L about 20
#: (1.6 MB for the ~200 centers of 2048 rows), and the smaller block wins: 80 jobs of the whole
#: benchmark corpus replayed (interleaved, medians of 3) in 2.46 s at 1024 rows, 2.20-2.23 s
#: at 1536 and 2048, 2.40 s at 3072, 2.98 s at 4096 and 3.22 s at 8192 (small-cache host).
CBOW_PATH_BATCH_ROWS = 2048
#: On an Intel host (a Xeon guest, family 6 model 167, 2 MB of L2 a core; 2026-12-07) smaller
#: calls were never clearly slower where word2vec gathers output rows per example, and much
#: faster while the host ran slow. Whole 1-epoch runs, 1 worker, alternated fresh processes,
#: ``train()`` s. In a slow period (03:50-04:20 UTC, 512 pairs running at the speed of the grid
#: of the night before): skip-gram on the mecab-tokenized benchmark corpus 32.8 at 128 pairs,
#: 37.4 at 256, 44.7 at 512 (medians of 3); on its whitespace tokens 15.9 at 128 against 20.6
#: at 512; two workers, the first 300,000 mecab reviews, 9.2-9.8 at 128, 10.3-10.6 at 256,
#: 10.9-11.3 at 512. Half an hour later every size ran faster and 128 and 512 came out alike:
#: mecab 38.5 and 41.0 s at 128 against 37.4 and 38.8 at 512; 300,000 reviews 14.8-16.1
#: against 14.8-16.5 (four runs each); whitespace 14.1 and 14.9 against 14.6 and 15.5.
#: Replayed step by step in the slow period, 128 pairs cut the output update from 202 to 129
#: ns a pair (the rows just gathered are still in cache when they are written back) and the
#: output gather from 193 to 161; 64 pairs was slower (16.4-16.7 s against 13.3-14.8 on
#: 300,000 reviews), 192 the same as 128. The hosts' sysfs sizes do not tell them apart (the
#: Intel guest reports the largest L2), so the vendor does.
INTEL_SG_BATCH_PAIRS = 128
#: CBOW on the same Intel host, slow period: 10.2 s at 2,048 context rows against 11.5 at
#: 4,096 (mecab tokens, medians of 3), 5.7 against 6.6 (whitespace); 1,024 the same as 2,048;
#: later, mecab 10.6 and 10.0 s against 11.2 and 10.0; two workers alike (whitespace 3.38-3.87
#: s against 3.33-3.66, mecab 6.33-6.64 against 6.68-6.96). FastText's CBOW keeps 4,096 rows
#: there: it sums each distinct context word's rows once per call and took 14.2-14.5 s at
#: 2,048 against 12.2-12.5 at 4,096. FastText's skip-gram takes the 128 pairs above: the same
#: as 512 in the fast period (300,000 mecab reviews, two runs each), and faster later (the whole
#: corpus, 1 epoch, 2026-12-07 08:10-08:29, alternated): mecab tokens, 1 worker, 48.3 and 48.5 s
#: against 50.9-55.3 at 512 (six runs); 2 workers 30.6-32.3 against 32.3-32.7 (three each,
#: 256: 33.0-33.4); whitespace, 1 worker, 33.2 and 33.3 against 33.9 and 34.3, 2 workers
#: 19.1-19.6 against 19.3-20.1.
INTEL_CBOW_BATCH_ROWS = 2048
#: Skip-gram with ``shared_negatives``: a call's pairs are scored against their pools by dense
#: products, whose cost a larger call amortises, while more pairs a pool cost quality.
SHARED_SG_BATCH_PAIRS = 256
#: With ``shared_negatives``, the most examples that share one pool: a call's examples are cut
#: into this many or fewer, each group with its own pool, scored by one batched product. The
#: whole benchmark corpus in mecab tokens, skip-gram, 1 worker, 1 epoch, 24 words a pool (top-10
#: agreement with gensim against its seed-to-seed floor 0.680; the exact kernel 0.678, 28.3-29.5
#: s): one pool for 256 pairs 0.654 in 22.1-22.4 s, two of 128 pairs 0.679 in 22.7 s.
SHARED_POOL_EXAMPLES = 128


def sg_workers_batch_pairs(negative: int, vector_size: int, l2: int | None) -> int:
    """Skip-gram pairs per kernel call with negative sampling and several workers.

    Parameters
    ----------
    negative, vector_size : int
        Each pair gathers ``negative + 1`` output rows of ``vector_size`` float32 numbers.
    l2 : int or None
        The L2 cache of a core in bytes (:func:`~kow2v.fast.host_cpu.l2_bytes`).

    Returns
    -------
    int
        The power of two nearest (in ratio) to the pairs whose gathered rows fill ``l2``,
        within :data:`SG_WORKERS_BATCH_BOUNDS`; :data:`SG_WORKERS_BATCH_PAIRS` if ``l2`` is
        unknown.

    Examples
    --------
    >>> sg_workers_batch_pairs(5, 100, 512 * 1024), sg_workers_batch_pairs(5, 100, 1 << 20)
    (256, 512)
    """
    if not l2:
        return SG_WORKERS_BATCH_PAIRS
    pairs = l2 / ((negative + 1) * vector_size * 4)
    low, high = SG_WORKERS_BATCH_BOUNDS
    return int(min(max(2 ** round(np.log2(pairs)), low), high))


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
    shared_negatives: int = 0  # words a pool, shared by a group of examples (0: each its own)

    @property
    def cbow_centers(self) -> int:
        """CBOW: centers per kernel call, about ``batch_pairs`` context rows."""
        return max(1, self.batch_pairs // (2 * self.window))

    @property
    def per_call(self) -> int:
        """Examples per kernel call: skip-gram's pairs, or CBOW's centers."""
        return self.batch_pairs if self.sg else self.cbow_centers

    @property
    def pool_group(self) -> int:
        """With ``shared_negatives``: the examples that share a pool, a call cut into equal
        groups of at most :data:`SHARED_POOL_EXAMPLES` (the last one may be shorter)."""
        groups = -(-self.per_call // SHARED_POOL_EXAMPLES)
        return -(-self.per_call // groups)

    @classmethod
    def from_config(cls, cfg: TrainConfig, vocab_size: int,
                    input_is_center: bool = False) -> Settings:
        """Settings for ``cfg`` on a vocabulary of ``vocab_size`` words.

        A batch sums stale gradients of repeated rows; with a tiny vocabulary every row
        repeats in every batch and a full-size batch overshoots (measured: skip-gram on a
        16-word corpus diverged), so batches shrink with the vocabulary. Skip-gram with
        negative sampling and several workers takes :func:`sg_workers_batch_pairs`, except
        on an Intel CPU, where skip-gram's negative sampling and word2vec's CBOW take the
        Intel sizes.
        """
        group_outputs = bool(cfg.hs) and not input_is_center
        intel = cpu_vendor() == "GenuineIntel"
        if cfg.sg and group_outputs:
            per_call = SG_PATH_BATCH_PAIRS
        elif cfg.sg and cfg.shared_negatives:
            per_call = SHARED_SG_BATCH_PAIRS
        elif cfg.sg and intel:
            per_call = INTEL_SG_BATCH_PAIRS
        elif cfg.sg and cfg.workers > 1:
            per_call = sg_workers_batch_pairs(cfg.negative, cfg.vector_size, l2_bytes())
        elif cfg.sg:
            per_call = SG_BATCH_PAIRS
        elif cfg.hs:
            per_call = CBOW_PATH_BATCH_ROWS
        else:
            per_call = INTEL_CBOW_BATCH_ROWS if intel and not input_is_center else \
                CBOW_BATCH_ROWS
        return cls(bool(cfg.sg), cfg.window, cfg.negative, bool(cfg.cbow_mean),
                   cfg.shrink_windows, int(min(per_call, max(32, 2 * vocab_size))),
                   cfg.compute_loss, input_is_center,
                   group_outputs=group_outputs,
                   shared_negatives=cfg.shared_negatives)


@dataclass(frozen=True)
class Tables:
    """The per-word tables a job needs besides the weights (shipped once to each worker)."""

    keep_prob: np.ndarray  # (V,) float32 probability of keeping an occurrence (subsampling)
    noise: NoiseTable | None  # negative-sampling distribution; None without negatives
    rows: RowMap | None = None  # the input rows each word owns; None: one row per word
    paths: PathTable | None = None  # hierarchical softmax: each word's output rows, labels


def draw_examples(job: Job, tables: Tables, s: Settings,
                  rng: np.random.Generator) -> Examples:
    """Subsample the job, draw its (shrunk) windows and negatives, in a fixed order of draws."""
    ids, sent = subsample(job.ids, job.sent, tables.keep_prob, rng)
    # each center's pairs together: CBOW sums them; fastText's skip-gram sums a center's
    # n-gram rows once for all its pairs, as gensim trains them; with hierarchical softmax a
    # center's pairs share its path rows. Else offset by offset (pairs spread over the job)
    by_center = not s.sg or s.input_is_center or s.group_outputs
    centers, contexts = (context_pairs_by_center if by_center else context_pairs)(
        sent, s.window, rng, s.shrink_windows)
    own = 0 if s.shared_negatives else s.negative  # each example's negatives
    if s.sg:
        pools = _pools(tables.noise, len(centers), s, rng)
        negatives = _negatives(tables.noise, len(centers), own, rng)
        if s.input_is_center:  # fastText: the center is the input
            centers, contexts = contexts, centers
        inputs, outputs = np.take(ids, contexts), np.take(ids, centers)
        # what each batch's kernel call can know without the weights, found here (job by
        # job, off the training thread with one worker): path_plan.py, input_plan.py
        path_plan = (plan_paths(outputs, tables.paths, s.batch_pairs)
                     if s.group_outputs and tables.paths is not None else None)
        input_plan = (plan_inputs(inputs, tables.rows, s.batch_pairs)
                      if tables.rows is not None else None)
        return Examples(inputs, *negative_labels(outputs, negatives), None, len(ids),
                        path_plan=path_plan, input_plan=input_plan,
                        crowded=crowded_calls(inputs, s.per_call, SG_CROWDED), pools=pools)
    starts = np.flatnonzero(np.diff(centers, prepend=-1))  # positions are >= 0
    bounds = np.r_[starts, len(centers)].astype(np.int32)
    pools = _pools(tables.noise, len(starts), s, rng)
    negatives = _negatives(tables.noise, len(starts), own, rng)
    inputs, outputs = np.take(ids, contexts), np.take(ids, centers[starts])
    # a subword model: each call's distinct context words and their rows, as for skip-gram
    input_plan = (plan_inputs(inputs, tables.rows, s.cbow_centers,
                              cuts=np.append(bounds[:-1:s.cbow_centers], bounds[-1]))
                  if tables.rows is not None else None)
    return Examples(inputs, *negative_labels(outputs, negatives), bounds, len(ids),
                    cbow_weights(inputs, bounds, tables.rows) if s.cbow_mean else None,
                    input_plan=input_plan,
                    crowded=crowded_calls(outputs, s.per_call, CBOW_CROWDED), pools=pools)


def _pools(noise: NoiseTable | None, n: int, s: Settings,
           rng: np.random.Generator) -> np.ndarray | None:
    """With ``shared_negatives``, (calls, groups, P) int32: a pool of negatives for each group of
    ``s.pool_group`` examples of each kernel call of ``s.per_call`` of the ``n`` examples;
    else None."""
    if not s.shared_negatives:
        return None
    calls, groups = -(-n // s.per_call), -(-s.per_call // s.pool_group)
    return _negatives(noise, calls * groups, s.shared_negatives, rng).reshape(
        calls, groups, s.shared_negatives)


def _negatives(noise: NoiseTable | None, n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """(n, k) int32 negatives from ``noise``; with k = 0 (hierarchical softmax alone) none,
    without a table and without random numbers (as :meth:`NoiseTable.draw` of nothing)."""
    if k == 0:
        return np.empty((n, 0), dtype=np.int32)
    assert noise is not None, "negative sampling without a noise table"
    return noise.draw((n, k), rng)
