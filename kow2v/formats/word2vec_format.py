"""Read word2vec text and binary files in memory bounded by the file, with one-line errors.

gensim's reader trusts the header: ``50000000 300`` followed by nothing makes it allocate a
(50M, 300) matrix (56 GiB) before reading a row. Here the header is checked against the
file's size first (a row needs at least ``2 * dim + 2`` bytes as text, ``4 * dim + 2`` as
binary); compressed files, whose size says little, grow their matrix as rows arrive. Every
row is checked: its key decodes, it has ``dim`` finite numbers, and the file does not end
early. The rules are gensim's (``KeyedVectors.load_word2vec_format``): a header line
``count dim``, then ``key v1 ... vdim`` per line (text) or ``key`` + space + ``dim``
little-endian float32 (binary, a newline before a key tolerated); a repeated key keeps its
first vector; counts are made up in descending order.
"""

from __future__ import annotations

import bz2
import gzip
import logging
import os
from pathlib import Path
from typing import IO, Any, cast

import numpy as np

from kow2v.errors import VectorFormatError
from kow2v.formats.build import to_keyed_vectors

log = logging.getLogger(__name__)

HEADER_BYTES = 256  # "count dim\n" is a few bytes; a longer first line is not a header
MAX_KEY_BYTES = 1 << 16  # a key longer than this is a damaged file, not a word
BLOCK_BYTES = 64 << 20  # a compressed file's matrix grows by blocks of at most this
_READ = 1 << 20


def _open(path: Path) -> IO[bytes]:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    if suffix == ".bz2":
        return cast(IO[bytes], bz2.open(path, "rb"))
    return open(path, "rb")


class _Rows:
    """Vectors collected row by row in blocks of ``block`` rows.

    A plain file whose header passed the size check gets one block of exactly ``count`` rows
    (bounded by the file's size); a compressed file grows by blocks of at most `BLOCK_BYTES`,
    never holding more than the rows actually read plus one block, whatever its header says.
    """

    def __init__(self, dim: int, block: int) -> None:
        self.dim = dim
        self.block = max(1, block)
        self.blocks: list[np.ndarray] = []
        self.filled = 0  # rows used in the last block
        self.keys: list[str] = []
        self.index: dict[str, int] = {}
        self.duplicates = 0

    def add(self, key: str, vector: np.ndarray) -> None:
        if key in self.index:
            self.duplicates += 1
            if self.duplicates <= 3:
                log.warning("duplicate key %r in the word2vec file; keeping its first vector",
                            key)
            return
        if not self.blocks or self.filled == len(self.blocks[-1]):
            self.blocks.append(np.empty((self.block, self.dim), dtype=np.float32))
            self.filled = 0
        self.blocks[-1][self.filled] = vector
        self.filled += 1
        self.index[key] = len(self.keys)
        self.keys.append(key)

    def matrix(self) -> np.ndarray:
        if not self.blocks:
            return np.empty((0, self.dim), dtype=np.float32)
        self.blocks[-1] = self.blocks[-1][: self.filled]
        out = self.blocks[0] if len(self.blocks) == 1 else np.concatenate(self.blocks)
        self.blocks = []
        return np.ascontiguousarray(out)


def _header(path: Path, fh: IO[bytes]) -> tuple[int, int, int]:
    line = fh.readline(HEADER_BYTES)
    if not line:
        raise VectorFormatError(f"{path} is empty: a word2vec file starts with a "
                                "'count dimension' line")
    try:
        count, dim = (int(x) for x in line.decode("ascii").split())
    except (UnicodeDecodeError, ValueError):
        raise VectorFormatError(f"{path}: the first line {line[:60]!r} is not a word2vec header "
                                "'count dimension' (is this a word2vec file?)") from None
    if count < 0 or dim < 1:
        raise VectorFormatError(f"{path}: header says {count} vectors of dimension {dim}")
    return count, dim, len(line)


