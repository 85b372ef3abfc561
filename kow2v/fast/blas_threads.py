"""One BLAS thread while the kernels that call BLAS on whole matrices train.

With ``shared_negatives`` a call's examples are scored against their pools with dense products
(:func:`~kow2v.fast.kernels._shared_negative_head`). OpenBLAS runs a product of over 2^18
multiply-adds on several threads (256 pairs by 24 pool words at 100 dimensions is 614,400),
and those threads then compete with the producer process and the other workers for the two
cores: the whole benchmark corpus in mecab tokens, 1 worker, 1 epoch, took 37.0-37.6 s with
OpenBLAS's threads against 26.5-30.6 s with one (2026-12-07, Intel Xeon guest). The word2vec
kernels' batched products are small and never threaded, so they run as they are.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def one_blas_thread(needed: bool) -> Iterator[None]:
    """A context in which BLAS uses one thread in this process (``threadpoolctl``), if
    ``needed``; else one that changes nothing. The previous limits come back on exit."""
    if not needed:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
