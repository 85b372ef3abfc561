"""Initial weights, drawn exactly as gensim draws them."""

from __future__ import annotations

import numpy as np


def initial_vectors(rows: int, dim: int, seed: int) -> np.ndarray:
    """gensim's ``prep_vectors``: uniform in ``[-1/dim, 1/dim)`` from ``default_rng(seed)``.

    >>> initial_vectors(2, 4, seed=1).shape, float(abs(initial_vectors(2, 4, 1)).max()) < 0.25
    ((2, 4), True)
    """
    vectors = np.random.default_rng(seed).random((rows, dim), dtype=np.float32)
    vectors *= 2.0
    vectors -= 1.0
    vectors /= dim
    return vectors
