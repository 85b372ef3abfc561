"""The book's layers (DLfS2 ``common/layers.py``): ``params``, ``grads``, ``forward``, ``backward``.

Each layer caches what its backward pass needs, so one instance serves one use per forward
pass. Gradients are written in place into ``grads`` (the optimiser holds references to them).
"""

from __future__ import annotations

import numpy as np

from kow2v.scratch.functions import cross_entropy_error, sigmoid, softmax


class MatMul:
    """``out = x @ W``."""

    def __init__(self, W: np.ndarray) -> None:
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        (W,) = self.params
        self.x = x
        return x @ W

    def backward(self, dout: np.ndarray) -> np.ndarray:
        (W,) = self.params
        dx = dout @ W.T
        self.grads[0][...] = self.x.T @ dout  # type: ignore[union-attr]
        return dx


class Embedding:
    """Row look-up ``W[idx]``: a MatMul with one-hot input, without building the one-hot."""

    def __init__(self, W: np.ndarray) -> None:
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx: np.ndarray | None = None

    def forward(self, idx: np.ndarray) -> np.ndarray:
        (W,) = self.params
        self.idx = np.asarray(idx)
        return W[self.idx]

    def backward(self, dout: np.ndarray) -> None:
        assert self.idx is not None, "backward before forward"
        dW = self.grads[0]
        dW[...] = 0
        # add.at, not dW[idx] = dout: a word repeated in the batch must get every gradient
        np.add.at(dW, self.idx, dout)


class SoftmaxWithLoss:
    """Softmax then cross-entropy; labels may be ids or one-hot rows."""

    def __init__(self) -> None:
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        self.y = softmax(x)
        t = np.asarray(t)
        self.t = t.argmax(axis=-1) if t.size == self.y.size else t
        return cross_entropy_error(self.y, self.t)

    def backward(self, dout: float = 1.0) -> np.ndarray:
        assert self.y is not None and self.t is not None
        n = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dx * (dout / n)


class SigmoidWithLoss:
    """Sigmoid then binary cross-entropy against 0/1 labels."""

    def __init__(self) -> None:
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        self.t = np.asarray(t)
        self.y = sigmoid(x)
        return cross_entropy_error(np.c_[1 - self.y, self.y], self.t)

    def backward(self, dout: float = 1.0) -> np.ndarray:
        assert self.y is not None and self.t is not None
        return (self.y - self.t) * (dout / self.t.shape[0])


class EmbeddingDot:
    """Score of hidden vectors against the output rows of given words: ``sum(W[idx] * h, 1)``."""

    def __init__(self, W: np.ndarray) -> None:
        self.embed = Embedding(W)
        self.params = self.embed.params
        self.grads = self.embed.grads
        self.cache: tuple[np.ndarray, np.ndarray] | None = None

    def forward(self, h: np.ndarray, idx: np.ndarray) -> np.ndarray:
        target_W = self.embed.forward(idx)  # (N, H)
        self.cache = (h, target_W)
        return np.sum(target_W * h, axis=1)  # (N,)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        assert self.cache is not None
        h, target_W = self.cache
        dout = dout.reshape(-1, 1)  # (N, 1)
        self.embed.backward(dout * h)
        return dout * target_W  # (N, H)
