from __future__ import annotations

import pytest

from kow2v import tokenizers
from kow2v.tokenizers.parallel import tokenize_lines
from tests.conftest import require_tokenizer


def test_one_worker_keeps_order_and_empty_lines():
    tok = tokenizers.get("whitespace")
    assert list(tokenize_lines(["가 나", "", "다"], tok, chunk_size=1)) == [["가", "나"], [], ["다"]]


@pytest.mark.slow
def test_two_workers_give_identical_output(bundled_lines):
    tok = tokenizers.get("whitespace")
    lines = bundled_lines[:2000]
    assert list(tokenize_lines(lines, tok, workers=2, chunk_size=37)) == [
        line.split() for line in lines]


@pytest.mark.slow
@pytest.mark.konlpy
def test_two_okt_workers_each_with_a_jvm_match_one(bundled_lines):
    require_tokenizer("okt")
    tok = tokenizers.get("okt")
    tok.tokenize("가")  # the JVM is running in this process: workers must be spawned, not forked
    lines = bundled_lines[:300]
    assert list(tokenize_lines(lines, tok, workers=2, chunk_size=50)) == list(
        tokenize_lines(lines, tok, workers=1))


def test_bad_worker_count():
    with pytest.raises(ValueError):
        list(tokenize_lines(["가"], tokenizers.get("whitespace"), workers=0))
