"""How much two sets of vectors agree: overlap of their nearest neighbours."""

from __future__ import annotations

from typing import Any

import numpy as np


def neighbour_overlap(a: Any, b: Any, n_words: int = 500, topn: int = 10) -> float:
    """Mean share of common top-``topn`` neighbours over ``a``'s ``n_words`` most frequent words.

    A word missing from ``b`` counts as no overlap. Two gensim runs with different seeds give
    the noise floor to read this against.
    """
    words = a.index_to_key[:n_words]
    if not words:
        return float("nan")
    scores = []
    for word in words:
        mine = {w for w, _ in a.most_similar(word, topn=topn)}
        theirs = ({w for w, _ in b.most_similar(word, topn=topn)}
                  if word in b.key_to_index else set())
        scores.append(len(mine & theirs) / topn)
    return float(np.mean(scores))
