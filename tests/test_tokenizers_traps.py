"""Every tokenizer survives the inputs that break backends (docs/backends.md) and real review lines,
and pickles by its options (workers receive tokenizers by pickle)."""

from __future__ import annotations

import pickle

import pytest

from kow2v import tokenizers
from kow2v.tokenizers.registry import BUILTINS
from tests.conftest import TRAP_LINES, require_tokenizer

NAMES = list(BUILTINS)
_cache: dict[str, object] = {}


def _fitted(name: str, lines: list[str]):
    require_tokenizer(name)
    if name not in _cache:
        tok = tokenizers.get(name)
        if isinstance(tok, tokenizers.TrainableTokenizer):
            tok.fit(lines)
        _cache[name] = tok
    return _cache[name]


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_survives_trap_lines(name, bundled_lines):
    tok = _fitted(name, bundled_lines)
    for line in TRAP_LINES:
        tokens = tok.tokenize(line)
        assert isinstance(tokens, list)
        assert all(t and not any(ch.isspace() for ch in t) for t in tokens), (line, tokens)
        if not line.strip():
            assert tokens == []
        elif any(ch.isalnum() for ch in line):  # words in, some token out: nothing is lost
            assert tokens, (name, line[:40])


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_survives_real_reviews_and_pickles(name, bundled_lines):
    tok = _fitted(name, bundled_lines)
    sample = bundled_lines[:150]
    out = [tok.tokenize(line) for line in sample]
    assert sum(map(len, out)) >= sum(len(line.split()) for line in sample) * 0.9
    clone = pickle.loads(pickle.dumps(tok))
    assert [clone.tokenize(line) for line in sample[:20]] == out[:20]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["komoran", "kkma"])
def test_emoji_do_not_crash_komoran_or_kkma(name):
    require_tokenizer(name)
    tokens = tokenizers.get(name).tokenize("정말 재밌어요😀😀 최고🎬")
    assert "정말" in tokens and "최고" in tokens


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_decomposed_korean_gives_the_composed_texts_tokens(name, bundled_lines):
    """NFD text (as macOS often saves Korean) went through every analyser unanalysed, each word
    whole and spelt in conjoining jamo; composed first, it gives the NFC text's tokens."""
    import unicodedata

    tok = _fitted(name, bundled_lines)
    sample = [line for line in bundled_lines[:60] if any("가" <= ch <= "힣" for ch in line)]
    decomposed = [unicodedata.normalize("NFD", line) for line in sample]
    assert decomposed != sample
    assert [tok.tokenize(line) for line in decomposed] == [tok.tokenize(line) for line in sample]
    batch = getattr(tok, "tokenize_batch", None)
    if batch is not None:
        assert batch(decomposed) == batch(sample)
    with pytest.raises(TypeError, match="decode it first"):
        tok.tokenize(sample[0].encode())


INVISIBLE = {"\u200b": "", "\u00ad": "", "\u2060": "", "\ufeff": "", "\u200e": "",
             "\x00": " ", "\x07": " ", "\x1b": " ", "\x7f": " ", "\x9c": " "}


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_invisible_characters_give_the_visible_texts_tokens(name, bundled_lines):
    """A zero-width space or a soft hyphen inside a word made another key that prints alike
    (whitespace) or a token of its own (the analysers); mecab stopped reading at a NUL and lost
    the rest of the line. Dropped (format characters) or made spaces (controls), the tokens
    are the visible text's."""
    tok = _fitted(name, bundled_lines)
    sample = [line for line in bundled_lines[:40] if len(line.split()) >= 3]
    marks = list(INVISIBLE)
    dirty, clean = [], []
    for i, line in enumerate(sample):
        mark = marks[i % len(marks)]
        words = line.split()
        words[1] = words[1][:1] + mark + words[1][1:]  # inside a word, as copied text has it
        dirty.append(" ".join(words))
        clean.append(" ".join(words).replace(mark, INVISIBLE[mark]))
    got = [tok.tokenize(line) for line in dirty]
    assert got == [tok.tokenize(line) for line in clean]
    assert not any(mark in token for tokens in got for token in tokens for mark in marks)
    batch = getattr(tok, "tokenize_batch", None)
    if batch is not None:
        assert batch(dirty) == got
