"""Hierarchical softmax's Huffman tree, built as gensim builds it (same codes, same points).

Each word is a leaf of a binary tree over the vocabulary's counts; predicting a word is a
sequence of binary decisions along its path from the root. The path's inner nodes
(``points``, rows of the output matrix ``syn1``) are gathered like negatives and its
``codes`` (0 left, 1 right) give the labels: the target of node ``p`` is ``1 - code``.

gensim merges the two smallest counts with :mod:`heapq`, comparing counts only, so ties are
broken by the heap's own order; the tree here repeats those pushes and pops exactly, which is
what makes the codes equal to gensim's for every vocabulary (tested against gensim). The
paths are then read off parent links for all leaves at once, one tree level per step.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np


class _Node:
    """A heap item ordered by count alone (gensim's ``Heapitem.__lt__``)."""

    __slots__ = ("count", "index")

    def __init__(self, count: int, index: int) -> None:
        self.count, self.index = count, index

    def __lt__(self, other: _Node) -> bool:
        return self.count < other.count


def huffman_tree(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parent and branch bit of every node: leaves ``0..V-1``, inner nodes ``V..2V-2``
    (``2V-2`` the root, whose parent is -1).

    >>> parent, bit = huffman_tree(np.array([5, 3, 2]))
    >>> parent.tolist(), bit.tolist()
    ([4, 3, 3, 4, -1], [0, 1, 0, 1, 0])
    """
    V = len(counts)
    parent = np.full(max(2 * V - 1, 0), -1, dtype=np.int64)
    bit = np.zeros(max(2 * V - 1, 0), dtype=np.uint8)
    heap = [_Node(int(c), i) for i, c in enumerate(counts)]
    heapq.heapify(heap)
    for i in range(V - 1):
        left, right = heapq.heappop(heap), heapq.heappop(heap)
        node = V + i
        parent[left.index], parent[right.index] = node, node
        bit[right.index] = 1
        heapq.heappush(heap, _Node(left.count + right.count, node))
    return parent, bit


def huffman_paths(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every word's path from the root, as CSR: word ``w``'s inner nodes are
    ``points[indptr[w]:indptr[w+1]]`` (numbered ``0..V-2`` as gensim's ``point``) and its
    branch bits ``codes[...]`` (gensim's ``code``).

    >>> indptr, points, codes = huffman_paths(np.array([5, 3, 2]))
    >>> [points[indptr[w]:indptr[w + 1]].tolist() for w in range(3)]
    [[1], [1, 0], [1, 0]]
    >>> [codes[indptr[w]:indptr[w + 1]].tolist() for w in range(3)]
    [[0], [1, 1], [1, 0]]
    """
    V = len(counts)
    parent, bit = huffman_tree(counts)
    depth = np.zeros(len(parent), dtype=np.int64)
    for node in range(len(parent) - 2, -1, -1):  # parents are numbered after their children
        depth[node] = depth[parent[node]] + 1
    if V == 1:
        depth[:] = 0  # one word: no decisions to make (gensim gives it an empty code)
    lengths = depth[:V]
    indptr = np.zeros(V + 1, dtype=np.int32)
    np.cumsum(lengths, out=indptr[1:])
    points = np.zeros(indptr[-1], dtype=np.int32)
    codes = np.zeros(indptr[-1], dtype=np.uint8)
    at = np.arange(V)  # where each path has got to, from its leaf up
    slot = indptr[1:].astype(np.int64) - 1  # fill each path from its leaf end
    active = np.flatnonzero(lengths > 0)
    while active.size:
        here = at[active]
        up = parent[here]
        codes[slot[active]] = bit[here]
        points[slot[active]] = up - V
        at[active] = up
        slot[active] -= 1
        active = active[parent[up] >= 0]  # stop once the root's edge is written
    return indptr, points, codes


@dataclass(frozen=True)
class PathTable:
    """The engine's view of the paths, padded to the longest: word ``w``'s output rows
    ``rows[w]`` (``offset + point``; padding repeats a real row), the label each is trained
    towards ``labels[w]`` (``1 - code``) and ``valid[w]`` (1.0 on the path, 0.0 on padding).

    A batch then gathers one (B, L) block per table and scores its (B, L, D) rows with one
    batched product, as the negative-sampling head does: measured on a 33k-word vocabulary
    (mean path 13 nodes, longest 18) 1.3-1.4x the pairs/s of gathering the ragged paths flat.
    """

    rows: np.ndarray  # (V, L) int32
    labels: np.ndarray  # (V, L) float32
    #: (V, L) float32, ``arange(L) < lengths[w]``: the same fact as ``lengths``, kept as the
    #: float mask that the loss (``compute_loss``) and ``predict_output_word`` gather per call
    #: (deriving it there would cost a compare and a cast per call)
    valid: np.ndarray
    lengths: np.ndarray  # (V,) int32 nodes on each path (its first ``lengths[w]`` entries)
    #: (V, L) float32, ``(2 * labels - 1) * valid``: +1 towards 1, -1 towards 0, 0 on the
    #: padding, from which the kernels make a node's gradient ``alpha * (label - sigmoid(f))``
    #: (0 on the padding) in one expression
    signs: np.ndarray

    def path(self, word: int) -> tuple[np.ndarray, np.ndarray]:
        """Word ``word``'s output rows and labels, without the padding."""
        n = self.lengths[word]
        return self.rows[word][:n], self.labels[word][:n]


def path_table(counts: np.ndarray, offset: int) -> PathTable:
    """The :class:`PathTable` of gensim's Huffman tree over ``counts``, rows from ``offset``.

    >>> t = path_table(np.array([5, 3, 2]), offset=10)
    >>> t.rows.tolist(), t.labels.tolist()
    ([[11, 11], [11, 10], [11, 10]], [[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    >>> t.valid.tolist()
    [[1.0, 0.0], [1.0, 1.0], [1.0, 1.0]]
    """
    indptr, points, codes = huffman_paths(counts)
    V = len(counts)
    lengths = np.diff(indptr)
    L = max(int(lengths.max(initial=0)), 1)
    valid = np.arange(L)[None, :] < lengths[:, None]  # (V, L)
    rows = np.full((V, L), offset, dtype=np.int32)
    labels = np.zeros((V, L), dtype=np.float32)
    rows[valid] = points + np.int32(offset)  # row-major order: each word's path in turn
    labels[valid] = 1 - codes
    if V:
        rows[~valid] = np.repeat(rows[:, 0], L - lengths)  # pad with the root's row
    on_path = valid.astype(np.float32)
    signs = (labels * np.float32(2) - np.float32(1)) * on_path
    return PathTable(rows, labels, on_path, lengths.astype(np.int32), signs)
