"""The trainer's fast corpus path (text blocks -> jobs) against the sentence-by-sentence one."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from kow2v import Word2Vec
from kow2v.corpus import TokenizedCorpus
from kow2v.errors import CorpusError
from kow2v.fast.jobs import make_jobs, make_jobs_from_text
from kow2v.vocab import Vocab

LINES = [
    "학교 에서 공부 를 했다",
    "",
    "   ",
    "영화 가 정말 재밌 었다 ㅋㅋ 👍",
    "가 " * 40,  # a sentence longer than a job
    "\u3000학교\u3000가\tcrlf\r",  # ideographic space, tab and CR are whitespace to str.split
    "희귀어 하나",
    "nul\x00inside 학교",  # the separator character inside a token
]


def _corpus(tmp_path, lines=LINES, name="c.txt.gz", trailing_newline=False):
    data = ("\ufeff" + "\n".join(lines) + ("\n" if trailing_newline else "")).encode("utf-8")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return TokenizedCorpus(path)


def _same_jobs(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.raw_words == y.raw_words
        np.testing.assert_array_equal(x.ids, y.ids)
        # sentence numbers may differ (blank lines count in one), boundaries may not
        np.testing.assert_array_equal(np.diff(x.sent) != 0, np.diff(y.sent) != 0)


@pytest.mark.parametrize("block_bytes", [1, 7, 64, 1 << 20])
@pytest.mark.parametrize("batch_words", [1, 5, 16, 10_000])
def test_block_jobs_equal_sentence_jobs(tmp_path, block_bytes, batch_words):
    corpus = _corpus(tmp_path)
    vocab = Vocab.build(corpus, min_count=1)
    expected = list(make_jobs(corpus, vocab.encode_many, batch_words))
    got = list(make_jobs_from_text(corpus.text_blocks(block_bytes), vocab.encode_text,
                                   batch_words))
    _same_jobs(expected, got)
    assert sum(j.raw_words for j in got) == vocab.total_words


@pytest.mark.parametrize("trailing_newline", [True, False])
def test_text_blocks_hold_whole_lines_and_iterate_like_split_lines(tmp_path, trailing_newline):
    corpus = _corpus(tmp_path, trailing_newline=trailing_newline)
    blocks = list(corpus.text_blocks(5))
    assert all(b.endswith("\n") for b in blocks)
    assert "".join(blocks).split("\n")[:-1] == [line for line in LINES]  # BOM gone
    assert list(corpus) == [line.split() for line in LINES if line.split()]


def test_encode_text_counts_unknown_words_and_blank_lines():
    vocab = Vocab.build([["a", "b"], ["a"]], min_count=1)
    ids, sent, lengths = vocab.encode_text("a x b\n\n  \nx\nb a")
    np.testing.assert_array_equal(ids, [0, 1, 1, 0])
    np.testing.assert_array_equal(sent, [0, 0, 4, 4])
    np.testing.assert_array_equal(lengths, [3, 0, 0, 1, 2])


def test_bad_utf8_names_the_line_and_offset(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("첫 줄\n둘째 줄\n".encode() + b"bad \xff byte\n")
    with pytest.raises(CorpusError, match=r"line 3, byte offset (\d+)") as info:
        list(TokenizedCorpus(path))
    offset = int(info.value.args[0].split("byte offset ")[1].split(":")[0])
    assert path.read_bytes()[offset] == 0xFF


@pytest.mark.parametrize("sg", [0, 1])
def test_streamed_training_equals_training_on_a_list(tmp_path, sg):
    """Same seed, same vectors: the fast block path changes speed, not results."""
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(60)]
    lines = [" ".join(rng.choice(words, size=rng.integers(1, 30))) for _ in range(400)]
    corpus = _corpus(tmp_path, lines=lines + ["", "w1 w2"])
    params = dict(vector_size=16, window=3, min_count=2, sg=sg, seed=3, epochs=2,
                  batch_words=300)
    streamed = Word2Vec(corpus, **params)
    listed = Word2Vec(list(corpus), **params)
    np.testing.assert_array_equal(streamed.wv.vectors, listed.wv.vectors)
    np.testing.assert_array_equal(streamed.syn1neg, listed.syn1neg)
