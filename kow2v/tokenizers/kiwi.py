"""kiwipiepy: a fast, accurate analyser that is much faster on batches of texts."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any

from kow2v.errors import MissingBackendError
from kow2v.tokenizers.base import TaggerTokenizer


class KiwiTokenizer(TaggerTokenizer):
    """Kiwi (Sejong-style tags). Verbs and adjectives come back as lemmas (``알려`` -> ``알리``).

    Parameters
    ----------
    num_workers : int or None
        Kiwi's own threads for batches (None: Kiwi's default; 0 is refused, it breaks batches).
    pos, tagged, max_chars
        See :class:`~kow2v.tokenizers.base.TaggerTokenizer`.

    Examples
    --------
    >>> KiwiTokenizer().tokenize("학교에서 공부를 했습니다")
    ['학교', '에서', '공부', '를', '하', '었', '습니다']
    """

    name = "kiwi"

    def __init__(
        self,
        pos: Sequence[str] | str | None = None,
        tagged: bool = False,
        max_chars: int = 5000,
        num_workers: int | None = None,
    ) -> None:
        super().__init__(pos=pos, tagged=tagged, max_chars=max_chars)
        if num_workers == 0:
            raise ValueError("num_workers=0 makes Kiwi single-threaded and breaks batches; use 1")
        self.num_workers = num_workers

    def _make_backend(self) -> Any:
        if importlib.util.find_spec("kiwipiepy") is None:
            raise MissingBackendError("kiwi needs kiwipiepy: pip install 'kow2v[kiwi]'")
        from kiwipiepy import Kiwi

        return Kiwi(num_workers=self.num_workers)

    def _analyze(self, backend: Any, piece: str) -> list[tuple[str, str]]:
        return [(t.form, t.tag) for t in backend.tokenize(piece)]

    def tokenize_batch(self, texts: Sequence[str]) -> list[list[str]]:
        """Tokenize many texts with one call into Kiwi (about 1.7x faster than line by line)."""
        backend = self.backend
        owners: list[tuple[int, int]] = []  # (text, index of its piece in `pieces`)
        index: dict[str, int] = {}  # a piece that recurs is analysed once, as in tokenize()
        for i, text in enumerate(texts):
            for piece in self._pieces(text):
                owners.append((i, index.setdefault(piece, len(index))))
        out: list[list[str]] = [[] for _ in texts]
        if not index:
            return out
        try:
            analysed = [[(t.form, t.tag) for t in tokens]
                        for tokens in backend.tokenize(list(index))]
            for owner, at in owners:
                self._emit(analysed[at], out[owner])
        except Exception:  # fall back to per-line analysis, which isolates a bad line
            out = [self.tokenize(text) for text in texts]
        return out

    def options(self) -> dict[str, Any]:
        return {**super().options(), "num_workers": self.num_workers}
