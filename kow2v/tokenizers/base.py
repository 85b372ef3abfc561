"""The tokenizer interface and the pieces every adapter shares.

A tokenizer turns one line of Korean text into the tokens word2vec sees. Adapters over
morphological analysers (KoNLPy, mecab-ko, kiwi) derive from :class:`TaggerTokenizer`, which
owns the defensive text handling that real corpora need (see ``docs/backends.md``): lines are split
and stripped, blank pieces are never sent to a JVM tagger (Hannanum hangs on them, Komoran and
Kkma throw), over-long lines are cut at spaces, and the backend is created lazily, inside the
process that uses it, so tokenizers pickle by their options and work in ``spawn`` workers.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

from kow2v.errors import TokenizerError
from kow2v.tokenizers.java_threads import was_stopped

log = logging.getLogger(__name__)

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

#: the revision of the text handling every built-in tokenizer shares (`canonical_text`, the
#: pieces sent to a tagger); a change that can change tokens raises it, so that cached
#: tokenizations made before it are not reused (1: NFC; 2: invisible characters)
TEXT_HANDLING_REVISION = 2

#: invisible characters web text carries inside words, dropped: soft hyphen, zero-width space,
#: direction marks and embeddings, word joiner and invisible operators, byte-order mark (ZWJ and
#: ZWNJ are kept: emoji sequences and other scripts need them)
_DROPPED = ("\u00ad\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
            "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
#: control characters that ``str.split`` does not take as spaces, made spaces (mecab's C API
#: ends the text at a NUL; the JVM taggers and kiwi hand a NUL back as a token)
_CONTROLS = "".join(c for c in map(chr, [*range(0x20), *range(0x7F, 0xA0)]) if not c.isspace())
_INVISIBLE = re.compile(f"[{re.escape(_DROPPED + _CONTROLS)}]")
_VISIBLE = {**dict.fromkeys(map(ord, _DROPPED)), **{ord(c): " " for c in _CONTROLS}}


def canonical_text(text: str) -> str:
    """``text`` in Unicode NFC without invisible characters, as every built-in tokenizer takes it.

    Korean typed or saved on macOS often arrives decomposed (NFD: ``학`` as three conjoining
    jamo). The analysers find no word in it and hand each word back whole, and the same word
    in both forms would be two tokens that print alike; composed first, both give the same
    tokens. NFC leaves compatibility jamo (``ㅋㅋ``) as they are (NFKC would not).

    Invisible format characters copied from the web (zero-width space, soft hyphen, word
    joiner, byte-order mark, direction marks) are dropped: kept, "잘\\u200b봤어요" is a token
    that prints as "잘봤어요" and is another key, and the analysers return the mark as a token
    of its own. Control characters that are not spaces (NUL and the like) become spaces: mecab
    stops reading at a NUL and lost the rest of the line. Two cheap checks (``isprintable``,
    then a search) leave an ordinary line untouched.

    Raises
    ------
    TypeError
        ``text`` is not a ``str`` (bytes: decode them first).

    >>> import unicodedata
    >>> canonical_text(unicodedata.normalize("NFD", "학교 ㅋㅋ")) == "학교 ㅋㅋ"
    True
    >>> canonical_text("잘\\u200b봤어요\\x00최고\\ufeff")
    '잘봤어요 최고'
    """
    if not isinstance(text, str):
        hint = (": decode it first, e.g. text.decode('utf-8') or text.decode('cp949')"
                if isinstance(text, (bytes, bytearray)) else "")
        raise TypeError(f"a tokenizer takes one str of text, not {type(text).__name__}{hint}")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable() and _INVISIBLE.search(text):
        text = text.translate(_VISIBLE)
    return text


@runtime_checkable
class Tokenizer(Protocol):
    """Split one line of Korean text into tokens.

    Anything with a ``name`` and a ``tokenize(text) -> list[str]`` method is a tokenizer; a
    backend that is much faster on many texts at once may also offer
    ``tokenize_batch(texts) -> list[list[str]]``.
    """

    name: str

    def tokenize(self, text: str) -> list[str]: ...


@runtime_checkable
class TrainableTokenizer(Tokenizer, Protocol):
    """A tokenizer that learns from the user's corpus (soynlp) and can be saved and reloaded."""

    def fit(self, sentences: Iterable[str]) -> TrainableTokenizer: ...

    def save(self, path: str | os.PathLike[str]) -> None: ...

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> TrainableTokenizer: ...


