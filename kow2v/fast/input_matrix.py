"""Where fastText's input matrix lives: shared with worker processes, or private to this one.

The matrix has gensim's layout (the word rows, then all ``bucket`` n-gram rows), but only the
word rows and the rows of the buckets some vocabulary word uses are ever written; the others
stay zero. Both places keep it sparse, a page costing memory only once written:

- **shared** (``workers > 1``): an anonymous shared file (:class:`~kow2v.process.SharedArrays`)
  that the worker processes map. Linux backs shared memory with 4 KB pages unless
  ``/sys/kernel/mm/transparent_hugepage/shmem_enabled`` says otherwise (default: ``never``).
- **private** (one worker): an anonymous private mapping. Where the rows in use touch most of
  its 4 KB pages anyway (a large corpus), it asks for transparent huge pages
  (``MADV_HUGEPAGE``, honoured where ``transparent_hugepage/enabled`` is ``always`` or
  ``madvise``): training reads and writes rows all over the matrix, and with 2 MB pages the
  processor finds them without a page-table walk each time. Where they touch few (a small
  corpus), it stays on 4 KB pages and costs only those.

Measured in docs/results/fasttext_speed.txt; the README's performance section says what it
costs and gains.
"""

from __future__ import annotations

import mmap
from typing import Any

import numpy as np

from kow2v.process.shared import SharedArrays

PAGE = 4096
#: huge pages for a private matrix once the rows in use touch this share of its 4 KB pages:
#: a huge page is then mostly memory that would be written anyway
HUGE_PAGES_FROM = 0.5


class PrivateArrays:
    """Zero arrays in an anonymous private mapping, with the interface of
    :meth:`SharedArrays.zeros <kow2v.process.SharedArrays.zeros>` (``arrays``, ``close``).

    Examples
    --------
    >>> private = PrivateArrays.zeros({"w": ((2, 3), np.float32)}, huge_pages=False)
    >>> private.arrays["w"].sum(), private.huge_pages
    (np.float32(0.0), False)
    >>> private.close()
    """

    def __init__(self, buffer: mmap.mmap, arrays: dict[str, np.ndarray], huge: bool) -> None:
        self._mmap: mmap.mmap | None = buffer
        self.arrays = arrays
        self.huge_pages = huge

    @classmethod
    def zeros(cls, shapes: dict[str, tuple[tuple[int, ...], Any]],
              huge_pages: bool) -> PrivateArrays:
        """Zero arrays of the given ``(shape, dtype)``, one after the other, each on a page;
        ``huge_pages``: ask the kernel for transparent huge pages (where it has them)."""
        layout, offset = [], 0
        for name, (shape, dtype) in shapes.items():
            dtype = np.dtype(dtype)
            layout.append((name, offset, tuple(shape), dtype))
            nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
            offset += -(-nbytes // PAGE) * PAGE
        buffer = mmap.mmap(-1, max(offset, 1), flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        huge = huge_pages and hasattr(mmap, "MADV_HUGEPAGE")
        if huge:
            try:
                buffer.madvise(mmap.MADV_HUGEPAGE)
            except OSError:  # a kernel without transparent huge pages
                huge = False
        arrays = {name: np.ndarray(shape, dtype=dtype, buffer=buffer, offset=start)
                  for name, start, shape, dtype in layout}
        return cls(buffer, arrays, huge)

    def close(self) -> None:
        """Unmap; views taken from :attr:`arrays` must not be used afterwards."""
        if self._mmap is None:
            return
        self.arrays = {}
        try:
            self._mmap.close()
        except BufferError:  # a caller still holds a view: the mapping goes with the last one
            pass
        self._mmap = None


def pages_touched(rows: np.ndarray, row_bytes: int, total_rows: int) -> float:
    """The share of a matrix's 4 KB pages that writing ``rows`` (row indices) touches.

    >>> pages_touched(np.array([0, 1, 2]), 400, 1000)  # 3 rows on the first of 98 pages
    0.01020408163265306
    """
    if total_rows == 0:
        return 0.0
    if row_bytes >= PAGE:  # each row has pages of its own (shared at most at its two ends)
        return len(np.unique(rows)) / total_rows
    starts = rows.astype(np.int64) * row_bytes
    first, last = starts // PAGE, (starts + row_bytes - 1) // PAGE
    touched = np.union1d(first, last)  # a row spans at most two pages
    return len(touched) / -(-(total_rows * row_bytes) // PAGE)


def input_matrix(shape: tuple[int, int], shared: bool,
                 written_rows: np.ndarray) -> SharedArrays | PrivateArrays:
    """A zero float32 matrix as ``"syn0"``: shared for worker processes, or private (with huge
    pages where ``written_rows``, the rows that will be written, touch most of its pages)."""
    if shared:
        return SharedArrays.zeros({"syn0": (shape, np.float32)})
    dense = pages_touched(written_rows, shape[1] * 4, shape[0]) >= HUGE_PAGES_FROM
    return PrivateArrays.zeros({"syn0": (shape, np.float32)}, huge_pages=dense)
