"""95% bootstrap intervals: resample the test items with replacement, recompute the score.

Every interval here is the 2.5th and 97.5th percentile of ``resamples`` scores from a seeded
generator, so the same inputs give the same interval. Two results whose intervals overlap
are *within noise* of each other (:func:`within_noise`): a conservative reading, which is the
point when the report says which tokenizer is better.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

Interval = tuple[float, float]
RESAMPLES = 1000


def _percentiles(scores: np.ndarray) -> Interval:
    if np.isnan(scores).all():
        return float("nan"), float("nan")
    lo, hi = np.nanpercentile(scores, [2.5, 97.5])
    return float(lo), float(hi)


def mean_interval(values: np.ndarray, resamples: int = RESAMPLES, seed: int = 0) -> Interval:
    """Interval of the mean of ``values`` (an accuracy: ``values`` are 0/1 per item).

    >>> lo, hi = mean_interval(np.array([1] * 80 + [0] * 20))
    >>> round(lo, 2) <= 0.8 <= round(hi, 2), hi - lo < 0.2
    (True, True)
    """
    values = np.asarray(values, dtype=np.float64)
    if len(values) == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    scores = np.empty(resamples)
    for lo in range(0, resamples, 100):  # 100 resamples at a time bound the memory
        n = min(100, resamples - lo)
        picks = rng.integers(0, len(values), size=(n, len(values)))
        scores[lo:lo + n] = values[picks].mean(axis=1)
    return _percentiles(scores)


def statistic_interval(n: int, statistic: Callable[[np.ndarray], float],
                       resamples: int = RESAMPLES, seed: int = 0) -> Interval:
    """Interval of ``statistic(indices)`` over ``resamples`` resamplings of ``range(n)``."""
    if n == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    with warnings.catch_warnings():  # a resample of equal values has no correlation: NaN
        warnings.simplefilter("ignore")
        scores = np.array([statistic(rng.integers(0, n, size=n)) for _ in range(resamples)])
    return _percentiles(scores)


def within_noise(a: Interval | None, b: Interval | None) -> bool:
    """True when the two intervals overlap (the difference is not shown to be real).

    >>> within_noise((0.70, 0.74), (0.73, 0.77)), within_noise((0.70, 0.72), (0.75, 0.77))
    (True, False)
    """
    if a is None or b is None or any(x != x for x in (*a, *b)):
        return True
    return a[0] <= b[1] and b[0] <= a[1]
