"""What a trained model answers beyond its vectors: gensim's ``predict_output_word``,
``estimate_memory`` and ``score``, for :class:`kow2v.Word2Vec` (and the first two for
:class:`kow2v.FastText`)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
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
    if model.wv is None:
        raise RuntimeError("the model has no trained weights: build_vocab and train first")
    if model.syn1neg is None:  # gensim's own limit: a softmax over syn1neg's rows
        raise RuntimeError("predict_output_word needs negative sampling's weights (negative > "
                           "0), as in gensim")
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
    """gensim's estimate (same keys: ``vocab``, ``vectors``, ``syn1neg``/``syn1``, ``total``), plus
    ``ngrams`` for a subword model's n-gram buckets; bytes."""
    vocab_size = vocab_size or (len(model.wv) if model.wv is not None else 0)
    report = dict(report or {})
    row = model.vector_size * np.dtype(np.float32).itemsize
    report["vocab"] = vocab_size * BYTES_PER_VOCAB_ENTRY
    report["vectors"] = vocab_size * row
    if model.negative:
        report["syn1neg"] = vocab_size * row
    if model.hs:
        report["syn1"] = vocab_size * row
    bucket = getattr(model.config, "bucket", 0) if getattr(model.config, "max_n", 0) else 0
    if bucket:
        report["ngrams"] = bucket * row
    report["total"] = sum(v for k, v in report.items() if k != "total")
    log.info("estimated required memory for %i words and %i dimensions: %i bytes",
             vocab_size, model.vector_size, report["total"])
    return report


def score(model: Any, sentences: Iterable[Sequence[str]],
          total_sentences: int = int(1e6)) -> np.ndarray:
    """gensim's ``Word2Vec.score``: the log probability of each sentence under a
    hierarchical-softmax model (Taddy's document classification by inversion).

    Each in-vocabulary word is predicted along its Huffman path by each word of its full
    (unshrunk) window (skip-gram), or by their mean or sum (CBOW), as gensim scores; words
    outside the vocabulary are skipped. The sigmoid is exact (gensim reads a table and skips
    nodes whose score is beyond +-6), and long sentences are not cut at 10,000 words.
    Returns float32 scores, one per sentence read (at most ``total_sentences``).
    """
    from scipy.special import log_expit

    from kow2v.fast.windows import context_pairs

    if not model.hs or model.syn1 is None or model.vocab is None:
        raise RuntimeError("score needs a model trained with hierarchical softmax (hs=1), "
                           "as in gensim")
    syn0, output, paths = model.wv.vectors, model._output, model._paths
    scores = np.zeros(total_sentences, dtype=np.float32)
    unused = np.random.default_rng(0)  # full windows draw nothing; context_pairs wants one
    count = 0
    for sentence in sentences:
        if count == total_sentences:
            log.warning("terminating after %d sentences (set a higher total_sentences for "
                        "more)", count)
            break
        ids, _ = model.vocab.encode_many([sentence])
        centers, contexts = context_pairs(np.zeros(len(ids), dtype=np.int32), model.window,
                                          unused, shrink_windows=False)
        if model.sg:
            predicted, hidden = ids[centers], syn0[ids[contexts]].astype(np.float64)
        else:  # every in-vocabulary position, its window's sum or mean (zeros: no context)
            predicted = ids
            hidden = np.zeros((len(ids), syn0.shape[1]))
            np.add.at(hidden, centers, syn0[ids[contexts]])
            if model.cbow_mean:
                hidden /= np.maximum(np.bincount(centers, minlength=len(ids)), 1)[:, None]
        rows, labels, valid = (t[predicted] for t in (paths.rows, paths.labels, paths.valid))
        f = np.einsum("bld,bd->bl", output[rows].astype(np.float64), hidden)
        scores[count] = (log_expit(np.where(labels > 0, f, -f)) * valid).sum()
        count += 1
    return scores[:count]
