"""Vectors addressed by words as people write them, whatever spelling the keys use.

A jamo-mode fastText model stores its words under their jamo spelling (``ㅎㅏㄱㄱㅛㅤ``), so
that gensim, which hashes the key it is given, computes the same n-grams as kow2v did. People
ask about ``학교``. :class:`SurfaceVectors` sits on any gensim ``KeyedVectors`` and does the
spelling both ways: words in, words out; a word outside the vocabulary gets its vector from
its n-grams (``FastTextKeyedVectors`` with buckets), exactly as ``kv[key]`` would give it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from kow2v.jamo import compose, decompose, looks_decomposed


def spelling_of(kv: Any) -> str:
    """``"jamo"`` if ``kv``'s keys are jamo spellings (a kow2v jamo fastText), else ``"plain"``."""
    mark = getattr(kv, "kow2v_subwords", None)
    if mark is not None:
        return "jamo" if mark == "jamo" else "plain"
    return "jamo" if looks_decomposed(list(kv.index_to_key[:2000])) else "plain"


class SurfaceVectors:
    """``kv`` with words in their ordinary spelling.

    Parameters
    ----------
    kv : gensim KeyedVectors or FastTextKeyedVectors
        With jamo keys (kow2v's ``FastText(subwords="jamo")``) or ordinary ones.

    Examples
    --------
    >>> from kow2v.keyedvectors import to_keyed_vectors
    >>> kv = to_keyed_vectors([decompose("학교"), decompose("공부")], np.eye(2, dtype=np.float32))
    >>> kv.kow2v_subwords = "jamo"
    >>> surface = SurfaceVectors(kv)
    >>> surface.index_to_key, "학교" in surface, surface.most_similar("학교", topn=1)[0][0]
    (['학교', '공부'], True, '공부')
    """

    def __init__(self, kv: Any) -> None:
        self.kv = kv
        self.jamo = spelling_of(kv) == "jamo"

    # -- spelling ------------------------------------------------------------------------
    def key(self, word: str) -> str:
        """The key ``word`` is stored under."""
        return decompose(word) if self.jamo else word

    def word(self, key: str) -> str:
        """The word a key spells."""
        return compose(key) if self.jamo else key

    def spelling(self, word: str) -> str:
        """``word`` as written, or its other Unicode form (NFC, NFD) when only that one is in
        the vocabulary: a word typed or saved in NFD (as macOS often writes Korean) against
        composed keys, or the reverse (vectors trained on a tokenized file in NFD). The two
        forms print alike."""
        keys = self.kv.key_to_index
        if self.key(word) in keys:
            return word
        for form in ("NFC", "NFD"):
            other = unicodedata.normalize(form, word)
            if other != word and self.key(other) in keys:
                return other
        return word

    @property
    def index_to_key(self) -> list[str]:
        """The vocabulary, most frequent first, in ordinary spelling."""
        return [self.word(k) for k in self.kv.index_to_key]

    # -- what can be answered --------------------------------------------------------------
    def __contains__(self, word: object) -> bool:
        """True for a word of the vocabulary (``can_answer`` for any word with n-grams)."""
        return isinstance(word, str) and self.key(word) in self.kv.key_to_index

    @property
    def has_subwords(self) -> bool:
        """True when out-of-vocabulary words get vectors from their n-grams."""
        return int(getattr(self.kv, "bucket", 0) or 0) > 0 and hasattr(self.kv, "vectors_ngrams")

    def can_answer(self, word: str) -> bool:
        """In the vocabulary, or (subword vectors) has an n-gram with a nonzero vector.

        kow2v leaves a bucket that no vocabulary word uses at zero (gensim: random), so a word
        whose n-grams all fall in such buckets has nothing learned to answer from.
        """
        if word in self:
            return True
        if not self.has_subwords:
            return False
        return bool(np.any(self.kv.get_vector(self.key(word))))

    # -- vectors and neighbours -----------------------------------------------------------
    def get_vector(self, word: str, norm: bool = False) -> np.ndarray:
        """``word``'s vector, from the n-grams when it is outside the vocabulary.

        Raises
        ------
        KeyError
            Outside the vocabulary, and no n-gram to compose it from.
        """
        if not self.can_answer(word):
            raise KeyError(f"{word!r} is not in the vocabulary and has no trained n-gram to "
                           "answer from")
        return np.asarray(self.kv.get_vector(self.key(word), norm=norm))

    def __getitem__(self, words: str | Sequence[str]) -> np.ndarray:
        if isinstance(words, str):
            return self.get_vector(words)
        return np.stack([self.get_vector(w) for w in words])

    def similarity(self, w1: str, w2: str) -> float:
        """Cosine similarity of two words (either may be outside the vocabulary)."""
        return float(self.get_vector(w1, norm=True) @ self.get_vector(w2, norm=True))

    def _query(self, words: Iterable[str | np.ndarray]) -> list[Any]:
        # vocabulary words go in as keys (gensim leaves them out of the answers), others as
        # their n-gram vectors
        return [w if not isinstance(w, str) else self.key(w) if w in self else self.get_vector(w)
                for w in words]

    def most_similar(self, positive: str | Sequence[str | np.ndarray] | None = None,
                     negative: Sequence[str | np.ndarray] | None = None, topn: int = 10,
                     restrict_vocab: int | None = None) -> list[tuple[str, float]]:
        """gensim's ``most_similar``, in ordinary spelling, any word allowed."""
        if isinstance(positive, str):
            positive = [positive]
        hits = self.kv.most_similar(positive=self._query(positive or []),
                                    negative=self._query(negative or []), topn=topn,
                                    restrict_vocab=restrict_vocab)
        return [(self.word(k), float(s)) for k, s in hits]

    def to_keyed_vectors(self, extra_words: Iterable[str] = ()) -> Any:
        """A plain gensim ``KeyedVectors`` keyed by ordinary spelling, for the word2vec formats:
        the vocabulary, plus ``extra_words`` given vectors from their n-grams (in NFC, as the
        tokenizers write words: a list saved on macOS may spell them decomposed)."""
        from kow2v.formats.build import to_keyed_vectors

        words = self.index_to_key
        counts = [int(self.kv.get_vecattr(k, "count")) for k in self.kv.index_to_key]
        known = set(words)
        extra = [w for w in dict.fromkeys(unicodedata.normalize("NFC", w) for w in extra_words)
                 if w not in known]
        vectors = np.asarray(self.kv.vectors, dtype=np.float32)
        if extra:
            vectors = np.vstack([vectors, self[extra].astype(np.float32)])
        return to_keyed_vectors(words + extra, vectors, counts + [0] * len(extra))
