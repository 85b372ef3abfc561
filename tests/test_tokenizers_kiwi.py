from __future__ import annotations

import pytest

from kow2v import tokenizers
from kow2v.errors import TokenizerError
from kow2v.tokenizers import tokenize_batch
from tests.conftest import require_tokenizer

pytestmark = pytest.mark.kiwi


@pytest.fixture(scope="module")
def kiwi():
    require_tokenizer("kiwi")
    return tokenizers.get("kiwi")


def test_expected_tokens(kiwi):
    assert kiwi.tokenize("대한민국의 주권은 국민에게 있다") == [
        "대한민국", "의", "주권", "은", "국민", "에게", "있", "다"]
    assert kiwi.tokenize("영화가 정말 재미있었어요") == ["영화", "가", "정말", "재미있", "었", "어요"]


def test_batch_equals_one_by_one(kiwi, bundled_lines):
    lines = bundled_lines[:300] + ["", "  ", "😀"]
    assert tokenize_batch(kiwi, lines) == [kiwi.tokenize(line) for line in lines]


def test_num_workers_zero_is_refused():
    require_tokenizer("kiwi")
    with pytest.raises(TokenizerError, match="num_workers=0"):
        tokenizers.get("kiwi", num_workers=0)