def read_word2vec(path: str | os.PathLike[str], binary: bool, encoding: str = "utf-8",
                  unicode_errors: str = "strict", limit: int | None = None) -> Any:
    """Read a word2vec text (``binary=False``) or binary file into a gensim ``KeyedVectors``.

    Parameters
    ----------
    path : path-like
        Plain, ``.gz`` or ``.bz2``.
    binary : bool
        The C tool's binary format (``.bin``) or its text format (``.txt``).
    encoding : str
        Encoding of the keys.
    unicode_errors : {"strict", "replace", "ignore"}
        What to do with key bytes that do not decode (word2vec.c cuts long keys inside a
        UTF-8 character); ``"strict"`` stops with the row and its bytes.
    limit : int, optional
        Read at most this many vectors.

    Raises
    ------
    VectorFormatError
        Empty, a directory, a header the file cannot hold, a truncated or malformed row, an
        undecodable key (the message names the option that decodes it), a non-finite value.
    """
    path = Path(path)
    if path.is_dir():
        raise VectorFormatError(f"{path} is a directory, not a word2vec file")
    if not path.is_file():
        raise VectorFormatError(f"{path}: no such file")
    compressed = path.suffix.lower() in (".gz", ".bz2")
    try:
        with _open(path) as fh:
            count, dim, header_bytes = _header(path, fh)
            if limit is not None:
                count = min(count, limit)
            if not compressed:
                per_row = 4 * dim + 2 if binary else 2 * dim + 2
                body = path.stat().st_size - header_bytes
                if count * per_row > body:
                    raise VectorFormatError(
                        f"{path}: the header promises {count:,} vectors of dimension {dim}, "
                        f"at least {count * per_row:,} bytes, but the file holds {body:,} after "
                        "the header (a wrong header, or a truncated file)")
            rows = _Rows(dim, min(count, BLOCK_BYTES // (4 * dim)) if compressed else count)
            reader = _read_binary if binary else _read_text
            reader(path, fh, rows, count, encoding, unicode_errors)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise VectorFormatError(f"{path}: cannot read: {exc}") from None
    vectors = rows.matrix()
    n = len(rows.keys)
    return to_keyed_vectors(rows.keys, vectors, counts=range(count, count - n, -1), copy=False)


def _decode(path: Path, row: int, raw: bytes | bytearray, encoding: str,
            unicode_errors: str) -> str:
    try:
        return raw.decode(encoding, unicode_errors)
    except UnicodeDecodeError:
        raise VectorFormatError(
            f"{path}: row {row}: the key {raw[:40]!r} is not valid {encoding}; load with "
            "unicode_errors='replace' (CLI: --unicode-errors replace) to decode it with "
            "U+FFFD, or give its --encoding") from None
    except LookupError:
        raise VectorFormatError(f"unknown encoding {encoding!r}") from None


def _finite(path: Path, row: int, key: str, vector: np.ndarray) -> np.ndarray:
    if not np.isfinite(vector).all():
        raise VectorFormatError(f"{path}: row {row} ({key!r}) holds a NaN or infinite value")
    return vector


def _read_text(path: Path, fh: IO[bytes], rows: _Rows, count: int, encoding: str,
               unicode_errors: str) -> None:
    dim = rows.dim
    max_line = MAX_KEY_BYTES + 64 * dim  # a float printed with room to spare
    for row in range(1, count + 1):
        line = fh.readline(max_line)
        if not line:
            raise VectorFormatError(f"{path}: the header promises {count:,} vectors but the "
                                    f"file ends after {row - 1:,} (truncated?)")
        if len(line) == max_line and not line.endswith(b"\n"):
            raise VectorFormatError(f"{path}: row {row} is longer than {max_line:,} bytes, too "
                                    f"long for a key and {dim} numbers")
        text = _decode(path, row, line, encoding, unicode_errors).rstrip()
        parts = text.split(" ")
        if len(parts) != dim + 1:
            raise VectorFormatError(f"{path}: row {row} ({parts[0][:40]!r}) has "
                                    f"{len(parts) - 1} values, the header says {dim}")
        try:
            vector = np.array(parts[1:], dtype=np.float32)
        except ValueError:
            bad = next(p for p in parts[1:] if not _is_number(p))
            raise VectorFormatError(f"{path}: row {row} ({parts[0][:40]!r}): {bad[:40]!r} is "
                                    "not a number") from None
        rows.add(parts[0], _finite(path, row, parts[0], vector))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _read_binary(path: Path, fh: IO[bytes], rows: _Rows, count: int, encoding: str,
                 unicode_errors: str) -> None:
    vector_bytes = 4 * rows.dim
    buffer = bytearray()  # grown in place: a row of many reads is copied once, not per read
    start = 0
    at_end = False
    for row in range(1, count + 1):
        while True:  # a key up to its space, then the vector's bytes
            while start < len(buffer) and buffer[start] == 0x0A:  # word2vec.c's newline
                start += 1
            space = buffer.find(b" ", start, start + MAX_KEY_BYTES)
            if space >= 0 and len(buffer) - (space + 1) >= vector_bytes:
                break
            if space < 0 and len(buffer) - start >= MAX_KEY_BYTES:
                raise VectorFormatError(f"{path}: row {row}: no space within {MAX_KEY_BYTES:,} "
                                        "bytes after the previous vector (damaged file, or "
                                        "not the binary format)")
            if at_end:
                raise VectorFormatError(f"{path}: the header promises {count:,} vectors but "
                                        f"the file ends inside vector {row:,} (truncated?)")
            more = fh.read(_READ)
            at_end = len(more) == 0
            del buffer[:start]
            buffer += more
            start = 0
        key = _decode(path, row, buffer[start:space], encoding, unicode_errors)
        if not key:
            raise VectorFormatError(f"{path}: row {row} has an empty key")
        vector = np.frombuffer(buffer, dtype="<f4", count=rows.dim, offset=space + 1)
        rows.add(key, _finite(path, row, key, vector))
        del vector  # a view of the buffer would pin it against the resizing above
        start = space + 1 + vector_bytes
