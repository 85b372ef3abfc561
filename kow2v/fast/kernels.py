"""One gradient step of skip-gram or CBOW with negative sampling on a batch of examples.

Only the rows a batch touches are read and written: gather -> score -> scatter. Gradients
are computed from the weights as they were at the start of the batch and then added with
repeated rows summed (``scatter.py``), the vectorised counterpart of word2vec's per-pair
updates. The output-row update ``syn1[t] += g * h`` is one sparse product whose values are
the gradients, so the (B, K+1, D) outer product is never built. Each kernel returns the batch
loss (float64; 0.0 unless ``compute_loss``) and raises FloatingPointError on non-finite scores.

The input side goes through a :class:`~kow2v.fast.rows.RowMap` when a word owns several rows
(a subword model); ``rows=None`` is word2vec's one row per word, special-cased at no cost.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from kow2v.fast.rows import RowMap, gather, scatter
from kow2v.fast.scatter import add_rows, sum_rows


def _scores_to_grads(f: np.ndarray, hit: np.ndarray, alpha: np.float32,
                     compute_loss: bool) -> tuple[np.ndarray, float]:
    # f: (B, K+1) scores, column 0 the true word (label 1), then the negatives (label 0);
    # hit: (B, K) negatives equal to the true word, which word2vec skips
    if not np.isfinite(f.sum()):
        raise FloatingPointError("non-finite scores")
    g = expit(f)  # (B, K+1)
    np.negative(g, out=g)
    g[:, 0] += 1.0
    g *= alpha
    g[:, 1:][hit] = 0.0
    loss = 0.0
    if compute_loss:
        f64 = f.astype(np.float64)
        neg_terms = np.logaddexp(0.0, f64[:, 1:])  # -log sigmoid(-f) per negative
        neg_terms[hit] = 0.0
        loss = float(np.logaddexp(0.0, -f64[:, 0]).sum() + neg_terms.sum())
    return g, loss


def _output_update(syn1: np.ndarray, targets: np.ndarray, g: np.ndarray, h: np.ndarray) -> None:
    # syn1[targets[b, k]] += g[b, k] * h[b]: a CSC matrix with column b = row b of targets
    B, K1 = targets.shape
    indptr = np.arange(0, B * K1 + 1, K1, dtype=np.int32)
    add_rows(syn1, indptr, targets.reshape(-1), np.ascontiguousarray(g).reshape(-1), h)


def sg_step(syn0: np.ndarray, syn1: np.ndarray, inputs: np.ndarray, outputs: np.ndarray,
            negatives: np.ndarray, alpha: np.float32, compute_loss: bool = False,
            rows: RowMap | None = None) -> float:
    """Skip-gram: the input vector of each context word predicts its center word.

    inputs, outputs : (B,) int32 word ids (context, center, as in gensim); negatives : (B, K)
    """
    selection = None if rows is None else rows.select(inputs)
    l1 = gather(syn0, inputs, selection)  # (B, D)
    targets = np.concatenate([outputs[:, None], negatives], axis=1)  # (B, K+1)
    w2 = np.take(syn1, targets, axis=0)  # (B, K+1, D)
    f = np.matmul(w2, l1[:, :, None])[:, :, 0]  # (B, K+1)
    g, loss = _scores_to_grads(f, negatives == outputs[:, None], alpha, compute_loss)
    neu1e = np.matmul(g[:, None, :], w2)[:, 0, :]  # (B, D)
    _output_update(syn1, targets, g, l1)
    scatter(syn0, inputs, neu1e, selection)
    return loss


def cbow_step(syn0: np.ndarray, syn1: np.ndarray, context_words: np.ndarray,
              indptr: np.ndarray, centers: np.ndarray, negatives: np.ndarray,
              alpha: np.float32, cbow_mean: bool = True, compute_loss: bool = False,
              rows: RowMap | None = None) -> float:
    """CBOW: the sum (or mean) of each center's context vectors predicts the center word.

    context_words : (P,) int32 ids of the contexts, grouped by center; indptr : (C+1,) int32,
    center c owns ``context_words[indptr[c]:indptr[c+1]]``; centers : (C,); negatives : (C, K)
    """
    C, D = len(centers), syn0.shape[1]
    count = np.diff(indptr).astype(syn0.dtype)  # (C,)
    if cbow_mean:
        weights = np.repeat(1.0 / count, np.diff(indptr)).astype(syn0.dtype)  # (P,)
    else:
        weights = np.ones(len(context_words), dtype=syn0.dtype)
    # center c -> its input rows: the contexts' own rows (word2vec) or each context's rows
    if rows is None:
        in_ptr, in_rows, back = indptr, context_words, None  # back: weights of the gradient
    else:
        word_ptr, in_rows, back = rows.select(context_words)  # (P+1,), (nnz,), (nnz,)
        in_ptr = word_ptr[indptr]  # (C+1,)
        weights = back * np.repeat(weights, np.diff(word_ptr))  # (nnz,)
    neu1 = np.zeros((C, D), dtype=syn0.dtype)
    sum_rows(neu1, in_ptr, in_rows, weights, syn0)  # (C, D) mean/sum of context vectors
    targets = np.concatenate([centers[:, None], negatives], axis=1)  # (C, K+1)
    w2 = np.take(syn1, targets, axis=0)  # (C, K+1, D)
    f = np.matmul(w2, neu1[:, :, None])[:, :, 0]  # (C, K+1)
    g, loss = _scores_to_grads(f, negatives == centers[:, None], alpha, compute_loss)
    work = np.matmul(g[:, None, :], w2)[:, 0, :]  # (C, D)
    if not cbow_mean:  # gensim: with a sum the error is averaged back, with a mean it is not
        work /= count[:, None]
    _output_update(syn1, targets, g, neu1)
    # every context vector gets its center's error (each row of it times the row's weight): a
    # CSC matrix, column c = center c's input rows
    if back is None:
        back = np.ones(len(in_rows), dtype=syn0.dtype)
    add_rows(syn0, in_ptr, in_rows, back, work)
    return loss
