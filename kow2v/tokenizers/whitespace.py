"""The baseline: split on whitespace, as gensim's ``LineSentence`` does (the text in NFC
first, as every built-in tokenizer takes it: :func:`~kow2v.tokenizers.base.canonical_text`)."""

from __future__ import annotations

from typing import Any

from kow2v.tokenizers.base import canonical_text


class WhitespaceTokenizer:
    """Split on runs of whitespace; no dependency, no analysis.

    Examples
    --------
    >>> WhitespaceTokenizer().tokenize("학교에서 공부를 했다")
    ['학교에서', '공부를', '했다']
    """

    name = "whitespace"

    def tokenize(self, text: str) -> list[str]:
        return canonical_text(text).split()

    def options(self) -> dict[str, Any]:
        return {}

    def __repr__(self) -> str:
        return "WhitespaceTokenizer()"
