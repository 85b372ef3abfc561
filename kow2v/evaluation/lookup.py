"""How an evaluation word gets a vector, and how it got it.

In order: through the corpus tokenizer (a word it splits is *split*; without one, the word as
written or, when only that is a key, its other Unicode form, NFC or NFD), then the vocabulary
(*vocab*), then, for subword vectors, the word's n-grams (*subword*); with ``pieces=True`` a
split word is the mean of its pieces' vectors (*pieces*, the "한국어 임베딩" book's way); anything
else is *oov*. The evaluations count each kind, so a score always says what it rests on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kow2v.surface import SurfaceVectors

VOCAB, SUBWORD, PIECES, SPLIT, OOV = "vocab", "subword", "pieces", "split", "oov"


class WordLookup:
    """Evaluation words to vectors over ``kv`` (see the module's description).

    Parameters
    ----------
    kv : gensim KeyedVectors, FastTextKeyedVectors or SurfaceVectors
    map_word : callable, optional
        A :class:`~kow2v.evaluation.tokenized.TokenMapper` (or ``word -> token or None``).
    pieces : bool
        Score a split word by the mean of its pieces' vectors.
    restrict_vocab : int, optional
        Only the most frequent words count as vocabulary (gensim's rule for analogies).
    """

    def __init__(self, kv: Any, map_word: Callable[[str], str | None] | None = None,
                 pieces: bool = False, restrict_vocab: int | None = None) -> None:
        self.surface = kv if isinstance(kv, SurfaceVectors) else SurfaceVectors(kv)
        self.kv = self.surface.kv
        self.map_word = map_word
        self.pieces = pieces
        limit = len(self.kv.index_to_key) if restrict_vocab is None else restrict_vocab
        self.limit = min(limit, len(self.kv.index_to_key))
        self._kinds: dict[str, str] = {}
        self._spellings: dict[str, str] = {}

    def token(self, word: str) -> str | None:
        if self.map_word is not None:
            return self.map_word(word)
        if word not in self._spellings:  # an evaluation file saved in NFD, or the reverse
            self._spellings[word] = self.surface.spelling(word)
        return self._spellings[word]

    def kind(self, word: str) -> str:
        """``vocab``, ``subword``, ``pieces``, ``split`` or ``oov``."""
        if word not in self._kinds:
            self._kinds[word] = self._kind(word)
        return self._kinds[word]

    def _kind(self, word: str) -> str:
        token = self.token(word)
        if token is None:
            parts: list[str] = getattr(self.map_word, "tokens", lambda w: [])(word)
            if self.pieces and parts and all(self._whole(p) != OOV for p in parts):
                return PIECES
            return SPLIT
        return self._whole(token)

    def _whole(self, token: str) -> str:
        i = self.kv.key_to_index.get(self.surface.key(token))
        if i is not None and i < self.limit:
            return VOCAB
        return SUBWORD if self.surface.can_answer(token) else OOV

    def index(self, word: str) -> int | None:
        """The word's row among the vocabulary's first ``restrict_vocab``, or None."""
        if self.kind(word) != VOCAB:
            return None
        token = self.token(word)
        assert token is not None
        return int(self.kv.key_to_index[self.surface.key(token)])

    def vector(self, word: str) -> np.ndarray:
        """The word's vector (not normalised); only for a word whose kind is not split/oov."""
        kind = self.kind(word)
        if kind == PIECES:
            parts = self.map_word.tokens(word)  # type: ignore[union-attr]
            return np.mean([self.surface.get_vector(p) for p in parts], axis=0)
        token = self.token(word)
        assert token is not None and kind in (VOCAB, SUBWORD)
        return self.surface.get_vector(token)


def unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (a zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
