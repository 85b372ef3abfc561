"""Sparse row updates: ``W[idx] += X`` and weighted sums of rows, repeated rows accumulated.

Two primitives, both "a sparse matrix times a dense block of rows":

- :func:`add_rows`: for each row ``j`` of ``X``, ``Y[indices[p]] += values[p] * X[j]`` for
  ``p`` in ``indptr[j]:indptr[j+1]`` (a CSC matrix of shape (len(Y), len(X)) times ``X``);
- :func:`sum_rows`: ``Y[i] += sum_p values[p] * X[indices[p]]`` (a CSR product).

Measured for a plain scatter by ``benchmarks/scatter.py`` (V=90k, D=100, 48k float32 rows,
zipfian ids; median ms on a 2-core AMD EPYC host): SciPy's compiled ``csc_matvecs`` 2.5,
``np.unique`` + a public ``scipy.sparse`` product 8.7, sort + ``np.add.reduceat`` 25.4,
``np.unique`` + one flat ``np.bincount`` 31.1, ``np.add.at`` 54.7. The compiled loops are
private to SciPy (``scipy.sparse._sparsetools``), so they are used only when present and
verified against ``np.add.at`` on a small case at import; otherwise public ``scipy.sparse``
code is chosen automatically.

The extension is loaded from its file beside SciPy's ``sparse`` package rather than by
importing that package: ``import scipy.sparse`` brings about 250 modules and 22 MB (PSS) into
each process that trains, the loops themselves 0.2 MB (measured in a fresh interpreter).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

_EXTENSION = "scipy.sparse._sparsetools"


def _add_rows_public(Y: np.ndarray, indptr: np.ndarray, indices: np.ndarray,
                     values: np.ndarray, X: np.ndarray) -> None:
    import scipy.sparse as sp

    owner = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    contrib = values[:, None] * X[owner]  # (nnz, D)
    uniq, inverse = np.unique(indices, return_inverse=True)
    n = len(indices)
    M = sp.csr_matrix((np.ones(n, dtype=X.dtype), (inverse.ravel(), np.arange(n))),
                      shape=(len(uniq), n))
    Y[uniq] += M @ contrib


def _sum_rows_public(Y: np.ndarray, indptr: np.ndarray, indices: np.ndarray,
                     values: np.ndarray, X: np.ndarray) -> None:
    import scipy.sparse as sp

    M = sp.csr_matrix((values, indices, indptr), shape=(len(Y), len(X)))
    Y += M @ X


def _sparsetools_module() -> Any:
    """SciPy's compiled sparse loops without importing ``scipy.sparse``; None if not found."""
    if _EXTENSION in sys.modules:
        return sys.modules[_EXTENSION]
    scipy_spec = importlib.util.find_spec("scipy")  # finds the package, does not import it
    for directory in (scipy_spec.submodule_search_locations or []) if scipy_spec else []:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(directory, "sparse", "_sparsetools" + suffix)
            if os.path.isfile(path):
                loader = importlib.machinery.ExtensionFileLoader(_EXTENSION, path)
                spec = importlib.util.spec_from_file_location(_EXTENSION, path, loader=loader)
                if spec is None:
                    return None
                module = importlib.util.module_from_spec(spec)
                loader.exec_module(module)
                if sys.modules.get(_EXTENSION) is module:  # not ours to register: a later
                    del sys.modules[_EXTENSION]  # import of scipy.sparse loads it as usual
                return module
    return None


