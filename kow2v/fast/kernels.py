"""One gradient step of skip-gram or CBOW on a batch of examples: negative sampling,
hierarchical softmax, or both.

Only the rows a batch touches are read and written: gather -> score -> scatter. Gradients
are computed from the weights as they were at the start of the batch and then added with
repeated rows summed (``scatter.py``), the vectorised counterpart of word2vec's per-pair
updates. The output-row update ``syn1[t] += g * h`` is one sparse product whose values are
the gradients, so the (B, K+1, D) outer product is never built. Each kernel returns the batch
loss (float64; 0.0 unless ``compute_loss``) and raises FloatingPointError on non-finite scores.

The input side goes through a :class:`~kow2v.fast.rows.RowMap` when a word owns several rows
(a subword model); ``rows=None`` is word2vec's one row per word, special-cased at no cost.
With a row map the rules are fastText's (and gensim's FastText): a word's input vector is
the mean of its rows, CBOW's hidden vector the mean of all rows of all context words, and
every one of those rows receives the whole error (fastText does not scale it by the mean).
Each distinct word of a batch is gathered and scattered once: its rows are summed once and
its errors from all its pairs added up before they go back to its rows.

With ``shared_negatives`` (negative sampling alone) each group of a call's pairs or centers
shares one pool of negatives (:class:`~kow2v.fast.labels.SharedNegatives`), scored,
back-propagated and updated by three batched dense products instead of a gathered (B, K, D)
block: approximate, opt-in.

Hierarchical softmax (``paths``, a :class:`~kow2v.fast.huffman.PathTable`) is a second
output head on the same hidden vectors: each example's path rows, padded to the longest
path, are gathered, scored against its hidden vector with one batched product, pushed
towards ``1 - code`` (padding gets no gradient), and handed back as the negatives are.
Its rows lie after the negative-sampling rows in the one output matrix, so the two heads
never touch the same row.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from kow2v.fast.huffman import PathTable
from kow2v.fast.input_plan import InputBatch, plan_inputs
from kow2v.fast.labels import Labels, SharedNegatives, cbow_weights, context_counts, negative_labels
from kow2v.fast.path_plan import BatchPlan, plan_paths
from kow2v.fast.rows import RowMap
from kow2v.fast.scatter import add_rows, offsets, ones, scatter_add, sum_rows

_ONE = np.float32(1.0)
_MINUS_ONE = np.float32(-1.0)


def _label_grads(f: np.ndarray, signs: np.ndarray, alpha: np.float32,
                 out: np.ndarray | None = None) -> np.ndarray:
    """``alpha * (label - sigmoid(f))`` for labels given by ``signs`` (broadcast against ``f``:
    +1 for label 1, -1 for label 0, 0 for no gradient): ``alpha * sign / (1 + exp(sign * f))``;
    a new array unless ``out`` (which may be ``f``).

    NumPy's float32 ``exp`` took 3.7-6 ns an element against 7.5 for its ``tanh`` (the other
    way to a sigmoid without overflow trouble, itself faster than ``scipy.special.expit``),
    and training imports no SciPy special functions (26 MB of modules in each worker process).
    A score whose ``exp`` overflows gets 0, the limit (the trainers call the kernels with
    overflow warnings off; non-finite scores are refused before).
    """
    t = np.multiply(f, signs, out=out)
    np.exp(t, out=t)
    t += _ONE
    return np.divide(signs * alpha, t, out=t)


def _label_loss(f: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """Each score's loss ``-log sigmoid(sign * f)`` (float64) for labels given by ``signs`` as
    in :func:`_label_grads`: -log sigmoid(f) towards 1, -log sigmoid(-f) towards 0."""
    return np.logaddexp(0.0, -signs * f.astype(np.float64))


def _check_finite(f: np.ndarray) -> None:
    if not np.isfinite(f.sum()):
        raise FloatingPointError("non-finite scores")


def _scores_to_grads(f: np.ndarray, signs: np.ndarray, alpha: np.float32,
                     compute_loss: bool) -> tuple[np.ndarray, float]:
    # f: (B, K+1) scores, column 0 the true word, then the negatives; signs: their labels
    # (labels.negative_labels: 0 for a negative equal to the true word, which word2vec skips)
    _check_finite(f)
    loss = float((_label_loss(f, signs) * (signs != 0)).sum()) if compute_loss else 0.0
    return _label_grads(f, signs, alpha, out=f), loss


def _output_update(syn1: np.ndarray, targets: np.ndarray, g: np.ndarray, h: np.ndarray) -> None:
    # syn1[targets[b, k]] += g[b, k] * h[b]: a CSC matrix with column b = row b of targets
    B, K1 = targets.shape
    add_rows(syn1, offsets(B, K1), np.ascontiguousarray(targets).reshape(-1),
             np.ascontiguousarray(g).reshape(-1), h)


def _negative_head(syn1: np.ndarray, h: np.ndarray, targets: np.ndarray, signs: np.ndarray,
                   alpha: np.float32, compute_loss: bool) -> tuple[np.ndarray, float]:
    """Negative sampling on hidden vectors ``h`` (B, D), each scored against its ``targets``
    (B, K+1) with labels ``signs`` (:func:`~kow2v.fast.labels.negative_labels`): the error
    for ``h`` and the loss; ``syn1``'s rows updated."""
    w2 = np.take(syn1, targets, axis=0)  # (B, K+1, D)
    f = np.matmul(w2, h[:, :, None])[:, :, 0]  # (B, K+1)
    g, loss = _scores_to_grads(f, signs, alpha, compute_loss)
    err = np.matmul(g[:, None, :], w2)[:, 0, :]  # (B, D)
    _output_update(syn1, targets, g, h)
    return err, loss


