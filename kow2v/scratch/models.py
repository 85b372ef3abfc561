"""The book's word2vec models: one-hot + full softmax (ch. 3), Embedding + negatives (ch. 4),
and the same Embedding models with word2vec's hierarchical softmax instead (``hs=True``).

Every model has ``params``, ``grads``, ``forward(contexts, target) -> loss``, ``backward()``,
``word_vecs`` (the rows of ``W_in``) and ``to_keyedvectors(id_to_word)``. Unlike the book, any
window size works, and each context position has its own input layer instance (a layer
caches its input, so sharing one instance between two positions would make its backward see
only the last one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from kow2v.scratch.functions import add_all
from kow2v.scratch.hierarchical import HierarchicalSoftmax, HuffmanTree
from kow2v.scratch.layers import Embedding, MatMul, SoftmaxWithLoss
from kow2v.scratch.sampling import NegativeSamplingLoss, UnigramSampler


def _init_weights(seed: int | np.random.Generator | None, vocab_size: int, hidden_size: int,
                  dtype: Any, out_as_rows: bool, out_rows: int | None = None
                  ) -> tuple[np.random.Generator, np.ndarray, np.ndarray]:
    """The book's ``0.01 * randn`` for W_in (V, H) and W_out: (H, V) for the one-hot models,
    (V, H) rows for the Embedding models (``out_rows`` rows instead of V: the inner nodes of a
    Huffman tree). Returns the generator too, for the sampler."""
    rng = np.random.default_rng(seed)
    W_in = (0.01 * rng.standard_normal((vocab_size, hidden_size))).astype(dtype)
    out_shape = ((out_rows or vocab_size, hidden_size) if out_as_rows
                 else (hidden_size, vocab_size))
    W_out = (0.01 * rng.standard_normal(out_shape)).astype(dtype)
    return rng, W_in, W_out


class _Model:
    params: list[np.ndarray]
    grads: list[np.ndarray]
    word_vecs: np.ndarray

    def _collect(self, layers: Sequence[Any]) -> None:
        self.params, self.grads = [], []
        for layer in layers:
            self.params += layer.params
            self.grads += layer.grads

    def to_keyedvectors(self, id_to_word: Mapping[int, str] | Sequence[str],
                        counts: Sequence[int] | None = None) -> Any:
        """The word vectors as a gensim ``KeyedVectors`` (``id_to_word`` as from ``preprocess``)."""
        from kow2v.keyedvectors import to_keyed_vectors

        n = self.word_vecs.shape[0]
        words = [id_to_word[i] for i in range(n)]
        return to_keyed_vectors(words, self.word_vecs, counts)


class SimpleCBOW(_Model):
    """CBOW with one-hot input and a full softmax (DLfS2 ch. 3).

    Parameters
    ----------
    vocab_size, hidden_size : int
    window_size : int
        Context words on each side (the book: 1).
    seed : int or numpy.random.Generator, optional
    dtype : numpy dtype
        float32 as in the book; float64 for gradient checks.

    Examples
    --------
    >>> from kow2v.scratch import preprocess, create_contexts_target, convert_one_hot
    >>> corpus, w2i, i2w = preprocess("You say goodbye and I say hello.")
    >>> contexts, target = create_contexts_target(corpus)
    >>> model = SimpleCBOW(len(w2i), 5, seed=0)
    >>> round(model.forward(convert_one_hot(contexts, 7), convert_one_hot(target, 7)), 2)
    1.95
    """

    def __init__(self, vocab_size: int, hidden_size: int, window_size: int = 1,
                 seed: int | np.random.Generator | None = None, dtype: Any = np.float32) -> None:
        _, W_in, W_out = _init_weights(seed, vocab_size, hidden_size, dtype, out_as_rows=False)
        self.in_layers = [MatMul(W_in) for _ in range(2 * window_size)]
        self.out_layer = MatMul(W_out)
        self.loss_layer = SoftmaxWithLoss()
        self._collect([*self.in_layers, self.out_layer, self.loss_layer])
        self.word_vecs = W_in

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:
        # contexts: (N, 2w, V) one-hot, target: (N, V) one-hot or (N,) ids
        h = add_all(layer.forward(contexts[:, i]) for i, layer in enumerate(self.in_layers))
        h = h * (1.0 / len(self.in_layers))  # (N, H)
        score = self.out_layer.forward(h)  # (N, V)
        return self.loss_layer.forward(score, target)

    def backward(self, dout: float = 1.0) -> None:
        ds = self.loss_layer.backward(dout)
        da = self.out_layer.backward(ds) * (1.0 / len(self.in_layers))
        for layer in self.in_layers:
            layer.backward(da)


class SimpleSkipGram(_Model):
    """Skip-gram with one-hot input and a full softmax per context position (DLfS2 ch. 3).

    The loss is the sum over the ``2 * window_size`` context positions.
    """

    def __init__(self, vocab_size: int, hidden_size: int, window_size: int = 1,
                 seed: int | np.random.Generator | None = None, dtype: Any = np.float32) -> None:
        _, W_in, W_out = _init_weights(seed, vocab_size, hidden_size, dtype, out_as_rows=False)
        self.in_layer = MatMul(W_in)
        self.out_layer = MatMul(W_out)
        self.loss_layers = [SoftmaxWithLoss() for _ in range(2 * window_size)]
        self._collect([self.in_layer, self.out_layer, *self.loss_layers])
        self.word_vecs = W_in

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:
        h = self.in_layer.forward(target)  # (N, H)
        s = self.out_layer.forward(h)  # (N, V)
        return sum(layer.forward(s, contexts[:, i]) for i, layer in enumerate(self.loss_layers))

    def backward(self, dout: float = 1.0) -> None:
        ds = add_all(layer.backward(dout) for layer in self.loss_layers)
        self.in_layer.backward(self.out_layer.backward(ds))


class CBOW(_Model):
    """CBOW with Embedding layers and negative sampling (DLfS2 ch. 4), or hierarchical softmax.

    Parameters
    ----------
    vocab_size, hidden_size, window_size : int
    corpus : array of int
        Word ids; their counts drive the unigram^0.75 negative sampler (or, with ``hs``, shape
        the Huffman tree).
    sample_size : int
        Negatives per target (the book: 5); unused with ``hs``.
    seed : int or numpy.random.Generator, optional
        Seeds both the weights and the negative sampler.
    hs : bool
        Hierarchical softmax (:class:`~kow2v.scratch.hierarchical.HierarchicalSoftmax`, gensim's
        ``hs=1, negative=0``) instead of negative sampling; ``W_out`` then has ``V - 1`` rows,
        one per inner node of the tree.
    """

    def __init__(self, vocab_size: int, hidden_size: int, window_size: int, corpus: np.ndarray,
                 sample_size: int = 5, seed: int | np.random.Generator | None = None,
                 dtype: Any = np.float32, hs: bool = False) -> None:
        tree = HuffmanTree(corpus, vocab_size) if hs else None
        rng, W_in, W_out = _init_weights(seed, vocab_size, hidden_size, dtype, out_as_rows=True,
                                         out_rows=tree.inner_nodes if tree else None)
        self.in_layers = [Embedding(W_in) for _ in range(2 * window_size)]
        self.loss_layer: NegativeSamplingLoss | HierarchicalSoftmax = (
            HierarchicalSoftmax(W_out, tree=tree) if tree is not None else
            NegativeSamplingLoss(W_out, corpus, power=0.75, sample_size=sample_size, seed=rng))
        self._collect([*self.in_layers, self.loss_layer])
        self.word_vecs = W_in

    @property
    def ns_loss(self) -> NegativeSamplingLoss:
        """The book's name for the negative-sampling loss layer."""
        if not isinstance(self.loss_layer, NegativeSamplingLoss):
            raise AttributeError("this model uses hierarchical softmax: see loss_layer")
        return self.loss_layer

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:
        # contexts: (N, 2w) ids, target: (N,) ids
        h = add_all(layer.forward(contexts[:, i]) for i, layer in enumerate(self.in_layers))
        return self.loss_layer.forward(h * (1.0 / len(self.in_layers)), target)

    def backward(self, dout: float = 1.0) -> None:
        dh = self.loss_layer.backward(dout) * (1.0 / len(self.in_layers))
        for layer in self.in_layers:
            layer.backward(dh)


