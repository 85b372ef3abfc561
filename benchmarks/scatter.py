"""The scatter-add ``W[idx] += X`` (repeated ids summed) done five ways, timed on one case.

Usage: python benchmarks/scatter.py [--vocab 90000] [--dim 100] [--rows 48000] [--repeat 7]

The shape of a skip-gram batch's output update on the NSMC benchmark vocabulary: zipfian ids
(word frequencies), float32 rows. Each method is checked against ``np.add.at`` first, then
timed interleaved with the others; the median ms per call is printed. ``kow2v.fast.scatter``
uses the fastest correct one available (SciPy's compiled ``csc_matvecs``), and falls back to
the public ``scipy.sparse`` product when that private routine is missing.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import scipy.sparse as sp

from kow2v.fast import scatter


def add_at(W, idx, X):  # type: ignore[no-untyped-def]
    np.add.at(W, idx, X)


def sort_reduceat(W, idx, X):  # type: ignore[no-untyped-def]
    order = np.argsort(idx, kind="stable")
    s = idx[order]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    W[s[starts]] += np.add.reduceat(X[order], starts, axis=0)


def bincount(W, idx, X):  # type: ignore[no-untyped-def]
    # one flat bincount over (unique row, column) cells: a V-long bincount per column would
    # allocate and sum the whole vocabulary D times
    uniq, inverse = np.unique(idx, return_inverse=True)
    D = X.shape[1]
    cells = (inverse.ravel()[:, None] * D + np.arange(D)).ravel()
    sums = np.bincount(cells, weights=X.ravel(), minlength=len(uniq) * D)
    W[uniq] += sums.reshape(len(uniq), D).astype(W.dtype)


def sparse_public(W, idx, X):  # type: ignore[no-untyped-def]
    uniq, inverse = np.unique(idx, return_inverse=True)
    n = len(idx)
    M = sp.csr_matrix((np.ones(n, dtype=X.dtype), (inverse.ravel(), np.arange(n))),
                      shape=(len(uniq), n))
    W[uniq] += M @ X


def kow2v_scatter(W, idx, X):  # type: ignore[no-untyped-def]
    scatter.scatter_add(W, idx, X)


METHODS = {"np.add.at": add_at, "sort + reduceat": sort_reduceat, "bincount": bincount,
           "scipy.sparse product": sparse_public,
           f"kow2v ({scatter.implementation()})": kow2v_scatter}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vocab", type=int, default=90_000)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--rows", type=int, default=48_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    idx = ((rng.zipf(1.3, size=args.rows) - 1) % args.vocab).astype(np.int32)
    X = rng.standard_normal((args.rows, args.dim), dtype=np.float32)
    W0 = rng.standard_normal((args.vocab, args.dim), dtype=np.float32)
    expected = W0.copy()
    add_at(expected, idx, X)
    for name, method in METHODS.items():
        W = W0.copy()
        method(W, idx, X)
        if not np.allclose(W, expected, atol=1e-3):
            raise SystemExit(f"{name} gives a different result")
    print(f"W ({args.vocab:,} x {args.dim}) float32, {args.rows:,} zipfian rows "
          f"({len(np.unique(idx)):,} distinct); median of {args.repeat}, interleaved")
    times: dict[str, list[float]] = {name: [] for name in METHODS}
    W = W0.copy()
    for _ in range(args.repeat):
        for name, method in METHODS.items():
            start = time.perf_counter()
            method(W, idx, X)
            times[name].append((time.perf_counter() - start) * 1e3)
    fastest = min(statistics.median(t) for t in times.values())
    for name, t in times.items():
        ms = statistics.median(t)
        print(f"{name:<45}{ms:>9.2f} ms{ms / fastest:>8.1f}x")


if __name__ == "__main__":
    main()
