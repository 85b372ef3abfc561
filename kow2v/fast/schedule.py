"""The learning-rate schedule."""

from __future__ import annotations

import math
from dataclasses import dataclass


def check_rates(start: float, end: float, names: tuple[str, str] = ("alpha", "min_alpha")) -> None:
    """Refuse learning rates that cannot train: the start must be finite and > 0, the end
    finite and >= 0 (NaN would pass ``start <= 0`` and, through ``max``, silently train at
    the end rate; a negative rate climbs the loss).

    Raises
    ------
    ValueError
        Naming the setting (``names``: how the caller spells the two).

    >>> check_rates(0.025, float("nan"), ("start_alpha", "end_alpha"))
    Traceback (most recent call last):
    ...
    ValueError: end_alpha must be a finite number >= 0, got nan
    """
    if not (math.isfinite(start) and start > 0):
        raise ValueError(f"{names[0]} must be a finite number > 0, got {start}")
    if not (math.isfinite(end) and end >= 0):
        raise ValueError(f"{names[1]} must be a finite number >= 0, got {end}")


def linear_alpha(start: float, end: float, epoch: int, epochs: int, epoch_progress: float) -> float:
    """gensim's schedule: linear from ``start`` to ``end`` over all epochs.

    ``epoch_progress`` is the share of this epoch's expected words already handed out.

    >>> round(linear_alpha(0.025, 0.0001, epoch=1, epochs=2, epoch_progress=0.5), 6)
    0.006325
    """
    progress = (epoch + min(1.0, epoch_progress)) / epochs
    return max(end, start - (start - end) * progress)


@dataclass(frozen=True)
class Schedule:
    """A run's learning rate: linear from ``start`` to ``end`` over ``epochs`` epochs."""

    start: float
    end: float
    epochs: int

    def alpha(self, epoch: int, epoch_progress: float) -> float:
        return linear_alpha(self.start, self.end, epoch, self.epochs, epoch_progress)
