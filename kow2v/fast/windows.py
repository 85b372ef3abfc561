"""From encoded sentences to training examples: subsampling and (shrunk) context windows."""

from __future__ import annotations

import numpy as np


def subsample(ids: np.ndarray, sent: np.ndarray, keep_prob: np.ndarray,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Drop each occurrence of word ``w`` with probability ``1 - keep_prob[w]``."""
    keep = rng.random(len(ids)) < keep_prob[ids]  # (n,)
    return ids[keep], sent[keep]


def context_pairs(sent: np.ndarray, window: int, rng: np.random.Generator,
                  shrink_windows: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Positions of every (center, context) pair, sentence boundaries respected.

    As in word2vec and gensim, each center draws ``b`` uniformly in ``[0, window)`` and uses
    the window ``window - b`` (when ``shrink_windows``), so near words count more.

    Parameters
    ----------
    sent : (n,) int array
        Sentence number of each position of the (already subsampled) job.

    Returns
    -------
    centers, contexts : (m,) int arrays of positions
    """
    n = len(sent)
    if shrink_windows:
        reach = window - rng.integers(0, window, size=n)  # (n,) in 1..window
    else:
        reach = np.full(n, window)
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
