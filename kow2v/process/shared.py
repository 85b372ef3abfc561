"""NumPy arrays in anonymous shared memory, handed to child processes by file descriptor.

The memory is a ``memfd`` (Linux) or an already-unlinked temporary file elsewhere: it has no
name in ``/dev/shm``, so a process killed at any moment, parent or child, leaves nothing
behind; the kernel frees the memory when the last descriptor and mapping are gone. Children
receive the descriptor through ``subprocess``'s ``pass_fds`` and map the same pages.
"""

from __future__ import annotations

import mmap
import os
import tempfile
from dataclasses import dataclass
from typing import Any

import numpy as np

_ALIGN = 64  # each array starts on a cache line


@dataclass(frozen=True)
class SharedSpec:
    """What a child needs to map the arrays: the descriptor number and each array's place."""

    fd: int
    size: int
    layout: tuple[tuple[str, int, tuple[int, ...], str], ...]  # name, offset, shape, dtype


def _anonymous_file(size: int) -> int:
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("kow2v-shared", 0)
    else:  # pragma: no cover - macOS and other POSIX systems without memfd
        with tempfile.TemporaryFile() as tmp:
            fd = os.dup(tmp.fileno())
    os.ftruncate(fd, max(size, 1))
    return fd


def _views(buffer: mmap.mmap, spec: SharedSpec) -> dict[str, np.ndarray]:
    return {name: np.ndarray(shape, dtype=np.dtype(dtype), buffer=buffer, offset=offset)
            for name, offset, shape, dtype in spec.layout}


class SharedArrays:
    """Copies of ``arrays`` in one anonymous shared mapping.

    Examples
    --------
    >>> shared = SharedArrays({"w": np.arange(6, dtype=np.float32).reshape(2, 3)})
    >>> shared.arrays["w"][1]
    array([3., 4., 5.], dtype=float32)
    >>> shared.close()
    """

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._allocate({name: (a.shape, a.dtype) for name, a in arrays.items()})
        for name, array in arrays.items():
            self.arrays[name][...] = array

    @classmethod
    def zeros(cls, shapes: dict[str, tuple[tuple[int, ...], Any]]) -> SharedArrays:
        """Zero arrays of the given ``(shape, dtype)``, copying nothing.

        The memory is a sparse file: a page costs nothing until written, at 4 KB granularity
        (shared memory has no transparent huge pages by default), so an array whose rows are
        written here and there holds only the pages written.
        """
        shared = cls.__new__(cls)
        shared._allocate(shapes)
        return shared

    def _allocate(self, shapes: dict[str, tuple[tuple[int, ...], Any]]) -> None:
        layout = []
        offset = 0
        for name, (shape, dtype) in shapes.items():
            dtype = np.dtype(dtype)
            layout.append((name, offset, tuple(shape), dtype.str))
            offset += -(-int(np.prod(shape, dtype=np.int64)) * dtype.itemsize // _ALIGN) * _ALIGN
        fd = _anonymous_file(offset)
        self.spec = SharedSpec(fd, offset, tuple(layout))
        self._mmap: mmap.mmap | None = mmap.mmap(fd, max(offset, 1))
        self.arrays = _views(self._mmap, self.spec)

    @property
    def fd(self) -> int:
        return self.spec.fd

    def close(self) -> None:
        """Unmap and close; views taken from :attr:`arrays` must not be used afterwards."""
        if self._mmap is None:
            return
        self.arrays = {}
        try:
            self._mmap.close()
        except BufferError:  # a caller still holds a view: the mapping goes with the last one
            pass
        self._mmap = None
        os.close(self.spec.fd)


def attach(spec: SharedSpec) -> tuple[mmap.mmap, dict[str, np.ndarray]]:
    """Map the arrays of ``spec`` in a child (the descriptor was passed to it)."""
    buffer = mmap.mmap(spec.fd, max(spec.size, 1))
    return buffer, _views(buffer, spec)
