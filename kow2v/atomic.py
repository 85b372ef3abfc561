"""Atomic file writes: a crash or Ctrl-C never leaves a half-written file under the final name.

The temporary file is created private (``mkstemp`` makes it 0600); before it is renamed into
place it gets the mode the user expects: the mode of the file it replaces, or, for a new
file, what ``open()`` would have given it under the process's umask (0644 under umask 022).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def current_umask() -> int:
    """The process's umask, read without changing it where Linux allows."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere: the classic read-by-setting (not thread-safe)
    os.umask(mask)
    return mask


def _final_mode(final: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(final).st_mode)  # replacing a file keeps its mode
    except FileNotFoundError:
        return 0o666 & ~current_umask()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], keep_suffix: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` only on success.

    Use this for writers that insist on opening the file themselves (gensim's savers);
    ``keep_suffix`` ends the temporary name with ``path``'s suffix, for writers that choose
    compression by it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = tempfile.TemporaryDirectory()
    >>> target = pathlib.Path(folder.name) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("안녕")
    >>> target.read_text()
    '안녕'
    >>> folder.cleanup()
    """
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    suffix = ".part" + (final.suffix if keep_suffix else "")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=suffix, dir=final.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _final_mode(final))
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8", **kwargs: Any
) -> Iterator[IO[Any]]:
    """Open a temporary file for writing and move it onto ``path`` when the block succeeds.

    Parameters
    ----------
    path : path-like
        The final file name.
    mode : {"w", "wb"}
        Text or binary.
    encoding : str or None
        Text encoding (ignored in binary mode).
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes only, got mode={mode!r}")
    with atomic_path(path) as tmp:
        if "b" in mode:
            fh = open(tmp, mode)  # noqa: SIM115 - closed below before the rename
        else:
            fh = open(tmp, mode, encoding=encoding, **kwargs)  # noqa: SIM115
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
