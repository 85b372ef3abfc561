"""What a trained model answers beyond its vectors: gensim's ``predict_output_word`` and
``estimate_memory``, for :class:`kow2v.Word2Vec` and :class:`kow2v.FastText`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

# gensim's estimate of one vocabulary entry's Python objects (negative sampling)
BYTES_PER_VOCAB_ENTRY = 500


def predict_output_word(model: Any, context_words_list: Sequence[str | int],
                        topn: int = 10) -> list[tuple[str, float]] | None:
    """The ``topn`` most probable center words given ``context_words_list``, as gensim's.

    A CBOW-style pass even for skip-gram: the (mean, with ``cbow_mean``) input vector of the
    known context words, times the output weights, softmax. Context words may be words or
    indices; unknown ones are ignored, and with none known the answer is ``None`` (logged),
    as in gensim. The softmax is computed stably (gensim exponentiates directly and can
    overflow on large weights). A jamo subword model takes and answers words as written.
    """
    if model.syn1neg is None or model.wv is None:
        raise RuntimeError("the model has no trained weights: build_vocab and train first")
    wv = model.wv
    key, spell = model._vocab_key() or (None, None)

    def row(word: str | int) -> int | None:  # an index as given, a word through its key
        if isinstance(word, (int, np.integer)):
            return int(word) if 0 <= word < len(wv) else None
        return wv.key_to_index.get(key(word) if key is not None else word)

    rows = [r for r in map(row, context_words_list) if r is not None]
    if not rows:
        log.warning("All the input context words are out-of-vocabulary for the current model.")
        return None
    hidden = wv.vectors[rows].sum(axis=0, dtype=np.float64)
    if model.cbow_mean:
        hidden /= len(rows)
    scores = model.syn1neg.astype(np.float64) @ hidden
    probabilities = np.exp(scores - scores.max())
    probabilities /= probabilities.sum()
    top = np.argsort(-probabilities, kind="stable")[:topn]
    words = [wv.index_to_key[i] for i in top]
    if spell is not None:
        words = [spell(w) for w in words]
    return [(w, float(probabilities[i])) for w, i in zip(words, top, strict=True)]


def estimate_memory(model: Any, vocab_size: int | None = None,
                    report: dict[str, int] | None = None) -> dict[str, int]:
    """gensim's estimate (same keys: ``vocab``, ``vectors``, ``syn1neg``, ``total``), plus
    ``ngrams`` for a subword model's n-gram buckets; bytes."""
    vocab_size = vocab_size or (len(model.wv) if model.wv is not None else 0)
    report = dict(report or {})
    row = model.vector_size * np.dtype(np.float32).itemsize
    report["vocab"] = vocab_size * BYTES_PER_VOCAB_ENTRY
    report["vectors"] = vocab_size * row
    report["syn1neg"] = vocab_size * row
    bucket = getattr(model.config, "bucket", 0) if getattr(model.config, "max_n", 0) else 0
    if bucket:
        report["ngrams"] = bucket * row
    report["total"] = sum(v for k, v in report.items() if k != "total")
    log.info("estimated required memory for %i words and %i dimensions: %i bytes",
             vocab_size, model.vector_size, report["total"])
    return report
