"""Numbers as JSON can hold them."""

from __future__ import annotations


def finite_or_none(x: float | None) -> float | None:
    """``x`` as a float, or None for NaN and None (JSON has no NaN).

    >>> finite_or_none(0.5), finite_or_none(float("nan"))
    (0.5, None)
    """
    return None if x is None or x != x else float(x)