class SkippedLine(list):  # type: ignore[type-arg]
    """No tokens, for a line whose analysis ran over its time budget and was given up.

    An empty list, so it writes as an empty line and trains as nothing; ``seconds`` says how
    long the line had been running.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = float(seconds)

    def __reduce__(self) -> tuple[type[SkippedLine], tuple[float]]:
        return SkippedLine, (self.seconds,)


def tokenize_batch(tokenizer: Tokenizer, texts: Sequence[str]) -> list[list[str]]:
    """Tokenize many texts, through the backend's batch call when it has one.

    Examples
    --------
    >>> from kow2v.tokenizers.whitespace import WhitespaceTokenizer
    >>> tokenize_batch(WhitespaceTokenizer(), ["학교에 간다", "집에 온다"])
    [['학교에', '간다'], ['집에', '온다']]
    """
    batch = getattr(tokenizer, "tokenize_batch", None)
    if batch is not None:
        return [list(tokens) for tokens in batch(texts)]
    return [tokenize_line(tokenizer, text) for text in texts]


def tokenize_line(tokenizer: Tokenizer, text: str) -> list[str]:
    """``tokenizer.tokenize(text)``; an exception it raises becomes :func:`failed_on`'s
    error (no slower than the bare call: 860-885 ns a bundled line both ways, whitespace)."""
    try:
        return tokenizer.tokenize(text)
    except TokenizerError:
        raise
    except Exception as exc:
        raise failed_on(tokenizer, text, exc) from exc


def failed_on(tokenizer: Any, text: str, exc: BaseException) -> TokenizerError:
    """The one-line error for a tokenizer (a plugin's, typically) that raised on ``text``:
    which tokenizer, the line's start, and what it raised."""
    name = getattr(tokenizer, "name", type(tokenizer).__name__)
    shown = repr(text[:80]) + ("..." if len(text) > 80 else "")
    return TokenizerError(f"tokenizer {name!r} failed on the line {shown}: "
                          f"{type(exc).__name__}: {exc}")


def join_tag(form: str, tag: str) -> str:
    """Join a morpheme and its tag as KoNLPy's ``join=True`` does.

    >>> join_tag("형태소", "NNG")
    '형태소/NNG'
    """
    return f"{form}/{tag}"


def _script(ch: str) -> int:
    """0 Hangul, 1 digit, 2 Latin, 3 other letters, 4 anything else (punctuation, symbols)."""
    o = ord(ch)
    if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return 0
    if ch.isdigit():
        return 1
    if ch.isalpha():
        return 2 if o < 0x250 else 3
    return 4


def best_cut(line: str, limit: int) -> int:
    """Where to cut ``line`` (longer than ``limit``) so the head has at most ``limit`` characters.

    The last space in the window; else the last point after punctuation or where the script
    changes (Hangul, digits, Latin, other letters); else a hard cut at ``limit``.

    >>> best_cut("가나 다라마바", 5), best_cut("가나다라mbc", 5), best_cut("가" * 9, 5)
    (2, 4, 5)
    """
    cut = max(line.rfind(" ", 0, limit + 1), line.rfind("\t", 0, limit + 1))
    if cut > 0:
        return cut
    for i in range(limit, 0, -1):
        before, after = _script(line[i - 1]), _script(line[i])
        if before != after or before == 4:
            return i
    return limit


def split_pieces(text: str, max_chars: int) -> list[str]:
    """Split ``text`` into stripped, non-blank pieces of at most ``max_chars`` characters.

    Lines are split at newlines; a longer line is cut where :func:`best_cut` says (a space,
    else punctuation or a change of script, else hard at the limit), so no character is lost
    and no piece is longer than the limit: a tagger's work per call stays bounded.

    >>> split_pieces("  첫 줄 \\n\\n 둘째 줄 ", 100)
    ['첫 줄', '둘째 줄']
    >>> split_pieces("가나 다라 마바", 5)
    ['가나 다라', '마바']
    >>> split_pieces("가나다라마바사아hello", 6)
    ['가나다라마바', '사아', 'hello']
    """
    pieces: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        while len(line) > max_chars:
            cut = best_cut(line, max_chars)
            head, line = line[:cut].strip(), line[cut:].strip()
            if head:
                pieces.append(head)
        if line:
            pieces.append(line)
    return pieces


def cap_words(text: str, max_word_chars: int) -> str:
    """Cut space-separated words longer than ``max_word_chars`` into chunks, each cut where
    :func:`best_cut` says (punctuation or a change of script before a hard cut).

    >>> cap_words("헐헐헐헐헐 좋다", 2)
    '헐헐 헐헐 헐 좋다'
    >>> cap_words("최고의영화(2024년)", 6)
    '최고의영화( 2024년)'
    """
    words = text.split()
    if all(len(w) <= max_word_chars for w in words):
        return text
    out = []
    for word in words:
        while len(word) > max_word_chars:
            cut = best_cut(word, max_word_chars)
            out.append(word[:cut])
            word = word[cut:]
        out.append(word)
    return " ".join(out)


def drop_astral(text: str) -> str:
    """Replace characters above U+FFFF (emoji) by spaces.

    Komoran and Kkma return lone surrogates for them and KoNLPy then raises
    ``UnicodeDecodeError``; see docs/backends.md.

    >>> drop_astral("좋아요😀최고")
    '좋아요 최고'
    """
    return _ASTRAL.sub(" ", text)


class TagFilter:
    """Keep tokens whose tag starts with one of the given prefixes.

    ``TagFilter(["NN", "VV"])`` keeps ``NNG``, ``NNP`` and ``VV+EP``; ``TagFilter(None)`` keeps all.
    """

    def __init__(self, prefixes: Sequence[str] | str | None) -> None:
        if isinstance(prefixes, str):
            prefixes = [p for p in prefixes.split(",") if p]
        self.prefixes = tuple(prefixes) if prefixes else None

    def __call__(self, tag: str) -> bool:
        return self.prefixes is None or tag.startswith(self.prefixes)


class TaggerTokenizer:
    """Base of the adapters over morphological analysers (tags come with every morpheme).

    Parameters
    ----------
    pos : sequence of str or str, optional
        Keep only morphemes whose tag starts with one of these prefixes (``["NN", "VV", "VA"]``
        keeps nouns, verbs and adjectives in Sejong tags; Okt uses ``Noun``, ``Verb``...).
    tagged : bool
        Emit ``"form/TAG"`` tokens instead of bare forms.
    max_chars : int
        Longer lines are cut at spaces before analysis (analysers slow down or fail on very
        long input).
    """

    name = "tagger"
    #: set by adapters whose backend cannot take characters above U+FFFF
    astral_unsafe = False
    #: longest space-less run sent to the backend (None: no limit); Kkma needs one
    max_word_chars: int | None = None

    def __init__(
        self, pos: Sequence[str] | str | None = None, tagged: bool = False, max_chars: int = 2000
    ) -> None:
        if max_chars < 1:
            raise ValueError("max_chars must be positive")
        self.pos = pos
        self.tagged = bool(tagged)
        self.max_chars = int(max_chars)
        self._keep = TagFilter(pos)
        self._backend: Any = None
        self._failures = 0

    # -- what adapters implement ---------------------------------------------------------
    def _make_backend(self) -> Any:
        raise NotImplementedError

    def _analyze(self, backend: Any, piece: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    # -- shared behaviour ----------------------------------------------------------------
    @property
    def backend(self) -> Any:
        """The analyser, created on first use in the current process."""
        if self._backend is None:
            self._backend = self._make_backend()
        return self._backend

    def _pieces(self, text: str) -> list[str]:
        text = canonical_text(text)
        if self.astral_unsafe:
            text = drop_astral(text)
        pieces = split_pieces(text, self.max_chars)
        if self.max_word_chars:
            pieces = [cap_words(p, self.max_word_chars) for p in pieces]
        return pieces

    def _emit(self, morphs: Iterable[tuple[str, str]], out: list[str]) -> None:
        for form, tag in morphs:
            if not self._keep(tag):
                continue
            # some dictionary entries hold spaces (mecab-ko-dic: '소노 시온'): one token per part,
            # since a token with a space would break a LineSentence file
            for part in form.split() if not form.isalnum() else (form,):
                out.append(join_tag(part, tag) if self.tagged else part)

    def _analyze_safely(self, backend: Any, piece: str) -> list[tuple[str, str]]:
        try:
            morphs = self._analyze(backend, piece)
            if not morphs and any(ch.isalnum() for ch in piece):
                # a backend that swallowed its own error (Hannanum prints a Java exception and
                # returns nothing): the line's words must not silently vanish
                raise TokenizerError("no morpheme for a text with words")
            return morphs
        except Exception as exc:  # a backend failure on one line must not end a corpus run
            if was_stopped(exc):  # given up by the line budget: end the whole line
                raise
            self._failures += 1
            if self._failures <= 5:
                log.warning(
                    "%s failed on a line (%s: %s); its whitespace tokens are used instead: %.60r",
                    self.name, type(exc).__name__, str(exc).splitlines()[0][:120] if str(exc)
                    else "", piece,
                )
            return [(word, "UNK") for word in piece.split()]

    def _analyses(self, text: str) -> Iterator[list[tuple[str, str]]]:
        """The morphemes of each piece of ``text``, in order; a piece that recurs in the text
        is analysed once (a run of one syllable or word cut into equal pieces costs one call,
        not thousands: the analysers are deterministic, so the output is the same)."""
        backend = self.backend
        seen: dict[str, list[tuple[str, str]]] = {}
        for piece in self._pieces(text):
            morphs = seen.get(piece)
            if morphs is None:
                morphs = seen[piece] = self._analyze_safely(backend, piece)
            yield morphs

    def tokenize(self, text: str) -> list[str]:
        """Tokenize one text (any newlines inside are treated as line breaks)."""
        out: list[str] = []
        for morphs in self._analyses(text):
            self._emit(morphs, out)
        return out

    def pos_tags(self, text: str) -> list[tuple[str, str]]:
        """The analyser's ``(form, tag)`` pairs for ``text``, before any filter."""
        return [m for morphs in self._analyses(text) for m in morphs]

    def options(self) -> dict[str, Any]:
        """The keyword arguments that recreate this tokenizer."""
        return {"pos": self.pos, "tagged": self.tagged, "max_chars": self.max_chars}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_backend"] = None  # rebuilt lazily in the process that unpickles us
        return state

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.options().items())
        return f"{type(self).__name__}({opts})"
