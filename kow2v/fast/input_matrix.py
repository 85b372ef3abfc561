"""Where fastText's input rows live: a compact matrix that trains, and gensim's layout of the
n-gram rows that ``wv`` shows.

gensim's ``FastTextKeyedVectors`` holds ``bucket`` n-gram rows (2,000,000 by default: 763 MiB
at 100 dimensions), but only the buckets some vocabulary word uses are ever trained (222,796
of them on the whole benchmark corpus). The model therefore trains a **compact** matrix, the
word rows then one row per bucket in use, in increasing bucket order (120 MiB there), and
writes the trained bucket rows into gensim's layout only for ``wv``:

- the compact matrix is dense, every page of it written, so a private one asks for
  transparent huge pages (``MADV_HUGEPAGE``, honoured where
  ``/sys/kernel/mm/transparent_hugepage/enabled`` is ``always`` or ``madvise``): training
  reads and writes rows all over it, and with 2 MB pages the processor finds them without a
  page-table walk each time. With several workers it is an anonymous shared file
  (:class:`~kow2v.process.SharedArrays`) that the worker processes map.
- gensim's layout (:func:`sparse_zeros`) is a private mapping on 4 KB pages, where a page
  costs memory only once a row on it is written: the buckets in use touch 73% of its pages on
  the whole benchmark corpus (559 of 763 MiB), far fewer on a small one. On huge pages every page
  would be touched.

Measured in docs/results/fasttext_speed.txt; docs/performance.md ("FastText trains a compact
matrix") says what it costs and gains.
"""

from __future__ import annotations

import mmap

import numpy as np

from kow2v.errors import OutOfMemoryError
from kow2v.process.shared import SharedArrays


def private_zeros(shape: tuple[int, int], huge_pages: bool) -> np.ndarray:
    """A zero float32 matrix in an anonymous private mapping of its own, unmapped when the
    last view of it goes: on transparent huge pages (``huge_pages``, where the kernel has
    them), else on 4 KB pages even where huge pages are the kernel's default (``always``),
    each page costing memory only once written.

    >>> private_zeros((2, 3), huge_pages=False).sum()
    np.float32(0.0)
    """
    nbytes = shape[0] * shape[1] * 4
    try:
        buffer = mmap.mmap(-1, max(nbytes, 1), flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    except OSError as exc:  # the kernel refuses the mapping (ENOMEM): say what asked for it
        raise OutOfMemoryError(f"cannot map a {shape[0]:,} x {shape[1]} float32 matrix "
                               f"({nbytes / 2**30:,.1f} GiB): {exc.strerror}; lower bucket "
                               "or vector_size") from None
    advice = getattr(mmap, "MADV_HUGEPAGE" if huge_pages else "MADV_NOHUGEPAGE", None)
    if advice is not None:
        try:
            buffer.madvise(advice)
        except OSError:  # a kernel without transparent huge pages: 4 KB pages anyway
            pass
    return np.ndarray(shape, dtype=np.float32, buffer=buffer)


def sparse_zeros(shape: tuple[int, int]) -> np.ndarray:
    """A zero float32 matrix on 4 KB pages (gensim's n-gram layout, mostly never written)."""
    return private_zeros(shape, huge_pages=False)


def input_matrix(values: np.ndarray, shared: bool) -> tuple[SharedArrays | None, np.ndarray]:
    """A copy of the compact input matrix ``values``: in shared memory for worker processes
    (returned with its :class:`~kow2v.process.SharedArrays`, to close), or private on huge
    pages (None)."""
    if shared:
        memory = SharedArrays.zeros({"syn0": (values.shape, np.float32)})
        matrix = memory.arrays["syn0"]
    else:
        memory, matrix = None, private_zeros(values.shape, huge_pages=True)
    matrix[...] = values
    return memory, matrix