def _load_private():  # type: ignore[no-untyped-def]
    try:
        _sparsetools = _sparsetools_module()
    except ImportError:
        return None
    csc, csr = (getattr(_sparsetools, n, None) for n in ("csc_matvecs", "csr_matvecs"))
    if csc is None or csr is None:
        return None

    def add_rows(Y, indptr, indices, values, X):  # type: ignore[no-untyped-def]
        csc(Y.shape[0], X.shape[0], Y.shape[1], indptr, indices, values, X.reshape(-1),
            Y.reshape(-1))

    def sum_rows(Y, indptr, indices, values, X):  # type: ignore[no-untyped-def]
        csr(Y.shape[0], X.shape[0], Y.shape[1], indptr, indices, values, X.reshape(-1),
            Y.reshape(-1))

    try:  # verify against np.add.at before trusting them
        rng = np.random.default_rng(0)
        indptr = np.array([0, 2, 2, 5, 6], dtype=np.int32)
        indices = np.array([1, 1, 0, 4, 1, 3], dtype=np.int32)
        values = rng.random(6, dtype=np.float32)
        owner = np.repeat(np.arange(4), np.diff(indptr))  # the row of X behind each entry
        X, Xs = rng.random((4, 3), dtype=np.float32), rng.random((5, 3), dtype=np.float32)
        added, want_added = np.zeros((5, 3), np.float32), np.zeros((5, 3), np.float32)
        add_rows(added, indptr, indices, values, X)
        np.add.at(want_added, indices, values[:, None] * X[owner])
        summed, want_summed = np.zeros((4, 3), np.float32), np.zeros((4, 3), np.float32)
        sum_rows(summed, indptr, indices, values, Xs)
        np.add.at(want_summed, owner, values[:, None] * Xs[indices])
        if not (np.allclose(added, want_added, atol=1e-6)
                and np.allclose(summed, want_summed, atol=1e-6)):
            return None
    except Exception:
        return None
    return add_rows, sum_rows


_private = _load_private()


def add_rows(Y: np.ndarray, indptr: np.ndarray, indices: np.ndarray, values: np.ndarray,
             X: np.ndarray) -> None:
    """``Y[indices[p]] += values[p] * X[j]`` for ``p`` in ``indptr[j]:indptr[j+1]``, in place.

    ``Y`` (V, D) and ``X`` (n, D) C-contiguous of one float dtype; ``indptr`` (n+1,) and
    ``indices`` (nnz,) int32; ``values`` (nnz,) of ``Y``'s dtype.
    """
    if _private is not None and Y.flags.c_contiguous and X.flags.c_contiguous:
        _private[0](Y, indptr, indices, values, X)
    else:
        _add_rows_public(Y, indptr, indices, values, X)


def sum_rows(Y: np.ndarray, indptr: np.ndarray, indices: np.ndarray, values: np.ndarray,
             X: np.ndarray) -> None:
    """``Y[i] += sum(values[p] * X[indices[p]])`` over ``p`` in ``indptr[i]:indptr[i+1]``."""
    if _private is not None and Y.flags.c_contiguous and X.flags.c_contiguous:
        _private[1](Y, indptr, indices, values, X)
    else:
        _sum_rows_public(Y, indptr, indices, values, X)


_prefixes: dict[tuple[str, int | np.dtype], np.ndarray] = {}


def _prefix(key: tuple[str, int | np.dtype], n: int,
            make: Callable[[int], np.ndarray]) -> np.ndarray:
    # the first n entries of a read-only array kept per key, grown (doubled) when too short
    kept = _prefixes.get(key)
    if kept is None or len(kept) < n:
        kept = make(max(n, 2 * len(kept) if kept is not None else n))
        kept.flags.writeable = False
        _prefixes[key] = kept
    return kept[:n]


def offsets(n: int, step: int) -> np.ndarray:
    """``indptr`` of ``n`` columns of ``step`` entries each: ``0, step, ..., n * step``, (n+1,)
    int32, read-only (a view of one array kept for the run: every batch asks for one)."""
    return _prefix(("offsets", step), n + 1,
                   lambda m: np.arange(0, m * step, step, dtype=np.int32))


def ones(n: int, dtype: np.dtype) -> np.ndarray:
    """``n`` ones of ``dtype``, read-only (kept as :func:`offsets`)."""
    return _prefix(("ones", np.dtype(dtype)), n, lambda m: np.ones(m, dtype=dtype))


def scatter_add(W: np.ndarray, idx: np.ndarray, X: np.ndarray) -> None:
    """``W[idx] += X`` with repeated ids summed (``np.add.at`` semantics, much faster)."""
    n = len(idx)
    add_rows(W, offsets(n, 1), idx.astype(np.int32, copy=False), ones(n, W.dtype),
             np.ascontiguousarray(X, dtype=W.dtype))


def implementation() -> str:
    """Which code path is in use, for logs and benchmarks."""
    return "scipy._sparsetools (private, verified)" if _private is not None else \
        "scipy.sparse (public)"
