"""soynlp's unsupervised tokenizers, with cohesion scores learned on the user's own corpus.

``soynlp-ltokenizer`` and ``soynlp-maxscore`` need :meth:`fit` (soynlp's ``WordExtractor``)
before use; the learned scores are plain numbers, saved as JSON (never pickle) so that a
trained tokenizer can be shipped and reloaded exactly. ``soynlp-regex`` needs no training.
Punctuation is split off before fitting and tokenizing: soynlp would otherwise learn junk
such as ``'라.'`` as high-cohesion words.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import warnings
from collections import Counter
from collections.abc import Iterable
from typing import Any

from kow2v.atomic import atomic_open
from kow2v.errors import MissingBackendError, TokenizerError
from kow2v.tokenizers.base import canonical_text, split_pieces

log = logging.getLogger(__name__)

_PUNCT = re.compile(r"([^\w\s]+)")
FORMAT = "kow2v-soynlp-scores"


def normalize(text: str) -> str:
    """Separate runs of punctuation and symbols from words (the text in NFC first:
    :func:`~kow2v.tokenizers.base.canonical_text`).

    >>> normalize("최고다!!진짜 ㅋㅋ")
    '최고다 !! 진짜 ㅋㅋ'
    """
    return " ".join(_PUNCT.sub(r" \1 ", canonical_text(text)).split())


def _require_soynlp() -> None:
    if importlib.util.find_spec("soynlp") is None:
        raise MissingBackendError("soynlp tokenizers need soynlp: pip install 'kow2v[soynlp]'")


def _word_counts(sentences: Iterable[str]) -> tuple[Counter[str], int]:
    """Occurrences of each word longer than one character in the normalized lines, and how
    many lines were not empty (soynlp's ``train`` skips one-character words too)."""
    n_lines = 0
    counts: Counter[str] = Counter()
    for sentence in sentences:
        words = normalize(sentence).split()
        if words:
            n_lines += 1
            counts.update(w for w in words if len(w) > 1)
    return counts, n_lines


def _affix_counts(word_counts: Counter[str], max_left: int,
                  max_right: int) -> tuple[Counter[str], Counter[str]]:
    """soynlp's ``L`` and ``R`` before pruning: every prefix of a word up to ``max_left + 1``
    characters, and every proper suffix up to ``max_right`` characters, weighted by how often
    the word occurs."""
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for word, count in word_counts.items():
        n = len(word)
        for i in range(1, min(max_left + 1, n) + 1):
            left[word[:i]] += count
        for i in range(1, min(max_right + 1, n)):
            right[word[-i:]] += count
    return left, right


def _extract_cohesion(extractor: Any) -> dict[str, float]:
    """Forward cohesion of the words soynlp's ``extract()`` keeps: every counted word (``L``
    and ``R`` hold only words of ``min_frequency`` or more) except those of two or more
    characters below ``min_cohesion_forward``. Its other thresholds (backward cohesion,
    branching entropy, accessor variety) are 0, which every word passes."""
    scores: dict[str, float] = {}
    for word in sorted(extractor.words()):
        forward = float(extractor.cohesion_score(word)[0])
        if len(word) < 2 or forward >= extractor.min_cohesion_forward:
            scores[word] = forward
    return scores


class _CohesionTokenizer:
    """Shared fit / save / load of the cohesion-score tokenizers."""

    name = "soynlp"

    def __init__(
        self,
        scores: dict[str, float] | None = None,
        min_frequency: int = 5,
        min_cohesion: float = 0.05,
        max_chars: int = 5000,
    ) -> None:
        self.scores = dict(scores) if scores is not None else None
        self.min_frequency = int(min_frequency)
        self.min_cohesion = float(min_cohesion)
        self.max_chars = int(max_chars)
        self._backend: Any = None

    def fit(self, sentences: Iterable[str]) -> _CohesionTokenizer:
        """Learn cohesion scores from ``sentences`` (one text per item), streaming.

        The scores are those of soynlp's ``WordExtractor(...).train(lines)`` followed by
        ``extract()`` (tested equal), computed without the work kow2v does not use: only the
        left and right substring counts are kept (not the neighbour counts behind branching
        entropy and accessor variety, whose thresholds are 0 and pass every word), they are
        counted once per distinct word rather than once per occurrence, and the lines are
        never held in memory. The cohesion of each word is still soynlp's own
        ``cohesion_score``.

        Returns
        -------
        self
        """
        _require_soynlp()
        from soynlp.word import WordExtractor

        word_counts, n_lines = _word_counts(sentences)
        if not n_lines:
            raise TokenizerError(f"{self.name}: cannot fit on an empty corpus")
        extractor = WordExtractor(
            min_frequency=self.min_frequency,
            min_cohesion_forward=self.min_cohesion,
            verbose_points=0,  # soynlp prints progress to stdout otherwise
        )
        left, right = _affix_counts(word_counts, extractor.max_left_length,
                                    extractor.max_right_length)
        extractor.L = {w: f for w, f in left.items() if f >= extractor.min_frequency}
        extractor.R = {w: f for w, f in right.items() if f >= extractor.min_frequency}
        self.scores = _extract_cohesion(extractor)
        self._backend = None
        log.info("%s learned %d scored words from %d lines", self.name, len(self.scores),
                 n_lines)
        return self

    @property
    def fitted(self) -> bool:
        """True once scores have been learned (:meth:`fit`) or loaded."""
        return self.scores is not None

    @property
    def backend(self) -> Any:
        if self._backend is None:
            if self.scores is None:
                raise TokenizerError(
                    f"{self.name} has not been fitted: call fit(lines) on your corpus first or "
                    f"load saved scores ({type(self).__name__}.load(path))"
                )
            _require_soynlp()
            self._backend = self._make_backend(self.scores)
        return self._backend

    def _make_backend(self, scores: dict[str, float]) -> Any:
        raise NotImplementedError

    def tokenize(self, text: str) -> list[str]:
        backend = self.backend
        out: list[str] = []
        for piece in split_pieces(normalize(text), self.max_chars):
            out.extend(t for t in backend.tokenize(piece) if t)
        return out

    def options(self) -> dict[str, Any]:
        return {"min_frequency": self.min_frequency, "min_cohesion": self.min_cohesion,
                "max_chars": self.max_chars}

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the learned scores and options as JSON (atomically)."""
        if self.scores is None:
            raise TokenizerError(f"{self.name} has not been fitted; nothing to save")
        doc = {"format": FORMAT, "tokenizer": self.name, "options": self.options(),
               "scores": self.scores}
        with atomic_open(path) as fh:
            json.dump(doc, fh, ensure_ascii=False, sort_keys=True)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> _CohesionTokenizer:
        """Recreate a tokenizer saved by :meth:`save`."""
        try:
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
        except (OSError, ValueError) as exc:
            raise TokenizerError(f"cannot read soynlp scores from {path}: {exc}") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise TokenizerError(f"{path} is not a kow2v soynlp score file")
        if doc.get("tokenizer") != cls.name:
            raise TokenizerError(f"{path} holds scores for {doc.get('tokenizer')}, not {cls.name}")
        return cls(scores=doc["scores"], **doc["options"])

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_backend": None}

    def __repr__(self) -> str:
        fitted = "unfitted" if self.scores is None else f"{len(self.scores)} scores"
        return f"{type(self).__name__}({fitted})"


class LTokenizer(_CohesionTokenizer):
    """soynlp's L-tokenizer: each eojeol split into its best-scoring left part and the rest.

    Examples
    --------
    >>> tok = LTokenizer(scores={"학교": 0.5})
    >>> tok.tokenize("학교에서 공부")
    ['학교', '에서', '공부']
    """

    name = "soynlp-ltokenizer"

    def _make_backend(self, scores: dict[str, float]) -> Any:
        from soynlp.tokenizer import LTokenizer as _L

        return _L(scores=scores)


class MaxScoreTokenizer(_CohesionTokenizer):
    """soynlp's MaxScore tokenizer: greedy longest high-score substrings inside each eojeol."""

    name = "soynlp-maxscore"

    def _make_backend(self, scores: dict[str, float]) -> Any:
        from soynlp.tokenizer import MaxScoreTokenizer as _M

        return _M(scores=scores)


class RegexTokenizer:
    """soynlp's RegexTokenizer: splits where the character class changes (Hangul, Latin, digits)."""

    name = "soynlp-regex"

    def __init__(self) -> None:
        self._backend: Any = None

    @property
    def backend(self) -> Any:
        if self._backend is None:
            _require_soynlp()
            from soynlp.tokenizer import RegexTokenizer as _R

            with warnings.catch_warnings():  # soynlp's own regex raises a FutureWarning
                warnings.simplefilter("ignore", FutureWarning)
                self._backend = _R()
        return self._backend

    def tokenize(self, text: str) -> list[str]:
        backend = self.backend
        return [t for piece in split_pieces(canonical_text(text), 5000)
                for t in backend.tokenize(piece) if t]

    def options(self) -> dict[str, Any]:
        return {}

    def __getstate__(self) -> dict[str, Any]:
        return {"_backend": None}

    def __repr__(self) -> str:
        return "RegexTokenizer()"
