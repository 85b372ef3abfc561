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
