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

import numpy as np

from kow2v.process.shared import SharedArrays

PAGE = 4096
#: huge pages for a private matrix once the rows in use touch this share of its 4 KB pages:
#: a huge page is then mostly memory that would be written anyway
HUGE_PAGES_FROM = 0.5


def private_zeros(shape: tuple[int, int], huge_pages: bool) -> np.ndarray:
    """A zero float32 matrix in an anonymous private mapping of its own, unmapped when the
    last view of it goes; ``huge_pages``: ask for transparent huge pages (where the kernel
    has them).

    >>> private_zeros((2, 3), huge_pages=False).sum()
    np.float32(0.0)
    """
    nbytes = shape[0] * shape[1] * 4
    buffer = mmap.mmap(-1, max(nbytes, 1), flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    if huge_pages and hasattr(mmap, "MADV_HUGEPAGE"):
        try:
            buffer.madvise(mmap.MADV_HUGEPAGE)
        except OSError:  # a kernel without transparent huge pages: 4 KB pages, as asked
            pass
    return np.ndarray(shape, dtype=np.float32, buffer=buffer)


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


def wants_huge_pages(shape: tuple[int, int], written_rows: np.ndarray) -> bool:
    """Whether writing ``written_rows`` of a float32 matrix touches at least
    :data:`HUGE_PAGES_FROM` of its 4 KB pages."""
    return pages_touched(written_rows, shape[1] * 4, shape[0]) >= HUGE_PAGES_FROM


def input_matrix(shape: tuple[int, int], shared: bool,
                 written_rows: np.ndarray) -> tuple[SharedArrays | None, np.ndarray]:
    """A zero float32 matrix: in shared memory for worker processes (returned with its
    :class:`~kow2v.process.SharedArrays`, to close), or private (None), on huge pages where
    ``written_rows``, the rows that will be written, touch most of its 4 KB pages."""
    if shared:
        memory = SharedArrays.zeros({"syn0": (shape, np.float32)})
        return memory, memory.arrays["syn0"]
    return None, private_zeros(shape, wants_huge_pages(shape, written_rows))
