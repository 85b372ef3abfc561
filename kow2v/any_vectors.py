"""Vectors from any file a user holds: a vectors file (``.kv``, word2vec ``.bin``/``.txt``) or
a whole saved model, kow2v's (``model.save``) or gensim's (``Word2Vec.save``,
``FastText.save``), whatever its suffix. What ``kow2v similar`` and ``kow2v evaluate`` read.
"""

from __future__ import annotations

import os
from typing import Any

from kow2v.keyedvectors import load_vectors
from kow2v.model_file import saved_model_kind


def load_any(path: str | os.PathLike[str], unicode_errors: str = "strict") -> Any:
    """The vectors in ``path``: a saved model's ``wv`` (read by ``Word2Vec.load`` or
    ``FastText.load``: nothing in it runs), else :func:`~kow2v.keyedvectors.load_vectors`.

    Raises
    ------
    VectorFormatError, Kow2vError
        A missing, damaged or refused file, in one line naming it.
    """
    kind = saved_model_kind(path)
    if kind == "FastText":
        from kow2v.fasttext import FastText

        return FastText.load(path).wv
    if kind == "Word2Vec":
        from kow2v.word2vec import Word2Vec

        return Word2Vec.load(path).wv
    return load_vectors(path, unicode_errors=unicode_errors)