def _shared_negative_head(syn1: np.ndarray, h: np.ndarray, outputs: np.ndarray,
                          shared: SharedNegatives, alpha: np.float32,
                          compute_loss: bool) -> tuple[np.ndarray, float]:
    """Negative sampling with negatives shared by groups of examples
    (:class:`~kow2v.fast.labels.SharedNegatives`): each hidden vector ``h[b]`` scored against
    its true word ``outputs[b]`` and against every word of its group's pool, the pools'
    scores, error and update as three batched dense products (one BLAS call a group) instead of
    a gathered (B, K, D) block; the error for ``h`` and the loss; ``syn1``'s rows updated.

    The examples are laid out in whole groups: ``start`` empty rows before them and empty
    rows after the last up to the end of its group, whose scores are never used (their
    hidden vectors are zero, so they add nothing to the pools' update, their error rows are
    dropped, and they are masked out of the loss).
    """
    pools, weight, group, start = shared
    n, P = pools.shape
    B, D = h.shape
    each = offsets(B, 1)  # 0..B: one entry an example
    true_rows = np.take(syn1, outputs, axis=0)  # (B, D)
    pool_rows = np.take(syn1, pools, axis=0)  # (n, P, D)
    f_true = np.einsum("bd,bd->b", true_rows, h)  # (B,)
    padded = start > 0 or start + B < n * group
    if padded:  # whole groups: empty rows around the examples (never a pool word's id)
        hidden = np.zeros((n * group, D), dtype=h.dtype)
        hidden[start:start + B] = h
        words = np.full(n * group, -1, dtype=outputs.dtype)
        words[start:start + B] = outputs
    else:
        hidden, words = h, outputs
    blocks = hidden.reshape(n, group, D)
    f_pool = np.matmul(blocks, pool_rows.transpose(0, 2, 1))  # (n, group, P)
    _check_finite(f_pool)
    _check_finite(f_true)
    # a pool word equal to the example's true word is skipped (gradient 0), as word2vec skips
    # such a negative; the rest weigh negative/P each, folded into the rate
    skip = np.equal(pools[:, None, :], words.reshape(n, group, 1))  # (n, group, P)
    loss = 0.0
    if compute_loss:
        counted = ~skip.reshape(n * group, P)[start:start + B]
        pool_loss = _label_loss(f_pool.reshape(n * group, P)[start:start + B], _MINUS_ONE)
        loss = float(_label_loss(f_true, _ONE).sum() + weight * (pool_loss * counted).sum())
    g_true = _label_grads(f_true, _ONE, alpha, out=f_true)
    g_pool = _label_grads(f_pool, _MINUS_ONE, alpha * weight, out=f_pool)
    if skip.any():
        g_pool[skip] = 0.0
    # (B, D), from the rows as they were; the empty rows' error is dropped
    err = np.matmul(g_pool, pool_rows).reshape(n * group, D)[start:start + B]
    sum_rows(err, each, each[:-1], g_true, true_rows)  # err[b] += g[b] * true_rows[b]
    pool_update = np.matmul(g_pool.transpose(0, 2, 1), blocks)  # (n, P, D)
    scatter_add(syn1, pools.reshape(-1), pool_update.reshape(n * P, D))
    add_rows(syn1, each, outputs, g_true, h)  # syn1[outputs[b]] += g[b] * h[b]
    return err, loss


