from __future__ import annotations

import pickle

from kow2v.tokenizers.base import (
    TagFilter,
    TaggerTokenizer,
    drop_astral,
    join_tag,
    split_pieces,
    tokenize_batch,
)
from kow2v.tokenizers.whitespace import WhitespaceTokenizer


def test_split_pieces_strips_and_drops_blank_lines():
    assert split_pieces(" 가 \n\n\t\n 나다 ", 100) == ["가", "나다"]
    assert split_pieces(" \t ", 100) == []


def test_split_pieces_cuts_long_lines_at_spaces_without_losing_text():
    line = " ".join(["학교에서"] * 1000)
    pieces = split_pieces(line, 50)
    assert all(len(p) <= 50 for p in pieces)
    assert " ".join(pieces).split() == line.split()


def test_split_pieces_cuts_a_spaceless_run_hard():
    pieces = split_pieces("가" * 25, 10)
    assert pieces == ["가" * 10, "가" * 10, "가" * 5]


def test_drop_astral_replaces_emoji_only():
    assert drop_astral("좋아😀요 ♥") == "좋아 요 ♥"


def test_tag_filter_matches_prefixes():
    keep = TagFilter(["NN", "VV"])
    assert keep("NNG") and keep("NNP") and keep("VV+EP")
    assert not keep("JKS") and not keep("VA")
    assert TagFilter("NN,VA")("VA")
    assert TagFilter(None)("anything")


def test_join_tag():
    assert join_tag("학교", "NNG") == "학교/NNG"


def test_whitespace_tokenizer_and_batch():
    tok = WhitespaceTokenizer()
    assert tok.tokenize("학교에서  공부를\t했다\n") == ["학교에서", "공부를", "했다"]
    assert tokenize_batch(tok, ["가 나", ""]) == [["가", "나"], []]
    assert pickle.loads(pickle.dumps(tok)).tokenize("가 나") == ["가", "나"]


def test_cap_words_keeps_every_character():
    from kow2v.tokenizers.base import cap_words

    text = "헐" * 40 + " 좋다"
    capped = cap_words(text, 16)
    assert max(map(len, capped.split())) == 16
    assert capped.replace(" ", "") == text.replace(" ", "")


class _Swallowing(TaggerTokenizer):
    """A backend that fails on long words without raising, as Hannanum does."""

    name = "swallowing"

    def _make_backend(self):
        return object()

    def _analyze(self, backend, piece):
        if not any(ch.isalnum() for ch in piece):
            return []  # nothing to analyse: a legitimate empty answer
        if any(len(word) > 5 for word in piece.split()):
            return []  # the backend printed its error and gave up
        return [(word, "N") for word in piece.split()]


def test_a_silently_empty_analysis_falls_back_to_whitespace_tokens(caplog):
    tok = _Swallowing()
    assert tok.tokenize("짧은 말") == ["짧은", "말"]
    with caplog.at_level("WARNING"):
        assert tok.tokenize("아주아주긴단어 하나") == ["아주아주긴단어", "하나"]
    assert "no morpheme" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING"):
        assert tok.tokenize("!!! ...") == []  # no word characters: an empty analysis is fine
    assert not caplog.text


def test_a_copy_builds_its_own_backend():
    """Worker threads get copies; a tagger object must never be shared between threads."""
    import copy

    tok = _Swallowing()
    tok.tokenize("가")
    twin = copy.copy(tok)
    assert twin._backend is None
    assert twin.tokenize("짧은 말") == ["짧은", "말"]
    assert twin._backend is not None and twin._backend is not tok._backend
