"""The learning-rate schedule."""

from __future__ import annotations

from dataclasses import dataclass


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
