"""kow2v.jamo: syllables to three jamo each and back, losslessly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kow2v.jamo import NO_FINAL, compose, decompose, looks_decomposed


def test_every_syllable_is_three_symbols_and_comes_back():
    for code in range(0xAC00, 0xD7A4):
        syllable = chr(code)
        jamo = decompose(syllable)
        assert len(jamo) == 3
        assert all(0x3131 <= ord(ch) <= 0x3164 for ch in jamo)  # compatibility jamo block
        assert compose(jamo) == syllable


@pytest.mark.parametrize("word, jamo", [
    ("학교", "ㅎㅏㄱㄱㅛ" + NO_FINAL),
    ("가", "ㄱㅏ" + NO_FINAL),
    ("닭", "ㄷㅏㄺ"),
    ("학굣길", "ㅎㅏㄱㄱㅛㅅㄱㅣㄹ"),
])
def test_known_decompositions(word, jamo):
    assert decompose(word) == jamo


def test_inflected_forms_share_their_stem_jamo():
    stem = decompose("먹")
    assert all(decompose(w).startswith(stem) for w in ("먹다", "먹었다", "먹을"))


@pytest.mark.parametrize("text", [
    "ㅋㅋㅋ", "ㅠㅠ", "ㄱㅏㅇ", "ㄳ", "A-가-나", "123 학교 OK😀", "ㅤ", "가ㅤㅏ", "\u3165ㆍ",
    "학교에서 공부를 했다!!", "", "ㅏㅏㅏ", "ㄱㅤㅤ",
])
def test_mixed_text_and_jamo_runs_round_trip(text):
    assert compose(decompose(text)) == text


def test_lone_jamo_cannot_be_mistaken_for_a_syllable():
    assert decompose("ㄱㅏ") != decompose("가")
    assert compose(decompose("ㄱㅏ")) == "ㄱㅏ"


def test_conjoining_jamo_from_kiwi_and_nfd_text():
    # kiwi's ending "ᆫ다" (U+11AB, a final ㄴ alone) round-trips exactly
    assert decompose("ᆫ다") == NO_FINAL * 2 + "ㄴ" + "ㄷㅏ" + NO_FINAL
    assert compose(decompose("ᆫ다")) == "ᆫ다"
    # NFD syllables (initial, vowel, final) decompose like the precomposed ones
    nfd = "\u1112\u1161\u11a8\u1100\u116d"  # 학교
    assert decompose(nfd) == decompose("학교")
    assert compose(decompose(nfd)) == "학교"


def test_no_normalisation_recomposes_the_jamo():
    jamo = decompose("학교")
    assert jamo != "학교" and "학" not in jamo


def test_compose_refuses_what_decompose_never_writes():
    with pytest.raises(ValueError, match="incomplete"):
        compose("ㄱㅏ")
    with pytest.raises(ValueError, match="not a jamo group"):
        compose("ㄱ" + NO_FINAL + "ㅏ")


def test_already_decomposed_words_are_detected():
    assert looks_decomposed([decompose("학교"), decompose("가")])
    assert not looks_decomposed(["학교", "ㅋㅋ", "ok"])
    assert not looks_decomposed([decompose("학교"), "학교"])  # mixed: not decomposed text


HANGUL_TEXT = st.text(st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.characters(min_codepoint=0x3131, max_codepoint=0x318E),  # compatibility jamo block
    st.characters(codec="utf-8", exclude_categories=["Cs"]).filter(
        lambda c: not 0x1100 <= ord(c) <= 0x11FF)),  # conjoining jamo: the test above
    max_size=60)


@settings(max_examples=300, deadline=None)
@given(HANGUL_TEXT)
def test_compose_inverts_decompose_on_any_text_without_conjoining_jamo(text):
    assert compose(decompose(text)) == text
