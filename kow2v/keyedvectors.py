"""Trained vectors as gensim ``KeyedVectors``, and saving them safely in gensim's formats.

Vectors leave training apart from the training state (as gensim keeps ``wv`` apart from the
model), so users ship only what they need. Files are written atomically, and a key that
contains whitespace is refused for the word2vec formats, where it would corrupt the file.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.atomic import atomic_path
from kow2v.errors import VectorFormatError
from kow2v.formats.build import to_keyed_vectors

__all__ = ["FORMATS", "format_for", "load_vectors", "save_vectors", "to_keyed_vectors"]

FORMATS = {".kv": "kv", ".bin": "word2vec-binary", ".txt": "word2vec-text"}


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The vector format named by ``fmt`` or implied by the file's suffix.

    >>> format_for("vectors.bin"), format_for("vectors.txt.gz"), format_for("v.kv")
    ('word2vec-binary', 'word2vec-text', 'kv')
    """
    if fmt:
        if fmt not in FORMATS.values():
            raise VectorFormatError(
                f"unknown format {fmt!r}; use one of {sorted(FORMATS.values())}")
        return fmt
    name = Path(path)
    suffix = name.suffix.lower()
    if suffix in (".gz", ".bz2") and name.with_suffix("").suffix.lower() in (".bin", ".txt"):
        suffix = name.with_suffix("").suffix.lower()  # word2vec files may be compressed
    if suffix not in FORMATS:
        raise VectorFormatError(f"{path}: cannot tell the format from the suffix; use .kv "
                                "(gensim), .bin (word2vec binary) or .txt (word2vec text)")
    return FORMATS[suffix]


def check_keys(keys: Sequence[str]) -> None:
    """Refuse keys that the word2vec formats cannot hold: whitespace splits a line, and a
    lone surrogate has no UTF-8 encoding."""
    from kow2v.line_format import breaks_line

    for key in keys:
        if breaks_line(key):
            raise VectorFormatError(f"the key {key!r} is empty or contains whitespace and would "
                                    "corrupt a word2vec file; save as .kv instead")
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:
            raise VectorFormatError(f"the key {key!r} cannot be written as UTF-8 (a lone "
                                    "surrogate); save as .kv instead") from None


def save_vectors(kv: Any, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Save ``kv`` as ``.kv`` (gensim native), ``.bin`` or ``.txt`` (word2vec), atomically.

    Returns
    -------
    Path
        The file written.
    """
    fmt = format_for(path, fmt)
    if fmt != "kv":
        check_keys(kv.index_to_key)
    if not np.isfinite(kv.vectors).all():
        raise VectorFormatError("the vectors hold NaN or infinite values (training diverged?); "
                                f"nothing was written to {path}")
    final = Path(path)
    with atomic_path(final, keep_suffix=True) as tmp:  # gensim compresses by suffix
        if fmt == "kv":
            # gensim writes big arrays beside the file (NAME.vectors.npy) for large vectors; keep
            # it in one file so the atomic rename covers everything
            kv.save(str(tmp), sep_limit=2**62, pickle_protocol=4)
        else:
            # sort_attr=None keeps the in-memory order (gensim would re-sort by "count"); gensim
            # then logs "attribute None not present ... will store in internal index_to_key
            # order" at WARNING on every save, which is exactly what is asked for: dropped
            with _without_gensim_message("attribute None not present"):
                kv.save_word2vec_format(str(tmp), binary=(fmt == "word2vec-binary"),
                                        sort_attr=None)
    return final


@contextlib.contextmanager
def _without_gensim_message(text: str) -> Iterator[None]:
    """Drop gensim's log records containing ``text`` while the block runs."""
    logger = logging.getLogger("gensim.models.keyedvectors")

    def keep(record: logging.LogRecord) -> bool:
        return text not in record.getMessage()

    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


def load_vectors(path: str | os.PathLike[str], fmt: str | None = None,
                 unicode_errors: str = "strict") -> Any:
    """Load vectors saved in any of the three formats, safely.

    ``.kv`` goes through an allow-list unpickler (:mod:`kow2v.formats.kv`: nothing in the file
    can run) and word2vec files through a reader bounded by the file's size
    (:mod:`kow2v.formats.word2vec_format`). ``unicode_errors`` applies to word2vec keys. A
    jamo fastText's ``.kv`` comes back answering words in their ordinary spelling too
    (:class:`~kow2v.jamo_keyed.JamoKeyedVectors`), as its model's ``wv`` did.

    For a whole model file (kow2v's or a gensim save) as well, see
    :func:`kow2v.any_vectors.load_any`.

    Raises
    ------
    VectorFormatError
        A missing, empty, damaged or refused file, in one line naming it.
    """
    fmt = format_for(path, fmt)
    if fmt == "kv":
        from kow2v.formats.kv import load_kv
        from kow2v.jamo_keyed import answer_ordinary_spelling

        if not Path(path).exists():
            raise VectorFormatError(f"{path}: no such file")
        return answer_ordinary_spelling(load_kv(path))
    from kow2v.formats.word2vec_format import read_word2vec

    return read_word2vec(path, binary=(fmt == "word2vec-binary"), unicode_errors=unicode_errors)