def _path_grads(f: np.ndarray, paths: PathTable, words: np.ndarray,
                alpha: np.float32) -> np.ndarray:
    """Hierarchical softmax's gradients for the scores ``f`` (n, L) of the path nodes of
    ``words``: ``alpha * (label - sigmoid(f))`` on the path and 0 on the padding, from
    :attr:`PathTable.signs`."""
    _check_finite(f)
    return _label_grads(f, np.take(paths.signs, words, axis=0), alpha)


def _path_loss(f: np.ndarray, paths: PathTable, words: np.ndarray) -> np.ndarray:
    """Each path node's loss: -log sigmoid(f) towards 1 and -log sigmoid(-f) towards 0, and 0
    on the padding (where the sign is 0)."""
    signs = np.take(paths.signs, words, axis=0)
    return _label_loss(f, signs) * (signs != 0)


def _path_head(syn1: np.ndarray, h: np.ndarray, outputs: np.ndarray, paths: PathTable,
               alpha: np.float32, compute_loss: bool) -> tuple[np.ndarray, float]:
    """Hierarchical softmax on hidden vectors ``h`` (B, D): each output word's path rows,
    padded to the longest path (L), trained towards their labels ``1 - code``; the padding
    gets a zero gradient."""
    rows = np.take(paths.rows, outputs, axis=0)  # (B, L)
    w2 = np.take(syn1, rows, axis=0)  # (B, L, D)
    f = np.matmul(w2, h[:, :, None])[:, :, 0]  # (B, L)
    g = _path_grads(f, paths, outputs, alpha)
    loss = float(_path_loss(f, paths, outputs).sum()) if compute_loss else 0.0
    err = np.matmul(g[:, None, :], w2)[:, 0, :]  # (B, D)
    _output_update(syn1, rows, g, h)
    return err, loss


def _output_heads(syn1: np.ndarray, h: np.ndarray, outputs: np.ndarray,
                  labels: Labels | SharedNegatives,
                  paths: PathTable | None, alpha: np.float32, compute_loss: bool,
                  path_head: Any = None) -> tuple[np.ndarray, float]:
    """The error for the hidden vectors from every output head in use, and the loss
    (``labels``: negative sampling's targets and signs, or the call's shared negatives;
    ``path_head``: which hierarchical-softmax head, :func:`_path_head` by default)."""
    if isinstance(labels, SharedNegatives):  # the call's shared negatives, alone
        return _shared_negative_head(syn1, h, outputs, labels, alpha, compute_loss)
    targets, signs = labels
    if paths is None:
        return _negative_head(syn1, h, targets, signs, alpha, compute_loss)
    err, loss = (path_head or _path_head)(syn1, h, outputs, paths, alpha, compute_loss)
    if targets.shape[1] > 1:  # K > 0 negatives besides the true word
        neg_err, neg_loss = _negative_head(syn1, h, targets, signs, alpha, compute_loss)
        err += neg_err
        loss += neg_loss
    return err, loss


