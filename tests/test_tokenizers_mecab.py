from __future__ import annotations

import pytest

from kow2v import tokenizers
from tests.conftest import require_tokenizer

pytestmark = pytest.mark.mecab


@pytest.fixture
def mecab():
    require_tokenizer("mecab")
    return tokenizers.get("mecab")


def test_expected_tokens(mecab):
    assert mecab.tokenize("아버지가 방에 들어가신다") == ["아버지", "가", "방", "에", "들어가", "신다"]
    assert mecab.tokenize("영화가 정말 재미있었어요") == ["영화", "가", "정말", "재미있", "었", "어요"]
    assert mecab.tokenize("학교에서 공부를 했습니다") == ["학교", "에서", "공부", "를", "했", "습니다"]


def test_compound_tags_and_filter():
    tok = tokenizers.get("mecab", tagged=True)
    assert tok.tokenize("공부를 했습니다") == ["공부/NNG", "를/JKO", "했/VV+EP", "습니다/EF"]
    nouns_verbs = tokenizers.get("mecab", pos=["NN", "VV"])
    assert nouns_verbs.tokenize("학교에서 공부를 했습니다") == ["학교", "공부", "했"]


def test_dictionary_entries_with_spaces_become_separate_tokens(mecab):
    tokens = mecab.tokenize("소노 시온 봤어요")
    assert all(" " not in t for t in tokens)
    assert "소노" in tokens and "시온" in tokens
