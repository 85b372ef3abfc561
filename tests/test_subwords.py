"""kow2v.subwords: fastText's n-grams and FNV-1a buckets, equal to gensim's own."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kow2v.jamo import decompose
from kow2v.subwords import char_ngrams, fnv1a_signed, ngram_buckets

WORDS = ["학교", "학교에서", "a", "가", "ㅋㅋㅋ", "hello", "😀x", "학굣길" * 20, "Ö"]


@pytest.mark.parametrize("min_n, max_n", [(3, 6), (1, 3), (2, 2), (1, 1), (3, 9), (5, 3)])
def test_ngrams_and_buckets_equal_gensims(min_n, max_n):
    from gensim.models.fasttext import ft_ngram_hashes
    from gensim.models.fasttext_inner import compute_ngrams_bytes

    words = WORDS + [decompose(w) for w in WORDS]
    for word in words:
        assert [g.encode() for g in char_ngrams(word, min_n, max_n)] == \
            compute_ngrams_bytes(word, min_n, max_n)
    indptr, buckets = ngram_buckets(words, min_n, max_n, 2_000_000)
    for i, word in enumerate(words):
        assert buckets[indptr[i]:indptr[i + 1]].tolist() == \
            ft_ngram_hashes(word, min_n, max_n, 2_000_000)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
                min_size=1, max_size=8),
       st.integers(1, 4), st.integers(1, 7), st.integers(1, 5000))
def test_buckets_equal_gensims_for_any_words(words, min_n, max_n, bucket):
    from gensim.models.fasttext import ft_ngram_hashes

    indptr, buckets = ngram_buckets(words, min_n, max_n, bucket)
    for i, word in enumerate(words):
        assert buckets[indptr[i]:indptr[i + 1]].tolist() == \
            ft_ngram_hashes(word, min_n, max_n, bucket)


def test_the_hash_sign_extends_bytes_as_fasttext_does():
    from gensim.models.fasttext_inner import ft_hash_bytes

    items = [b"", b"a", "학".encode(), bytes([0x80, 0xFF, 0x7F]), b"<ab>"]
    assert fnv1a_signed(items).tolist() == [ft_hash_bytes(b) for b in items]


def test_no_ngrams_without_buckets_or_with_max_n_zero():
    for bucket, max_n in ((0, 6), (100, 0)):
        indptr, buckets = ngram_buckets(["학교"], 3, max_n, bucket)
        assert indptr.tolist() == [0, 0] and buckets.size == 0


def test_a_5000_character_token_costs_time_linear_in_its_length():
    indptr, buckets = ngram_buckets(["가" * 5000], 3, 6, 2_000_000)
    assert indptr[1] == sum(5002 - n + 1 for n in range(3, 7))  # each length, each start
    assert buckets.dtype == np.uint32
