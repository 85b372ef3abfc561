"""From encoded sentences to training examples: subsampling and (shrunk) context windows."""

from __future__ import annotations

import numpy as np


def subsample(ids: np.ndarray, sent: np.ndarray, keep_prob: np.ndarray,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Drop each occurrence of word ``w`` with probability ``1 - keep_prob[w]``."""
    keep = rng.random(len(ids)) < keep_prob[ids]  # (n,)
    return ids[keep], sent[keep]


def _reach(n: int, window: int, rng: np.random.Generator, shrink_windows: bool) -> np.ndarray:
    # each center's window: window - b with b uniform in [0, window) (word2vec, gensim)
    if shrink_windows:
        return window - rng.integers(0, window, size=n)  # (n,) in 1..window
    return np.full(n, window)


def context_pairs(sent: np.ndarray, window: int, rng: np.random.Generator,
                  shrink_windows: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Positions of every (center, context) pair, sentence boundaries respected, offset by
    offset: every pair at offset +1, then at -1, then +2, -2 and so on (a batch of pairs
    then spreads over the whole job, as skip-gram with negative sampling wants).

    As in word2vec and gensim, each center draws ``b`` uniformly in ``[0, window)`` and uses
    the window ``window - b`` (when ``shrink_windows``), so near words count more.
    :func:`context_pairs_by_center` makes the same pairs from the same draws, center by center.

    Parameters
    ----------
    sent : (n,) int array
        Sentence number of each position of the (already subsampled) job.

    Returns
    -------
    centers, contexts : (m,) int arrays of positions
    """
    n = len(sent)
    reach = _reach(n, window, rng, shrink_windows)
    centers, contexts = [], []
    for offset in range(1, window + 1):
        left = np.arange(n - offset)  # (n-o,) the left position of each pair at this offset
        same = sent[left] == sent[left + offset]
        fwd = left[same & (reach[left] >= offset)]  # center left, context right
        bwd = left[same & (reach[left + offset] >= offset)]  # center right, context left
        centers += [fwd, bwd + offset]
        contexts += [fwd + offset, bwd]
    if not centers:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(centers), np.concatenate(contexts)


def context_pairs_by_center(sent: np.ndarray, window: int, rng: np.random.Generator,
                            shrink_windows: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """:func:`context_pairs`'s pairs ordered by center, each center's contexts at offsets
    +1, -1, +2, -2, ...: exactly what a stable sort of :func:`context_pairs` by center gives,
    from the same draws, without the sort (CBOW groups a center's contexts, and so do the
    skip-gram models whose pairs share their center's rows).

    A sentence's positions are consecutive (``sent`` never decreases), so each center's
    contexts are the offsets up to its reach on either side, cut at its sentence's ends: one
    (n, window, 2) mask of valid offsets, read row by row.
    """
    n = len(sent)
    reach = _reach(n, window, rng, shrink_windows)
    if n == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    pos = np.arange(n)
    first = np.flatnonzero(np.diff(sent, prepend=sent[0] - 1))  # where each sentence starts
    length = np.diff(np.r_[first, n])
    right = np.minimum(reach, np.repeat(first + length - 1, length) - pos)  # room to the end
    left = np.minimum(reach, pos - np.repeat(first, length))  # room to the start
    offsets = np.arange(1, window + 1)
    valid = np.empty((n, window, 2), dtype=bool)  # [center, o - 1, 0]: +o; [..., 1]: -o
    np.less_equal(offsets, right[:, None], out=valid[:, :, 0])
    np.less_equal(offsets, left[:, None], out=valid[:, :, 1])
    flat = np.flatnonzero(valid)
    centers = flat // (2 * window)
    signed = np.column_stack([offsets, -offsets]).reshape(-1)  # +1, -1, +2, -2, ...
    return centers, centers + signed[flat % (2 * window)]
