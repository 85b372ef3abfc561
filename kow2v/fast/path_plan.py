"""Hierarchical softmax with skip-gram: how each batch's pairs share their path rows, planned
with the examples.

A center and its contexts make pairs with one output word and so one Huffman path. A batch
(``batch`` pairs) therefore orders its pairs by output word, cuts each word's pairs into blocks
of at most :data:`PATH_BLOCK` and pads each block to 1, 2, 4 or 8 pairs (the padding repeats
its last pair); blocks of one padded size are stacked, and the kernel gathers each block's
path rows once and scores them against all its pairs in one product. Where exact run lengths
padded to the longest path did 3.7x the useful work, these blocks do 1.6x.

After scoring, each pair's real path nodes are taken out of the blocks and only they get a
gradient; the error for each pair and the output update are then two sparse products over
them (the padding's zero gradients were 26% of that work when it was included). The plan
holds all of it: each block's pairs and word (the kernel gathers the word's path rows from the
:class:`PathTable`); each pair's path rows as CSR; where each path entry's score lies among the
blocks' scores (``src``), so the kernel takes them out with one ``take``; and the sign of each
entry's label (``signs``), from which its gradient is made.

None of this depends on the weights. It is made for a whole job at once, in a few NumPy calls,
by whoever draws the examples (:func:`~kow2v.fast.examples.draw_examples`): with one worker
that is the producer thread or process, off the training thread. Measured on 100,000 reviews
(hs=1, negative=0, 1,946 batches replayed, three passes twice): the kernel took 4.2-4.7 s
planning each batch itself (8.8-9.2 s on a first pass) and 3.1-3.8 s with the plan made
beforehand, job by job in 0.63-0.70 s, the same vectors to the bit; on the whole benchmark
corpus (1 worker, 1 epoch) training took 30.0 s against 40.3 s. Making the gradients from
the real nodes' scores only (with ``signs``), where they had been made on the padded blocks
and then taken out: 80 jobs of the whole corpus replayed in 5.34 s against 6.28 s
(interleaved, medians of 6), whole runs 39.6 s against 46.1 s (gensim 32.8 s; interleaved
fresh processes, medians of 3, 2026-12-04, small-cache host). The cost is memory: a job's plan
is about 138 bytes per pair (4.1 MB for a job of 30,020 pairs; its examples 0.24 MB; 179 with
the signs as float32), mostly each pair's path rows and score positions, in flight between the
two processes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kow2v.fast.huffman import PathTable

#: A word's pairs in one batch are scored in blocks of at most this many, each block padded to
#: a power of two (1, 2, 4, 8): four stacked products per batch.
PATH_BLOCK = 8
_SIZES = tuple(1 << k for k in range(PATH_BLOCK.bit_length()))  # (1, 2, 4, 8)
_PADDED = np.array([0] + [1 << (k - 1).bit_length() for k in range(1, PATH_BLOCK + 1)])

#: One stack of blocks of one padded size ``n``: the pairs each block scores, batch-local
#: (n_blocks, n) int32, and its output word (n_blocks,) int32, whose path the kernel gathers.
Group = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class BatchPlan:
    """One batch's plan: what :func:`~kow2v.fast.kernels.sg_step` needs besides the weights."""

    groups: tuple[Group, ...]  # by padded size, the sizes the batch has
    indptr: np.ndarray  # (B+1,) int32: pair b's path entries are indptr[b]:indptr[b+1]
    path_rows: np.ndarray  # (nnz,) int32 output rows of every pair's path, pair by pair
    #: (nnz,) int32: entry e's score is element src[e] of the groups' scores, each
    #: (n_blocks, L, n), flattened and concatenated in the order of ``groups``
    src: np.ndarray
    #: (nnz,) int8 ``2 * label - 1``: +1 towards 1, -1 towards 0 (a byte, not a float32: 41
    #: bytes a pair less in flight; NumPy casts it as it multiplies, about 4 us a batch)
    signs: np.ndarray


@dataclass(frozen=True)
class PathPlan:
    """A job's plans for its batches of ``batch`` pairs (see :meth:`batch_plan`)."""

    batch: int
    pairs: tuple[np.ndarray, ...]  # per size in _SIZES: (blocks, size) batch-local pairs
    words: tuple[np.ndarray, ...]  # per size: (blocks,) each block's output word
    group_starts: np.ndarray  # (batches + 1, sizes): batch b's blocks of size k in [b, b+1)
    indptr: np.ndarray  # (P+1,) int64 over the job's pairs
    path_rows: np.ndarray  # (nnz,) int32
    src: np.ndarray  # (nnz,) int32, batch-local positions
    signs: np.ndarray  # (nnz,) int8

    def __len__(self) -> int:
        return len(self.group_starts) - 1

    def batch_plan(self, b: int) -> BatchPlan:
        """Batch ``b``'s plan: views of the job's arrays (its CSR offsets rebased)."""
        lo, hi = self.group_starts[b], self.group_starts[b + 1]
        groups = tuple((self.pairs[k][lo[k]:hi[k]], self.words[k][lo[k]:hi[k]])
                       for k in range(len(_SIZES)) if hi[k] > lo[k])
        P = len(self.indptr) - 1
        indptr = self.indptr[b * self.batch:min((b + 1) * self.batch, P) + 1]
        first, last = int(indptr[0]), int(indptr[-1])
        return BatchPlan(groups, (indptr - first).astype(np.int32), self.path_rows[first:last],
                         self.src[first:last], self.signs[first:last])


