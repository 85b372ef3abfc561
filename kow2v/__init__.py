"""kow2v: Korean word vectors with pluggable tokenizers and a from-scratch NumPy word2vec.

Heavy and optional dependencies are imported where they are used, so ``import kow2v`` is
cheap and works with only the core dependencies installed.
"""

from __future__ import annotations

import logging
from typing import Any

__version__ = "0.2.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["FastText", "Word2Vec", "__version__", "get_tokenizer", "tokenizer_names"]


def __getattr__(name: str) -> Any:
    # lazy public names: `from kow2v import Word2Vec` must not import gensim for `kow2v --help`
    if name == "Word2Vec":
        from kow2v.word2vec import Word2Vec

        return Word2Vec
    if name == "FastText":
        from kow2v.fasttext import FastText

        return FastText
    if name in ("get_tokenizer", "tokenizer_names"):
        from kow2v.tokenizers import registry

        return getattr(registry, name)
    raise AttributeError(f"module 'kow2v' has no attribute {name!r}")
