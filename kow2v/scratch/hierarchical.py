"""Hierarchical softmax (Mikolov et al. 2013; gensim's ``hs=1``) as a loss layer in the book's
style, beside :class:`~kow2v.scratch.sampling.NegativeSamplingLoss`.

Each word is a leaf of a binary Huffman tree built over the corpus counts (gensim's tree:
:mod:`kow2v.fast.huffman`). Predicting a word is a sequence of yes/no decisions at the inner
nodes on its path from the root, each a sigmoid of ``W[node] . h``, so

    P(word | h) = prod over the path of sigmoid(+-W[node] . h)

is a proper distribution over the whole vocabulary (the probabilities sum to 1) that costs
O(log V) rows per example instead of the full softmax's V. Frequent words get short paths.
"""

from __future__ import annotations

import numpy as np

from kow2v.fast.huffman import path_table
from kow2v.scratch.functions import sigmoid


class HuffmanTree:
    """Every word's path through the Huffman tree over its counts, padded to the longest.

    Parameters
    ----------
    corpus : array of int
        Word ids; their counts shape the tree (frequent words near the root).
    vocab_size : int, optional
        The number of words, when some ids never occur in ``corpus``; default ``max + 1``.

    Attributes
    ----------
    points : (V, L) int array
        Inner nodes on each word's path, root first (rows of the output matrix, ``0..V-2``,
        gensim's ``point``); the padding repeats the root.
    labels : (V, L) float array
        What each node's sigmoid is trained towards: ``1 - code`` (gensim's convention).
    mask : (V, L) float array
        1.0 on the path, 0.0 on the padding.

    Examples
    --------
    >>> tree = HuffmanTree(np.array([0, 0, 0, 0, 0, 1, 1, 1, 2, 2]))
    >>> tree.points.tolist(), tree.labels.tolist()
    ([[1, 1], [1, 0], [1, 0]], [[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    >>> tree.mask.tolist()  # word 0, the most frequent, is one decision from the root
    [[1.0, 0.0], [1.0, 1.0], [1.0, 1.0]]
    """

    def __init__(self, corpus: np.ndarray, vocab_size: int | None = None) -> None:
        counts = np.bincount(np.asarray(corpus), minlength=vocab_size or 0)
        if vocab_size is not None and len(counts) > vocab_size:
            raise ValueError(f"the corpus has word id {len(counts) - 1}, beyond vocab_size "
                             f"{vocab_size}")
        self.vocab_size = len(counts)
        table = path_table(counts, offset=0)  # the engine's padded paths, rows = inner nodes
        self.points, self.labels, self.mask = table.rows, table.labels, table.valid

    @property
    def inner_nodes(self) -> int:
        """Rows the output matrix needs: ``V - 1`` (at least 1)."""
        return max(self.vocab_size - 1, 1)


class HierarchicalSoftmax:
    """The loss ``-log P(target | h)`` along each target's Huffman path, averaged over the batch.

    Parameters
    ----------
    W : (V - 1, H) array
        One row per inner node of the tree (``tree.inner_nodes`` rows).
    corpus : array of int
        Word ids, for the tree (ignored when ``tree`` is given).
    tree : HuffmanTree, optional
        A tree to share between several layers (skip-gram's context positions).

    Notes
    -----
    The loss is comparable to :class:`~kow2v.scratch.layers.SoftmaxWithLoss`'s: both are the
    mean over the batch of ``-log P(target | h)``. Its gradient with respect to a node's score
    is ``sigmoid(score) - label`` on the path and 0 on the padding, word2vec's ``g`` with the
    sign and the learning rate taken out.

    Examples
    --------
    >>> corpus = np.array([0, 0, 0, 1, 1, 2])
    >>> tree = HuffmanTree(corpus)
    >>> layer = HierarchicalSoftmax(np.zeros((tree.inner_nodes, 4)), corpus, tree=tree)
    >>> h = np.ones((3, 4))
    >>> tree.mask.sum(axis=1).tolist()  # decisions per word: the most frequent is one
    [1.0, 2.0, 2.0]
    >>> round(layer.forward(h, np.array([0, 1, 2])), 4)  # each 50/50 with W = 0: 5 log 2 / 3
    1.1552
    """

    def __init__(self, W: np.ndarray, corpus: np.ndarray | None = None,
                 tree: HuffmanTree | None = None) -> None:
        if tree is None:
            if corpus is None:
                raise ValueError("give the corpus (for the tree) or a tree")
            tree = HuffmanTree(corpus)
        if len(W) < tree.inner_nodes:
            raise ValueError(f"W has {len(W)} rows; the tree has {tree.inner_nodes} inner nodes")
        self.tree = tree
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.cache: tuple[np.ndarray, ...] | None = None

    def forward(self, h: np.ndarray, target: np.ndarray) -> float:
        """``h`` (N, H) hidden vectors, ``target`` (N,) word ids -> mean loss."""
        (W,) = self.params
        target = np.asarray(target)
        nodes = self.tree.points[target]  # (N, L)
        labels = self.tree.labels[target].astype(W.dtype, copy=False)
        mask = self.tree.mask[target].astype(W.dtype, copy=False)
        node_W = W[nodes]  # (N, L, H)
        score = np.einsum("nlh,nh->nl", node_W, h)  # (N, L)
        # -log sigmoid(score) towards 1, -log sigmoid(-score) towards 0
        loss = np.logaddexp(0, np.where(labels > 0, -score, score)) * mask
        self.cache = (h, nodes, node_W, sigmoid(score), labels, mask)
        return float(loss.sum() / len(target))

    def backward(self, dout: float = 1.0) -> np.ndarray:
        """dh (N, H); the nodes' gradient goes into ``grads[0]``."""
        assert self.cache is not None, "backward before forward"
        h, nodes, node_W, y, labels, mask = self.cache
        dscore = (y - labels) * mask * (dout / len(h))  # (N, L), 0 on the padding
        dW = self.grads[0]
        dW[...] = 0
        np.add.at(dW, nodes, dscore[:, :, None] * h[:, None, :])  # a node on many paths sums
        return np.einsum("nl,nlh->nh", dscore, node_W)