def plan_paths(outputs: np.ndarray, paths: PathTable, batch: int) -> PathPlan:
    """The plan of skip-gram pairs with output words ``outputs`` (P,), cut into batches of
    ``batch`` pairs in order.

    Examples
    --------
    >>> from kow2v.fast.huffman import path_table
    >>> plan = plan_paths(np.array([2, 0, 2, 2], dtype=np.int32),
    ...                   path_table(np.array([5, 3, 2]), offset=0), batch=3)
    >>> len(plan), [(g[0].tolist(), g[1].tolist()) for g in plan.batch_plan(0).groups]
    (2, [([[1]], [0]), ([[0, 2]], [2])])
    >>> plan.batch_plan(1).indptr.tolist(), plan.batch_plan(1).path_rows.tolist()
    ([0, 2], [1, 0])
    """
    outputs = np.asarray(outputs, dtype=np.int32)
    P, L, V = len(outputs), paths.rows.shape[1], max(len(paths.rows), 1)
    n_batches = -(-P // batch)
    pair_batch = np.arange(P, dtype=np.int64) // batch
    # each batch's pairs ordered by output word (stable), batch after batch: runs of one word
    # never cross a batch
    keys = pair_batch * V + outputs
    order = np.argsort(keys, kind="stable")
    sorted_words = outputs[order]
    run_starts = np.flatnonzero(np.diff(keys[order], prepend=-1))  # keys are >= 0
    in_run = np.arange(P) - np.repeat(run_starts, np.diff(np.append(run_starts, P)))
    slot_of = in_run % PATH_BLOCK  # each sorted position's slot in its block
    block_starts = np.flatnonzero(slot_of == 0)  # (S,) sorted positions
    block_sizes = np.diff(np.append(block_starts, P))
    block_batch = block_starts // batch
    words = sorted_words[block_starts]
    padded = _PADDED[block_sizes]
    counts = np.stack([np.bincount(block_batch[padded == n], minlength=n_batches)
                       for n in _SIZES], axis=1)  # (batches, sizes) blocks of each size
    group_starts = np.zeros((n_batches + 1, len(_SIZES)), dtype=np.int64)
    np.cumsum(counts, axis=0, out=group_starts[1:])
    # where each block's gradients start among its batch's: the batch's groups of smaller
    # padded sizes first, then the block's rank within its own group
    group_offset = np.cumsum(counts * (np.array(_SIZES) * L), axis=1) - counts * (
        np.array(_SIZES) * L)  # (batches, sizes)
    block_base = np.empty(len(block_starts), dtype=np.int64)
    pairs, block_words = [], []
    for k, n in enumerate(_SIZES):
        blocks = np.flatnonzero(padded == n)  # in batch order
        rank = np.arange(len(blocks)) - group_starts[block_batch[blocks], k]
        block_base[blocks] = group_offset[block_batch[blocks], k] + rank * (n * L)
        size_of = block_sizes[blocks][:, None]
        slot = np.minimum(np.arange(n)[None, :], size_of - 1)  # padding repeats the last pair
        local = order[block_starts[blocks][:, None] + slot] - (block_batch[blocks] * batch)[:, None]
        pairs.append(local.astype(np.int32))
        block_words.append(words[blocks])
    # a block's gradients are (L, n), node by node: node i of the pair in slot j is element
    # base + i * n + j, in pair order
    block_of = np.repeat(np.arange(len(block_starts)), block_sizes)  # per sorted position
    pair_pos = np.empty(P, dtype=np.int64)
    pair_pos[order] = block_base[block_of] + slot_of
    stride = np.empty(P, dtype=np.int64)
    stride[order] = padded[block_of]
    lengths = np.take(paths.lengths, outputs)
    indptr = np.zeros(P + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    on_path = np.arange(L)[None, :] < lengths[:, None]  # (P, L)
    path_rows = np.take(paths.rows, outputs, axis=0)[on_path]
    signs = np.take(paths.signs, outputs, axis=0)[on_path].astype(np.int8)  # +-1: 1 byte
    node = np.arange(indptr[-1]) - np.repeat(indptr[:-1], lengths)  # each entry's depth
    src = np.repeat(pair_pos, lengths) + node * np.repeat(stride, lengths)
    return PathPlan(batch, tuple(pairs), tuple(block_words), group_starts, indptr, path_rows,
                    src.astype(np.int32), signs)
