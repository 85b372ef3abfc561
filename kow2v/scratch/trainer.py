"""Mini-batch training of a scratch model (DLfS2 ``common/trainer.py``), logged, seedable.

Shared weights (one ``W_in`` behind several layers, or a transposed view for tied weights)
appear several times in ``model.params``; :func:`merge_shared` sums their gradients by object
identity in one pass, instead of the book's pairwise value comparison, which is O(n^2) and
can merge two distinct arrays that merely hold equal values (e.g. two zero matrices).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

log = logging.getLogger(__name__)


def _is_transpose_of(p: np.ndarray, base: np.ndarray) -> bool:
    return (p.ndim == 2 and base.ndim == 2 and p.shape == base.shape[::-1]
            and p.strides == base.strides[::-1]
            and p.__array_interface__["data"][0] == base.__array_interface__["data"][0])


def merge_shared(params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> tuple[
        list[np.ndarray], list[np.ndarray]]:
    """Keep each weight array once and sum the gradients of all its uses, in O(len(params)).

    A parameter that is a transposed view of another (``W.T`` for tied weights) is folded into
    its base, its gradient transposed; the optimiser then updates the base, and with it the view.
    """
    owner: dict[int, int] = {}
    out_params: list[np.ndarray] = []
    out_grads: list[np.ndarray] = []
    for p, g in zip(params, grads, strict=True):
        root, grad = p, g
        if p.base is not None and _is_transpose_of(p, p.base):
            root, grad = p.base, g.T
        key = id(root)
        if key in owner:
            out_grads[owner[key]] += grad
        else:
            owner[key] = len(out_params)
            out_params.append(root)
            out_grads.append(grad.copy())
    return out_params, out_grads


def clip_grads(grads: Sequence[np.ndarray], max_norm: float) -> float:
    """Scale ``grads`` in place so that their joint L2 norm is at most ``max_norm``.

    Returns the norm before clipping.
    """
    total = float(np.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in grads)))
    rate = max_norm / (total + 1e-6)
    if rate < 1:
        for g in grads:
            g *= rate
    return total


class Trainer:
    """Train a scratch model with an optimiser over shuffled mini-batches.

    Parameters
    ----------
    model
        Any object with ``params``, ``grads``, ``forward(x, t)`` and ``backward()``.
    optimizer
        ``SGD`` or ``Adam`` (anything with ``update(params, grads)``).
    seed : int or numpy.random.Generator, optional
        Seeds the shuffling.

    Examples
    --------
    >>> from kow2v.scratch import SimpleCBOW, Adam, preprocess, create_contexts_target
    >>> from kow2v.scratch import convert_one_hot
    >>> corpus, w2i, _ = preprocess("You say goodbye and I say hello.")
    >>> contexts, target = create_contexts_target(corpus)
    >>> x, t = convert_one_hot(contexts, 7), convert_one_hot(target, 7)
    >>> trainer = Trainer(SimpleCBOW(7, 5, seed=0), Adam(), seed=0)
    >>> trainer.fit(x, t, max_epoch=300, batch_size=3)
    >>> trainer.loss_list[-1] < trainer.loss_list[0]
    True
    """

    def __init__(self, model: Any, optimizer: Any,
                 seed: int | np.random.Generator | None = None) -> None:
        self.model = model
        self.optimizer = optimizer
        self.rng = np.random.default_rng(seed)
        self.loss_list: list[float] = []
        self.eval_interval: int | None = None
        self.current_epoch = 0

    def fit(self, x: np.ndarray, t: np.ndarray, max_epoch: int = 10, batch_size: int = 32,
            max_grad: float | None = None, eval_interval: int | None = 20,
            callbacks: Sequence[Callable[[Trainer, int, float], None]] = ()) -> None:
        """Train; every ``eval_interval`` iterations the mean loss since the last record is
        appended to ``loss_list`` (the book records at iteration 0, 20, 40... of each epoch).

        The last partial batch of an epoch is trained on, not dropped.
        """
        if batch_size < 1 or max_epoch < 0:
            raise ValueError("batch_size must be >= 1 and max_epoch >= 0")
        self.eval_interval = eval_interval
        start = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run raises below instead
            self._epochs(x, t, max_epoch, batch_size, max_grad, eval_interval, callbacks, start)
        if self.loss_list:
            log.info("trained %d epochs in %.1f s, last loss %.4f", max_epoch,
                     time.perf_counter() - start, self.loss_list[-1])

    def _epochs(self, x: np.ndarray, t: np.ndarray, max_epoch: int, batch_size: int,
                max_grad: float | None, eval_interval: int | None,
                callbacks: Sequence[Callable[[Trainer, int, float], None]], start: float) -> None:
        n = len(x)
        max_iters = -(-n // batch_size)
        total_loss, loss_count = 0.0, 0
        for _ in range(max_epoch):
            idx = self.rng.permutation(n)
            x, t = x[idx], t[idx]
            for iters in range(max_iters):
                batch_x = x[iters * batch_size:(iters + 1) * batch_size]
                batch_t = t[iters * batch_size:(iters + 1) * batch_size]
                loss = self.model.forward(batch_x, batch_t)
                if not np.isfinite(loss):
                    from kow2v.errors import TrainingError

                    raise TrainingError(f"the loss became {loss} at epoch "
                                        f"{self.current_epoch + 1}; lower the learning rate")
                self.model.backward()
                params, grads = merge_shared(self.model.params, self.model.grads)
                if max_grad is not None:
                    clip_grads(grads, max_grad)
                self.optimizer.update(params, grads)
                total_loss += loss
                loss_count += 1
                if eval_interval and iters % eval_interval == 0:
                    avg = total_loss / loss_count
                    self.loss_list.append(avg)
                    log.debug("epoch %d | iter %d/%d | time %.1fs | loss %.4f",
                              self.current_epoch + 1, iters + 1, max_iters,
                              time.perf_counter() - start, avg)
                    total_loss, loss_count = 0.0, 0
                    for callback in callbacks:
                        callback(self, self.current_epoch, avg)
            self.current_epoch += 1

    def plot(self, path: str | os.PathLike[str], ylim: tuple[float, float] | None = None) -> None:
        """Save the recorded loss curve as a PNG (needs matplotlib: ``kow2v[plot]``)."""
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            from kow2v.errors import MissingBackendError

            raise MissingBackendError("plotting needs matplotlib: pip install 'kow2v[plot]'") \
                from None
        from kow2v.atomic import atomic_path

        fig, ax = plt.subplots(figsize=(6, 4))
        ax.plot(np.arange(len(self.loss_list)), self.loss_list, label="train")
        ax.set_xlabel(f"iterations (x{self.eval_interval})")
        ax.set_ylabel("loss")
        if ylim is not None:
            ax.set_ylim(*ylim)
        fig.tight_layout()
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format="png", dpi=100)
        plt.close(fig)