def sg_step(syn0: np.ndarray, syn1: np.ndarray, inputs: np.ndarray, outputs: np.ndarray,
            negatives: np.ndarray, alpha: np.float32, compute_loss: bool = False,
            rows: RowMap | None = None, paths: PathTable | None = None,
            plan: BatchPlan | None = None, input_plan: InputBatch | None = None,
            labels: Labels | SharedNegatives | None = None) -> float:
    """Skip-gram: the input vector of each context word predicts its center word.

    inputs, outputs : (B,) int32 word ids (context, center, as in gensim); negatives : (B, K),
    K may be 0 with ``paths`` (hierarchical softmax alone); plan : how the pairs share their
    paths (:mod:`~kow2v.fast.path_plan`), input_plan : with ``rows``, the batch's distinct
    input words and their rows (:mod:`~kow2v.fast.input_plan`), labels : negative sampling's
    targets and signs (:func:`~kow2v.fast.labels.negative_labels`), or the call's
    :class:`~kow2v.fast.labels.SharedNegatives` (``negatives`` then unused); each made here
    when None
    """
    if labels is None:
        labels = negative_labels(outputs, negatives)
    if rows is not None:
        return _sg_step_rows(syn0, syn1, inputs, outputs, labels, alpha, compute_loss, rows,
                             paths, input_plan)
    l1 = np.take(syn0, inputs, axis=0)  # (B, D); take is 2x faster than syn0[inputs]
    path_head = None
    if paths is not None:
        path_head = functools.partial(_planned_path_head, plan=plan if plan is not None else
                                      plan_paths(outputs, paths, len(outputs)).batch_plan(0))
    neu1e, loss = _output_heads(syn1, l1, outputs, labels, paths, alpha, compute_loss,
                                path_head)
    scatter_add(syn0, inputs, neu1e)
    return loss


def _planned_path_head(syn1: np.ndarray, h: np.ndarray, outputs: np.ndarray,
                       paths: PathTable, alpha: np.float32, compute_loss: bool,
                       plan: BatchPlan) -> tuple[np.ndarray, float]:
    """:func:`_path_head` for skip-gram, where a center's pairs share its path: each block of
    pairs of one word (:mod:`~kow2v.fast.path_plan`) gathers its path rows once and scores
    them against its pairs' hidden vectors in one product; the scores of every pair's real
    path nodes are then taken out of the blocks (the padding's pairs and nodes left behind),
    turned into gradients with the plan's signs, and the error for ``h`` and the output update
    are two sparse products over those entries from the weights at the batch's start
    (``sum_rows``, ``add_rows``), without a (pairs, L, D) block. The same arithmetic as
    :func:`_path_head` (tested equal).
    """
    scores = []
    for pairs, words in plan.groups:
        hidden = np.take(h, pairs, axis=0)  # (n, size, D)
        w2 = np.take(syn1, np.take(paths.rows, words, axis=0), axis=0)  # (n, L, D)
        scores.append(np.matmul(w2, hidden.transpose(0, 2, 1)).reshape(-1))  # (n, L, size)
    f = np.take(np.concatenate(scores), plan.src) if scores else np.zeros(0, h.dtype)
    _check_finite(f)
    loss = float(_label_loss(f, plan.signs).sum()) if compute_loss else 0.0
    g = _label_grads(f, plan.signs, alpha, out=f)
    err = np.zeros_like(h)  # err[b] = sum over b's path of g * syn1[row], a CSR product
    sum_rows(err, plan.indptr, plan.path_rows, g, syn1)  # before syn1 changes
    add_rows(syn1, plan.indptr, plan.path_rows, g, h)  # syn1[row] += g * h[b], CSC
    return err, loss


