"""SGD and Adam with the book's ``update(params, grads)`` signature; updates are in place."""

from __future__ import annotations

import numpy as np


class SGD:
    """``param -= lr * grad``."""

    def __init__(self, lr: float = 0.01) -> None:
        self.lr = lr

    def update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        for param, grad in zip(params, grads, strict=True):
            param -= self.lr * grad


class Adam:
    """Adam (Kingma & Ba 2015), bias correction folded into the step size as in the book."""

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999) -> None:
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter = 0
        self.m: list[np.ndarray] | None = None
        self.v: list[np.ndarray] | None = None

    def update(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        if self.m is None or self.v is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
        for param, grad, m, v in zip(params, grads, self.m, self.v, strict=True):
            m += (1 - self.beta1) * (grad - m)
            v += (1 - self.beta2) * (grad**2 - v)
            param -= lr_t * m / (np.sqrt(v) + 1e-7)
