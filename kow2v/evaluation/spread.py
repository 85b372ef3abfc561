"""Whether trained vectors have moved apart: the mean cosine between random vocabulary words.

Word vectors start nearly orthogonal and training pulls related words together; but with too
little text for the settings, training mostly adds one direction to every vector and they end
up nearly parallel (the bundled corpus with 5 epochs: neighbours all at 0.9997). Random pairs
of well-trained vectors have a low mean cosine. Measured on the bundled corpus (85,665
whitespace tokens; word2vec, seed 1): CBOW 0.95 after 5 epochs (min_count 5), 0.97 after 10,
0.98 after 20, 0.78 after 40 (min_count 3); skip-gram 0.41 after 40. Its mecab tokens: CBOW
0.92, 0.71, 0.39, 0.12 after 5, 10, 20, 40 epochs. Above 0.8 the vectors are called collinear.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: above this mean cosine between random words, the vectors have not moved apart
COLLINEAR = 0.8
#: how the trainers' warning about it begins (a filter can leave it out: ``demo --quick``)
NOT_MOVED_APART = "the vectors have hardly moved apart"


def mean_cosine(kv: Any, pairs: int = 2000, top: int = 10000, seed: int = 0) -> float:
    """Mean cosine similarity of ``pairs`` random pairs among the ``top`` most frequent words
    of ``kv``, a ``KeyedVectors`` or its ``vectors`` array (one row per word, most frequent
    first).

    >>> from kow2v.keyedvectors import to_keyed_vectors
    >>> kv = to_keyed_vectors([str(i) for i in range(50)], np.eye(50, dtype=np.float32))
    >>> mean_cosine(kv), mean_cosine(kv.vectors)
    (0.0, 0.0)
    """
    vectors = kv if isinstance(kv, np.ndarray) else kv.vectors
    n = min(len(vectors), top)
    if n < 2:
        return float("nan")
    rng = np.random.default_rng(seed)
    a = rng.integers(0, n, size=pairs)
    b = (a + rng.integers(1, n, size=pairs)) % n  # never a word with itself
    # only the sampled rows (no normed copy of all), and no (pairs, D) temporaries: at the end
    # of a small train() this took 0.5-0.7 ms a call less than norm's squares
    va, vb = np.take(vectors, a, axis=0), np.take(vectors, b, axis=0)
    dots = np.einsum("ij,ij->i", va, vb)
    lengths = np.sqrt(np.einsum("ij,ij->i", va, va)) * np.sqrt(np.einsum("ij,ij->i", vb, vb))
    return float((dots / lengths).mean())