def _sg_step_rows(syn0: np.ndarray, syn1: np.ndarray, inputs: np.ndarray, outputs: np.ndarray,
                  labels: Labels | SharedNegatives, alpha: np.float32, compute_loss: bool,
                  rows: RowMap, paths: PathTable | None,
                  plan: InputBatch | None = None) -> float:
    if plan is None:
        plan = _call_plan(inputs, rows)
    pair_word, indptr, word_rows = plan.pair_word, plan.indptr, plan.word_rows  # CSR (U, rows)
    vec = np.zeros((len(indptr) - 1, syn0.shape[1]), dtype=syn0.dtype)
    sum_rows(vec, indptr, word_rows, plan.weights, syn0)  # (U, D) each word's mean row
    l1 = np.take(vec, pair_word, axis=0)  # (B, D)
    neu1e, loss = _output_heads(syn1, l1, outputs, labels, paths, alpha, compute_loss)
    err = np.zeros_like(vec)
    scatter_add(err, pair_word, neu1e)  # (U, D) each word's errors, summed over its pairs
    add_rows(syn0, indptr, word_rows, ones(len(word_rows), syn0.dtype), err)
    return loss


def _call_plan(inputs: np.ndarray, rows: RowMap) -> InputBatch:
    """One call's plan of its distinct input words, made here where the examples did not
    bring one (a crowded call's pieces, or a kernel called directly)."""
    return plan_inputs(inputs, rows, max(len(inputs), 1)).batch_plan(0)


def cbow_step(syn0: np.ndarray, syn1: np.ndarray, context_words: np.ndarray,
              indptr: np.ndarray, centers: np.ndarray, negatives: np.ndarray,
              alpha: np.float32, cbow_mean: bool = True, compute_loss: bool = False,
              rows: RowMap | None = None, paths: PathTable | None = None,
              labels: Labels | SharedNegatives | None = None,
              weights: np.ndarray | None = None,
              input_plan: InputBatch | None = None) -> float:
    """CBOW: the sum (or mean) of each center's context vectors predicts the center word.

    context_words : (P,) int32 ids of the contexts, grouped by center; indptr : (C+1,) int32,
    center c owns ``context_words[indptr[c]:indptr[c+1]]``; centers : (C,); negatives : (C, K);
    labels : negative sampling's targets and signs, or the call's
    :class:`~kow2v.fast.labels.SharedNegatives` (``negatives`` then unused); weights : with
    ``cbow_mean``, each
    context's weight in its center's mean (:mod:`~kow2v.fast.labels`), input_plan : with
    ``rows``, the call's distinct context words and their rows (:mod:`~kow2v.fast.input_plan`;
    its weights unused); each made here when None
    """
    C, D = len(centers), syn0.shape[1]
    if labels is None:
        labels = negative_labels(centers, negatives)
    if rows is None:  # a context word is one row: the rows are the words
        in_rows, in_ptr, source = context_words, indptr, syn0
    else:  # sum each distinct context word's rows once, then combine the sums per center
        if input_plan is None:
            input_plan = _call_plan(context_words, rows)
        word_ptr, word_rows = input_plan.indptr, input_plan.word_rows
        source = np.zeros((len(word_ptr) - 1, D), dtype=syn0.dtype)
        sum_rows(source, word_ptr, word_rows, ones(len(word_rows), syn0.dtype), syn0)
        in_rows, in_ptr = input_plan.pair_word, indptr
    if not cbow_mean:
        weights = ones(len(context_words), syn0.dtype)
    elif weights is None:
        weights = cbow_weights(context_words, indptr, rows)  # (P,)
    neu1 = np.zeros((C, D), dtype=syn0.dtype)
    sum_rows(neu1, in_ptr, in_rows, weights, source)  # (C, D) mean/sum of the context rows
    work, loss = _output_heads(syn1, neu1, centers, labels, paths, alpha, compute_loss)
    if not cbow_mean:  # gensim: with a sum the error is averaged back, with a mean it is not
        work /= context_counts(context_words, indptr, rows)[:, None]
    # every context row gets its center's error: a CSC matrix, column c = center c's contexts
    each = ones(len(context_words), syn0.dtype)
    if rows is None:
        add_rows(syn0, indptr, context_words, each, work)
        return loss
    err = np.zeros_like(source)
    add_rows(err, indptr, in_rows, each, work)  # (U, D) each word's errors, summed
    add_rows(syn0, word_ptr, word_rows, ones(len(word_rows), syn0.dtype), err)
    return loss
