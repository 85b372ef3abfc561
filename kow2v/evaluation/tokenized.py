"""Tokenizer-aware evaluation: pass each evaluation word through the corpus tokenizer.

A tokenizer that splits "학교에서" into "학교 / 에서" has no vector for "학교에서"; comparing it
with whitespace vectors on the raw word would be unfair both ways. Each word is tokenized;
one token means the word is looked up as that token, several tokens mean the question
cannot be answered and is counted as *split* (never silently dropped), unless the evaluation
is asked to score split words by the mean of their pieces' vectors, as the "한국어 임베딩" book
does (reported apart from whole-word scores).
"""

from __future__ import annotations

from typing import Any


class TokenMapper:
    """Callable ``word -> token or None`` with a cache and counts of what happened."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.cache: dict[str, str | None] = {}
        self.pieces: dict[str, list[str]] = {}

    def __call__(self, word: str) -> str | None:
        if word not in self.cache:
            tokens = self.tokenizer.tokenize(word)
            self.cache[word] = tokens[0] if len(tokens) == 1 else None
            if len(tokens) > 1:
                self.pieces[word] = tokens
        return self.cache[word]

    def tokens(self, word: str) -> list[str]:
        """All the tokens of ``word`` (one for a word kept whole)."""
        token = self(word)
        return [token] if token is not None else self.pieces.get(word, [])

    @property
    def split_words(self) -> list[str]:
        return sorted(w for w, t in self.cache.items() if t is None)
