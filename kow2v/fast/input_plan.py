"""A subword model's kernel calls: each call's distinct input words and their rows, planned
with the examples.

When a word owns several input rows (fastText's n-grams, a :class:`~kow2v.fast.rows.RowMap`),
a skip-gram batch sums each distinct input word's rows once for all its pairs and adds its
summed error back to them once (:func:`~kow2v.fast.kernels.sg_step`); a CBOW call does the same
for its distinct context words (:func:`~kow2v.fast.kernels.cbow_step`). Which words are distinct,
which pair belongs to which, and which rows each word owns do not depend on the weights, so
they are found with the examples, for a whole job in a few NumPy calls (one ``np.unique`` over
(batch, word) keys, one :meth:`RowMap.select`), by whoever draws them: with one worker the
producer thread or process, off the training thread.

Measured (jamo n-grams, 1 worker): in a run over 300,000 reviews (6,083 batches of 1,024
pairs) the line profile gave finding them 7.7% of the kernel's time (``np.unique`` 4.1%, the
rows 3.6%), and 0.1% once planned; replaying 30,000 reviews' 460 batches, the kernel took 1.70
against 1.42 s (medians of 8 passes), the same vectors to the bit. The plan is about 54 bytes
per pair (its examples 28). Sorting runs of one input word rather than pairs (a center's pairs
come together) took a job's plan from 1.29 to 0.84 ms (60 jobs of 100,000 mecab reviews, the
same plans), whole 2-worker runs of the benchmark corpus 1% less time (medians of 6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kow2v.fast.rows import RowMap


@dataclass(frozen=True)
class InputBatch:
    """One batch's plan: pair ``b`` reads distinct word ``pair_word[b]``, whose rows are
    ``word_rows[indptr[u]:indptr[u+1]]`` with weights ``weights[...]`` (a CSR matrix over the
    batch's distinct words, in increasing word order)."""

    pair_word: np.ndarray  # (B,) int32
    indptr: np.ndarray  # (U+1,) int32
    word_rows: np.ndarray  # (nnz,) int32
    weights: np.ndarray  # (nnz,) float32


@dataclass(frozen=True)
class InputPlan:
    """A job's plans for its kernel calls (see :meth:`batch_plan`): calls of ``batch`` pairs
    (skip-gram), or of ``batch`` centers whose contexts start at ``cuts`` (CBOW)."""

    batch: int
    cuts: np.ndarray  # (batches+1,) int64 where each call's input rows start, then P
    pair_word: np.ndarray  # (P,) int32, batch-local distinct-word numbers
    word_starts: np.ndarray  # (batches+1,) batch b's distinct words are [b, b+1) of the job's
    indptr: np.ndarray  # (words+1,) int32 CSR over all batches' distinct words
    word_rows: np.ndarray  # (nnz,) int32
    weights: np.ndarray  # (nnz,) float32

    def __len__(self) -> int:
        return len(self.word_starts) - 1

    def batch_plan(self, b: int) -> InputBatch:
        """Batch ``b``'s plan: views of the job's arrays (its CSR offsets rebased)."""
        indptr = self.indptr[self.word_starts[b]:self.word_starts[b + 1] + 1]
        first, last = int(indptr[0]), int(indptr[-1])
        return InputBatch(self.pair_word[self.cuts[b]:self.cuts[b + 1]],
                          indptr - np.int32(first), self.word_rows[first:last],
                          self.weights[first:last])


def plan_inputs(inputs: np.ndarray, rows: RowMap, batch: int,
                cuts: np.ndarray | None = None) -> InputPlan:
    """The plan of input rows ``inputs`` (P,) cut into kernel calls in order: skip-gram's
    pairs in calls of ``batch``; with ``cuts`` (the first row of each call, then P), CBOW's
    contexts, whose calls of ``batch`` centers start there.

    Examples
    --------
    >>> m = RowMap.from_lists([[0, 3], [1], [2, 3]], [[0.5, 0.5], [1.0], [0.5, 0.5]])
    >>> plan = plan_inputs(np.array([2, 0, 2, 1], dtype=np.int32), m, batch=3)
    >>> first = plan.batch_plan(0)  # words 0 and 2
    >>> first.pair_word.tolist(), first.indptr.tolist(), first.word_rows.tolist()
    ([1, 0, 1], [0, 2, 4], [0, 3, 2, 3])
    >>> plan.batch_plan(1).pair_word.tolist(), plan.batch_plan(1).word_rows.tolist()
    ([0], [1])
    """
    inputs = np.asarray(inputs, dtype=np.int32)
    P, V = len(inputs), max(len(rows.indptr) - 1, 1)
    if cuts is None:
        cuts = np.append(np.arange(0, P, batch, dtype=np.int64), P)
    cuts = np.asarray(cuts, dtype=np.int64)
    n_batches = len(cuts) - 1
    pair_batch = np.repeat(np.arange(n_batches, dtype=np.int64), np.diff(cuts))
    # pairs come in runs of one input word (fastText's skip-gram: a center's pairs together),
    # so the sort is over runs, cut at batch ends, not pairs: one sort of (batch, word) keys
    # for the job, each batch's distinct words then a stretch of it, in order
    starts = _run_starts(inputs, cuts[:-1])
    keys, run_key = np.unique(pair_batch[starts] * V + inputs[starts], return_inverse=True)
    inverse = np.repeat(run_key.reshape(-1), np.diff(np.append(starts, P)))
    word_batch = keys // V
    word_starts = np.searchsorted(word_batch, np.arange(n_batches + 1))
    pair_word = (inverse - word_starts[pair_batch]).astype(np.int32)
    indptr, word_rows, weights = rows.select((keys - word_batch * V).astype(np.int32))
    return InputPlan(batch, cuts, pair_word, word_starts, indptr, word_rows, weights)


def _run_starts(inputs: np.ndarray, firsts: np.ndarray) -> np.ndarray:
    """Where a run of one input word starts: at a new word, and at each call's first row
    (``firsts``; a call without rows starts nothing)."""
    new = np.empty(len(inputs), dtype=bool)
    new[:1] = True
    np.not_equal(inputs[1:], inputs[:-1], out=new[1:])
    new[firsts[firsts < len(inputs)]] = True
    return np.flatnonzero(new)
