"""gensim's ``LineSentence`` line: tokens joined by single spaces, one sentence a line.

The one rule behind the corpus writers (one file or shards) and the word2vec formats: a
token must be non-empty and hold no whitespace, or it would break its line.
"""

from __future__ import annotations

from collections.abc import Iterable

from kow2v.errors import CorpusError


def breaks_line(token: str) -> bool:
    """True if ``token`` cannot stand in a line of space-separated tokens (empty or spaced).

    >>> breaks_line("학교"), breaks_line("학 교"), breaks_line("")
    (False, True, True)
    """
    return not token or any(ch.isspace() for ch in token)


def check_token(token: str) -> str:
    """Return ``token`` if it can be written to a line of space-joined tokens, else raise."""
    if breaks_line(token):
        raise CorpusError(f"token {token!r} is empty or contains whitespace; it would break a "
                          "space-separated corpus line")
    return token


def sentence_line(tokens: list[str]) -> str:
    """``tokens`` as one line (without its line end); a token that would break it raises.

    >>> sentence_line(["학교", "에"])
    '학교 에'
    """
    line = " ".join(tokens)
    if line.split() != tokens:  # one C-speed check per line, not a loop per token
        for token in tokens:
            check_token(token)
    return line


def lines_text(sentences: Iterable[list[str]]) -> str:
    """Sentences as aligned lines, each ending with a line end (an empty sentence: an empty
    line), as ``write_line_sentences(..., aligned=True)`` writes them."""
    return "".join(sentence_line(tokens) + "\n" for tokens in sentences)
