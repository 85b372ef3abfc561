"""What a kernel call needs besides the weights and can have made for it beforehand: the rows
and labels of the negative-sampling head, and CBOW's context weights.

None of these depends on the weights, so they are made with the examples
(:func:`~kow2v.fast.examples.draw_examples`), for a whole job in a few NumPy calls, by whoever
draws them: with one worker the producer thread or process, off the training thread. A kernel
called without them makes them itself, the same arrays (:mod:`~kow2v.fast.kernels`).

Measured on the whole benchmark corpus tokenized by mecab (AMD EPYC, 2 MiB L2 a core, 32 MiB
L3): 150 jobs captured from a 1-worker run and replayed, CBOW 843 ns a center made in the
kernel against 738 given, skip-gram 575 ns a pair against 522 (with the cached offsets and
ones of :mod:`~kow2v.fast.scatter`), the same vectors to the bit; whole 1-epoch runs, 1 worker,
alternated with the code before (medians of 8 and of 4): CBOW 11.9 s against 10.25 s,
skip-gram 47.3 s against 44.75 s. The signs are int8: as float32 (52 bytes a skip-gram pair
on the pipe from the producer process, 28 before) skip-gram on whitespace tokens lost 3%
(15.15-18.66 s against 14.62-17.87, three runs each); as int8 (34 bytes) it gained 3% (12.24-13.14
against 13.17-13.41), and the replayed kernels take the same time with either.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from kow2v.fast.rows import RowMap

#: negative sampling's ``(targets, signs)`` for a batch, as :func:`negative_labels` makes them
Labels = tuple[np.ndarray, np.ndarray]


class SharedNegatives(NamedTuple):
    """The negatives shared by one kernel call's examples (``shared_negatives``): skip-gram's
    pairs or CBOW's centers, in groups of ``group`` consecutive examples, each group with its
    own pool.

    Every example is scored against every word of its group's pool, drawn from the noise
    distribution for the group, and each of those negatives counts ``weight`` (the model's
    ``negative`` over the pool's size) in the example's loss, so that its expected negative
    gradient is word2vec's; a pool word equal to the example's true word is skipped, as
    word2vec skips such a negative. The call's first example is example ``start`` of the first
    group (a crowded call's pieces start inside a group); the last group may be cut short.
    """

    pools: np.ndarray  # (n, P) int32 output rows: the pools of the groups the examples span
    weight: np.float32  # negative / P
    group: int  # examples a pool is shared by
    start: int = 0  # where the first example falls in the first group


def negative_labels(outputs: np.ndarray, negatives: np.ndarray) -> Labels:
    """The output rows of negative sampling and their labels, one row per example.

    Parameters
    ----------
    outputs : (E,) int32
        Each example's true output word.
    negatives : (E, K) int32
        Its negatives.

    Returns
    -------
    targets : (E, K+1) int32
        The true word, then the negatives.
    signs : (E, K+1) int8
        +1 for the true word (label 1), -1 for a negative (label 0), 0 for a negative equal to
        the true word, which word2vec skips: its gradient is then 0.

    Examples
    --------
    >>> targets, signs = negative_labels(np.array([3, 1], np.int32),
    ...                                  np.array([[2, 3], [0, 4]], np.int32))
    >>> targets.tolist(), signs.tolist()
    ([[3, 2, 3], [1, 0, 4]], [[1, -1, 0], [1, -1, -1]])
    """
    E, K = negatives.shape
    targets = np.empty((E, K + 1), dtype=np.int32)
    targets[:, 0] = outputs
    targets[:, 1:] = negatives
    signs = np.empty((E, K + 1), dtype=np.int8)  # 1 byte: examples cross a pipe
    signs[:, 0] = 1
    # -1 where the negative differs from the true word, 0 where it is the true word: one
    # comparison negated in place (475 us for 37,000 pairs, against 581 us for a masked
    # assignment over an array of -1 after a concatenation, medians of 7)
    np.negative(np.not_equal(negatives, outputs[:, None]).view(np.int8), out=signs[:, 1:])
    return targets, signs


def context_counts(contexts: np.ndarray, indptr: np.ndarray, rows: RowMap | None) -> np.ndarray:
    """CBOW: how many input rows each center's hidden vector sums, (C,) float32, for context
    words ``contexts`` (P,) grouped by ``indptr`` (C+1,), each word owning its rows in ``rows``
    (None: one row each)."""
    if rows is None:
        return np.diff(indptr).astype(np.float32)
    per_context = rows.indptr[contexts + 1] - rows.indptr[contexts]  # (P,), not a pass over V
    return np.add.reduceat(per_context, indptr[:-1]).astype(np.float32)


def cbow_weights(contexts: np.ndarray, indptr: np.ndarray, rows: RowMap | None) -> np.ndarray:
    """CBOW with ``cbow_mean``: each context's weight in its center's mean, ``1 / count`` of its
    center (:func:`context_counts`) repeated over the center's contexts, (P,) float32."""
    counts = context_counts(contexts, indptr, rows)
    return np.repeat(np.float32(1.0) / counts, np.diff(indptr)).astype(np.float32, copy=False)
