"""Progress bars for long work, shown only when a caller asks (the command line does)."""

from __future__ import annotations


class ProgressBar:
    """A tqdm bar of words over a whole training run (all epochs), gone when it closes.

    Called as ``bar(words, alpha)`` after each job, the engine's progress callback.
    """

    def __init__(self, total: int, desc: str = "training") -> None:
        from tqdm.auto import tqdm

        self.bar = tqdm(total=total, unit=" words", unit_scale=True, desc=desc, leave=False,
                        mininterval=0.5)

    def __call__(self, words: int, alpha: float) -> None:
        self.bar.update(words)
        self.bar.set_postfix(alpha=f"{alpha:.5f}", refresh=False)

    def close(self) -> None:
        self.bar.close()
