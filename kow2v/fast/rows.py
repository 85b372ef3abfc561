"""Which input rows each word owns: the engine's input side, as a CSR matrix over words.

In word2vec a word owns one row of ``syn0`` (the identity map, which the kernels special-case
at no cost). In a subword model (fastText) a word owns its own row and one row per character
n-gram bucket, and its input vector is their mean (each weight ``1 / n``). Gathering a
batch's input vectors is then a sparse product (``sum_rows``) and handing back the errors the
transposed one (``add_rows``), in the same kernels as word2vec (``kernels.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Selection = tuple[np.ndarray, np.ndarray, np.ndarray]  # indptr (B+1,), rows (nnz,), weights


@dataclass(frozen=True)
class RowMap:
    """Word ``w`` owns rows ``indices[indptr[w]:indptr[w+1]]`` with ``weights`` there.

    Examples
    --------
    >>> m = RowMap.from_lists([[0, 2], [1]], [[0.5, 0.5], [1.0]])
    >>> indptr, rows, weights = m.select(np.array([1, 0], dtype=np.int32))
    >>> indptr.tolist(), rows.tolist(), weights.tolist()
    ([0, 1, 3], [1, 0, 2], [1.0, 0.5, 0.5])
    """

    indptr: np.ndarray  # (V+1,) int32
    indices: np.ndarray  # (nnz,) int32 rows of syn0
    weights: np.ndarray  # (nnz,) float32

    @classmethod
    def from_lists(cls, rows: list[list[int]], weights: list[list[float]]) -> RowMap:
        indptr = np.zeros(len(rows) + 1, dtype=np.int32)
        indptr[1:] = np.cumsum([len(r) for r in rows])
        flat = [i for r in rows for i in r]
        flat_w = [x for w in weights for x in w]
        return cls(indptr, np.array(flat, dtype=np.int32), np.array(flat_w, dtype=np.float32))

    @classmethod
    def identity(cls, n: int) -> RowMap:
        """Word ``i`` owns row ``i`` with weight 1 (what ``rows=None`` means, spelled out)."""
        return cls(np.arange(n + 1, dtype=np.int32), np.arange(n, dtype=np.int32),
                   np.ones(n, dtype=np.float32))

    def select(self, words: np.ndarray) -> Selection:
        """The rows of ``words`` (B,) as one CSR matrix of B rows."""
        starts = self.indptr[words]  # (B,)
        lengths = self.indptr[words + 1] - starts  # (B,)
        indptr = np.zeros(len(words) + 1, dtype=np.int32)
        np.cumsum(lengths, out=indptr[1:])
        positions = np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])  # (nnz,)
        return indptr, self.indices[positions], self.weights[positions]
