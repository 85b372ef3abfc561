"""Negative sampling (DLfS2 ch. 4): the unigram^0.75 sampler and the loss built on it."""

from __future__ import annotations

import numpy as np

from kow2v.scratch.functions import add_all
from kow2v.scratch.layers import EmbeddingDot, SigmoidWithLoss


class UnigramSampler:
    """Draw negatives with probability proportional to ``count ** power``.

    A row's own target is never drawn as its negative, and negatives in a row are distinct
    (the book's ``replace=False``), so ``sample_size`` must be below the vocabulary size.

    Parameters
    ----------
    corpus : array of int
        Word ids of the training corpus; only their counts are kept.
    power : float
        0.75 in word2vec (Mikolov et al. 2013).
    sample_size : int
        Negatives per target.
    seed : int or numpy.random.Generator, optional
    """

    def __init__(self, corpus: np.ndarray, power: float, sample_size: int,
                 seed: int | np.random.Generator | None = None) -> None:
        counts = np.bincount(np.asarray(corpus))
        self.vocab_size = len(counts)
        if sample_size >= self.vocab_size:
            raise ValueError(f"sample_size {sample_size} needs a vocabulary larger than "
                             f"{self.vocab_size}")
        self.sample_size = sample_size
        p = counts.astype(np.float64) ** power
        self.word_p = p / p.sum()
        self.rng = np.random.default_rng(seed)

    def get_negative_sample(self, target: np.ndarray) -> np.ndarray:
        """(N,) targets -> (N, sample_size) negatives, none equal to its row's target."""
        target = np.asarray(target)
        out = np.empty((len(target), self.sample_size), dtype=np.int64)
        for i, t in enumerate(target):
            p = self.word_p.copy()
            p[t] = 0
            p /= p.sum()
            out[i] = self.rng.choice(self.vocab_size, size=self.sample_size, replace=False, p=p)
        return out


class NegativeSamplingLoss:
    """One positive and ``sample_size`` negative binary classifications per target.

    ``sampler`` may be shared between several losses (the book builds one per layer, each
    re-counting the corpus).
    """

    def __init__(self, W: np.ndarray, corpus: np.ndarray, power: float = 0.75,
                 sample_size: int = 5, seed: int | np.random.Generator | None = None,
                 sampler: UnigramSampler | None = None) -> None:
        self.sample_size = sample_size
        self.sampler = sampler or UnigramSampler(corpus, power, sample_size, seed)
        self.loss_layers = [SigmoidWithLoss() for _ in range(sample_size + 1)]
        self.embed_dot_layers = [EmbeddingDot(W) for _ in range(sample_size + 1)]
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        for layer in self.embed_dot_layers:
            self.params += layer.params
            self.grads += layer.grads

    def forward(self, h: np.ndarray, target: np.ndarray) -> float:
        n = len(target)
        negative_sample = self.sampler.get_negative_sample(target)  # (N, S)
        score = self.embed_dot_layers[0].forward(h, target)
        loss = self.loss_layers[0].forward(score, np.ones(n, dtype=np.int32))
        negative_label = np.zeros(n, dtype=np.int32)
        for i in range(self.sample_size):
            score = self.embed_dot_layers[1 + i].forward(h, negative_sample[:, i])
            loss += self.loss_layers[1 + i].forward(score, negative_label)
        return loss

    def backward(self, dout: float = 1.0) -> np.ndarray:
        return add_all(dot_layer.backward(loss_layer.backward(dout))
                       for loss_layer, dot_layer in zip(self.loss_layers, self.embed_dot_layers,
                                                        strict=True))