class SkipGram(_Model):
    """Skip-gram with an Embedding layer and negative sampling (DLfS2 ch. 4), or hierarchical
    softmax (``hs``; parameters as :class:`CBOW`).

    One negative sampler (or one Huffman tree) is shared by the context positions (the book
    builds one per position, each re-counting the corpus).
    """

    def __init__(self, vocab_size: int, hidden_size: int, window_size: int, corpus: np.ndarray,
                 sample_size: int = 5, seed: int | np.random.Generator | None = None,
                 dtype: Any = np.float32, hs: bool = False) -> None:
        tree = HuffmanTree(corpus, vocab_size) if hs else None
        rng, W_in, W_out = _init_weights(seed, vocab_size, hidden_size, dtype, out_as_rows=True,
                                         out_rows=tree.inner_nodes if tree else None)
        self.in_layer = Embedding(W_in)
        self.loss_layers: list[NegativeSamplingLoss | HierarchicalSoftmax]
        if tree is not None:
            self.loss_layers = [HierarchicalSoftmax(W_out, tree=tree)
                                for _ in range(2 * window_size)]
        else:
            sampler = UnigramSampler(corpus, 0.75, sample_size, rng)
            self.loss_layers = [NegativeSamplingLoss(W_out, corpus, sample_size=sample_size,
                                                     sampler=sampler)
                                for _ in range(2 * window_size)]
        self._collect([self.in_layer, *self.loss_layers])
        self.word_vecs = W_in

    def forward(self, contexts: np.ndarray, target: np.ndarray) -> float:
        h = self.in_layer.forward(target)  # (N, H)
        return sum(layer.forward(h, contexts[:, i]) for i, layer in enumerate(self.loss_layers))

    def backward(self, dout: float = 1.0) -> None:
        dh = add_all(layer.backward(dout) for layer in self.loss_layers)
        self.in_layer.backward(dh)
