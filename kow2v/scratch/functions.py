"""The book's activation and loss functions (DLfS2 ``common/functions.py``), numerically safe."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def add_all(arrays: Iterable[np.ndarray]) -> np.ndarray:
    """The sum of the arrays (the builtin ``sum`` starts from the integer 0)."""
    it = iter(arrays)
    total = next(it)
    for a in it:
        total = total + a
    return total


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, computed without overflow for large ``|x|``."""
    return np.exp(-np.logaddexp(0, -x)).astype(np.result_type(x, np.float32))


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis (1-D or 2-D input), shifted by the max for stability."""
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy_error(y: np.ndarray, t: np.ndarray) -> float:
    """Mean cross-entropy of probabilities ``y`` (N, C) against labels or one-hot ``t``."""
    if y.ndim == 1:
        y, t = y.reshape(1, -1), np.asarray(t).reshape(1, -1)
    if t.size == y.size:  # one-hot -> label ids
        t = t.argmax(axis=1)
    n = y.shape[0]
    return float(-np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n)
