"""Peak memory of this process and its worker processes, measured without slowing them down.

``tracemalloc`` taxes every Python allocation (NumPy's included) and sees nothing of C
buffers, so it both slows kow2v more than gensim and misses gensim's memory. Instead, a
background thread samples the proportional set size (PSS, Linux ``smaps_rollup``) of this
process and of its children every ``interval`` seconds and keeps the largest sum: shared
memory (the Hogwild weights) is counted once, split between the processes that map it. Where
``smaps_rollup`` is missing, RSS is summed instead.

In a long-lived process (``kow2v compare`` trains forty models in one) the whole tree's peak
mostly measures what earlier work left behind, so :attr:`PeakMemory.added_mb` gives the peak
above the tree's size when the block began (after a garbage collection and, with glibc,
``malloc_trim`` to hand freed heap back to the system): what the block itself needed.
"""

from __future__ import annotations

import ctypes
import gc
import os
import threading
import time
from pathlib import Path
from types import TracebackType


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            kids.extend(int(x) for x in text.split())
    except OSError:
        pass
    return kids


def _memory(pid: int) -> tuple[str, int]:
    """(the range of ``pid``'s address space, the first line of its ``smaps_rollup``, or ""
    without one; its PSS, or failing that its RSS, in KiB); ("", 0) if it has gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            space = fh.readline()
            for line in fh:
                if line.startswith("Pss:"):
                    return space, int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return "", int(line.split()[1])
    except OSError:
        pass
    return "", 0


#: reads of a process tree in which a child spans its parent's address space, before it is
#: taken as it is (:func:`tree_kib`), and the pause between them
SHARED_SPACE_READS = 5
SHARED_SPACE_PAUSE = 0.005


def tree_kib(pid: int | None = None) -> int:
    """PSS of ``pid`` (default: this process) and all its descendants, in KiB.

    A child between ``vfork`` and ``exec`` (how :mod:`subprocess` starts one) runs in its
    parent's address space, and ``/proc`` gives it its parent's memory: read then, a tree
    that was starting a process counted its parent twice (a 425 MB parent starting children
    read 851 MB). So a tree with a child whose address space spans exactly its parent's is
    read again a few milliseconds later, once the child has run its program; a child forked
    without ``exec`` keeps that range and, after :data:`SHARED_SPACE_READS` reads, is
    counted as it is (PSS splits the pages the two share, so nothing is counted twice).
    """
    root = pid or os.getpid()
    total, shared = _read_tree(root)
    for _ in range(SHARED_SPACE_READS - 1):
        if not shared:
            break
        time.sleep(SHARED_SPACE_PAUSE)
        total, shared = _read_tree(root)
    return total


def _read_tree(root: int) -> tuple[int, bool]:
    """(PSS of ``root`` and its descendants in KiB, whether a child spans its parent's
    address space)."""
    total, shared = 0, False
    todo: list[tuple[int, str]] = [(root, "")]
    while todo:
        p, parent_space = todo.pop()
        space, kib = _memory(p)
        total += kib
        shared = shared or (bool(space) and space == parent_space)
        todo.extend((child, space) for child in _children(p))
    return total, shared


def _release_free_memory() -> None:
    """Collect garbage and, with glibc, return freed heap pages to the system, so that the
    starting size a block is measured from is not inflated by memory nobody holds."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class PeakMemory:
    """``with PeakMemory() as peak: ...`` then ``peak.mb``: the largest sampled PSS of the
    process tree while the block ran (MiB).

    >>> with PeakMemory(interval=0.01) as peak:
    ...     block = bytearray(64 * 2**20)
    >>> peak.mb > 60 or not os.path.exists("/proc/self/smaps_rollup")
    True
    >>> peak.added_mb > 60 or not os.path.exists("/proc/self/smaps_rollup")
    True
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_kib = 0
        self.start_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kow2v-memory", daemon=True)

    def _sample(self) -> None:
        self.peak_kib = max(self.peak_kib, tree_kib())

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakMemory:
        _release_free_memory()
        self.start_kib = tree_kib()
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def mb(self) -> float:
        """The largest sampled size of the whole process tree, MiB."""
        return self.peak_kib / 1024

    @property
    def added_mb(self) -> float:
        """The peak above the tree's size when the block began, MiB."""
        return max(0, self.peak_kib - self.start_kib) / 1024
