"""Load gensim's native ``.kv`` files without letting them run code.

A ``.kv`` file is a pickle, and unpickling can call any importable function (``os.system``
included) with arguments chosen by whoever wrote the file. This loader unpickles with an
allow-list: only the classes and NumPy reconstructors that a gensim ``KeyedVectors`` or
``FastTextKeyedVectors`` file needs can be named; anything else stops the load with the
refused name, before it is called. Arrays that gensim stored beside the file
(``NAME.vectors.npy``) are read with ``allow_pickle=False`` after their header has been checked
against their size. The whole pickle is read into memory first, so a length field inside it
can never make the reader allocate more than the file holds.

Trust model: ``.kv``, word2vec ``.bin`` and ``.txt`` files are safe to open from strangers
through kow2v; gensim's own ``KeyedVectors.load`` is not (it unpickles without restriction).
"""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path
from typing import IO, Any

import numpy as np

from kow2v.errors import VectorFormatError

#: (module, name) pairs a KeyedVectors pickle may name. Everything else is refused.
ALLOWED_GLOBALS = frozenset({
    ("gensim.models.keyedvectors", "KeyedVectors"),
    ("gensim.models.keyedvectors", "Word2VecKeyedVectors"),
    ("gensim.models.keyedvectors", "CompatVocab"),  # vocabulary items of gensim 3 files
    ("gensim.models.keyedvectors", "Vocab"),
    ("gensim.models.fasttext", "FastTextKeyedVectors"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("collections", "OrderedDict"),
})


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}"


class RefusedGlobal(pickle.UnpicklingError):
    """The pickle names a global outside :data:`ALLOWED_GLOBALS`."""


class _AllowListUnpickler(pickle.Unpickler):
    allowed = ALLOWED_GLOBALS

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.allowed:
            raise RefusedGlobal(f"{module}.{name}")
        return super().find_class(module, name)


def unpickle_allowed(path: Path, allowed: frozenset[tuple[str, str]], what: str) -> Any:
    """The object pickled in ``path``, naming only ``allowed`` globals (``what`` names the
    kind of file in errors, e.g. "gensim .kv file").

    Raises
    ------
    VectorFormatError
        Unreadable, empty, damaged, or naming a global outside ``allowed`` (nothing executed).
    """
    if path.is_dir():
        raise VectorFormatError(f"{path} is a directory, not a {what}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise VectorFormatError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not data:
        raise VectorFormatError(f"{path} is empty, not a {what}")
    unpickler = _AllowListUnpickler(io.BytesIO(data), encoding="latin1")
    unpickler.allowed = allowed
    try:
        return unpickler.load()
    except RefusedGlobal as exc:
        raise VectorFormatError(f"{path}: refused to load: the file names {exc}, which a "
                                f"{what} never needs (nothing was executed)") from None
    except Exception as exc:  # every way a pickle can be damaged
        raise VectorFormatError(f"{path} is not a {what} (or it is damaged): "
                                f"{_one_line(exc)}") from None


def check_npy_stream(fh: IO[bytes], size: int, name: str) -> None:
    """Refuse a ``.npy`` stream of ``size`` bytes in all whose header promises other than the
    data it holds, or Python objects: NumPy allocates what the header says before it reads,
    so a lying header could take any amount of memory. ``fh`` is left after the header."""
    try:
        version = np.lib.format.read_magic(fh)
        read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                       (2, 0): np.lib.format.read_array_header_2_0}.get(version)
        if read_header is None:
            raise ValueError(f"unsupported .npy version {version}")
        shape, _, dtype = read_header(fh)
    except ValueError as exc:
        raise VectorFormatError(f"{name}: not a NumPy array file: {_one_line(exc)}") from None
    if dtype.hasobject:
        raise VectorFormatError(f"{name}: holds Python objects, which kow2v does not load")
    need = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    have = size - fh.tell()
    if need != have:
        raise VectorFormatError(f"{name}: its header says {shape} {dtype} ({need:,} bytes) but "
                                f"the file holds {have:,} bytes of data (truncated or damaged)")


def _check_npy(path: Path) -> None:
    """Refuse a side-car array whose header promises more data than the file holds."""
    with open(path, "rb") as fh:
        check_npy_stream(fh, os.fstat(fh.fileno()).st_size, str(path))


def load_kv(path: str | os.PathLike[str]) -> Any:
    """Load a gensim ``KeyedVectors`` (or ``FastTextKeyedVectors``) ``.kv`` file safely.

    Raises
    ------
    VectorFormatError
        Not a ``.kv`` file, damaged, or naming a global outside the allow-list (the message
        names it); nothing in the file is executed.
    """
    from gensim.models import KeyedVectors

    path = Path(path)
    obj = unpickle_allowed(path, ALLOWED_GLOBALS, "gensim .kv file")
    if not isinstance(obj, KeyedVectors):
        raise VectorFormatError(f"{path} holds a {type(obj).__name__}, not gensim KeyedVectors")
    return load_keyed_vectors_parts(obj, path)


def load_side_arrays(obj: Any, path: Path) -> dict[str, np.ndarray]:
    """The arrays gensim saved beside ``path`` (``PATH.ATTRIB.npy``) for ``obj`` (its
    ``__numpys``), each checked against its size and read without pickles."""
    arrays = {}
    for attrib in obj.__dict__.pop("__numpys", []):
        side = Path(f"{path}.{attrib}.npy")
        if not side.is_file():
            raise VectorFormatError(f"{path}: its array {attrib!r} should be in {side}, which "
                                    "is missing (copy it along with the file)")
        _check_npy(side)
        try:
            arrays[attrib] = np.load(side, allow_pickle=False)
        except (ValueError, OSError) as exc:
            raise VectorFormatError(f"{side}: cannot read: {_one_line(exc)}") from None
    return arrays


def load_keyed_vectors_parts(kv: Any, path: Path) -> Any:
    """An unpickled KeyedVectors made whole: its side arrays read, gensim's fix-ups of
    older files applied, its shapes checked."""
    state = kv.__dict__
    for special in ("__recursive_saveloads", "__scipys"):
        if state.get(special):
            raise VectorFormatError(f"{path}: stores {special.strip('_')} parts "
                                    f"({state[special]}), which KeyedVectors files never have")
    for attrib, value in load_side_arrays(kv, path).items():
        setattr(kv, attrib, value)
    try:
        # gensim's own fix-ups of older files; every list of parts to load is empty now
        kv._load_specials(str(path), None, False, lambda *a: ".".join(a + ("npy",)))
    except Exception as exc:
        raise VectorFormatError(f"{path}: damaged KeyedVectors: {_one_line(exc)}") from None
    _check_shapes(kv, path)
    return kv


def _check_shapes(kv: Any, path: Path) -> None:
    vectors = getattr(kv, "vectors", None)
    keys = getattr(kv, "index_to_key", None)
    if not isinstance(vectors, np.ndarray) or vectors.ndim != 2 or not isinstance(keys, list):
        raise VectorFormatError(f"{path}: damaged KeyedVectors (no 2-D vectors or key list)")
    if len(keys) != vectors.shape[0] or len(getattr(kv, "key_to_index", {})) != len(keys):
        raise VectorFormatError(f"{path}: damaged KeyedVectors: {len(keys)} keys for "
                                f"{vectors.shape[0]} vectors")
