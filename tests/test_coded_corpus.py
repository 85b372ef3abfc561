"""build_vocab counts a corpus file into token codes kept in a temporary file, and the next
train() makes its jobs from them instead of splitting the text again (``kow2v.coded_corpus``):
the same counts, the same jobs and the same vectors as the text, and never for text that
changed since it was counted."""

from __future__ import annotations

import errno
import gzip
import logging
import os
import tempfile
import tracemalloc

import numpy as np
import pytest

from kow2v import FastText, Word2Vec, coded_corpus
from kow2v import any2vec as any2vec_module
from kow2v.coded_corpus import CodedCorpus, count_codes
from kow2v.corpus import TokenizedCorpus
from kow2v.fast.jobs import corpus_jobs
from kow2v.jamo import decompose
from kow2v.vocab import Vocab, count_words
from tests.conftest import count_text_reads, random_corpus_file
from tests.fast import test_text_blocks

# the text-block tests' lines, but the one with U+0000 (tested apart below), and two more
LINES = [line for line in test_text_blocks.LINES if "\x00" not in line] + [
    "한" * 20_000,  # a line longer than a counting block
    "분해된 \u1112\u1161\u11a8\u1100\u116d",  # 학교 in decomposed Unicode (NFD)
]


def _corpus(tmp_path, lines=LINES, name="c.txt.gz"):
    data = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return TokenizedCorpus(path)


def _no_codes(monkeypatch):
    monkeypatch.setattr(any2vec_module, "codable", lambda corpus: False)


@pytest.mark.parametrize("key", [None, decompose])
@pytest.mark.parametrize("block_bytes", [5, 64, 1 << 14])
def test_codes_count_what_count_words_counts(tmp_path, monkeypatch, key, block_bytes):
    monkeypatch.setattr(coded_corpus, "COUNT_BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(coded_corpus, "WRITE_CODES", 7)  # many blocks in the file
    corpus = _corpus(tmp_path)
    expected = count_words(corpus, key)
    counts, words, sentences, coded = count_codes(corpus, key)
    assert coded is not None
    coded.close()
    assert list(counts.items()) == list(expected[0].items())  # the same order too
    assert (words, sentences) == expected[1:] == (sum(expected[0].values()), 7)
    if key is None:
        assert counts["학교"] == 2 and "\x00" not in counts and len(counts) == len(expected[0])


@pytest.mark.parametrize("batch_words", [1, 5, 16, 10_000])
@pytest.mark.parametrize("min_count", [1, 2])
def test_jobs_from_codes_are_the_jobs_from_the_text(tmp_path, monkeypatch, batch_words,
                                                    min_count):
    monkeypatch.setattr(coded_corpus, "WRITE_CODES", 7)
    corpus = _corpus(tmp_path, name="c.txt")
    counts, words, sentences, coded = count_codes(corpus)
    assert coded is not None
    vocab = Vocab.from_counts(counts, words, sentences, min_count)
    coded.bind(vocab)
    assert coded.serves(corpus, vocab)
    expected = list(corpus_jobs(corpus, vocab.encode_many, vocab.encode_text, batch_words))
    for _ in range(2):  # each epoch reads the file from its start
        got = list(coded.jobs(batch_words))
        assert len(got) == len(expected)
        for x, y in zip(got, expected, strict=True):
            assert x.raw_words == y.raw_words
            np.testing.assert_array_equal(x.ids, y.ids)
            np.testing.assert_array_equal(x.sent, y.sent)
    coded.close()


@pytest.mark.parametrize("trainer, kwargs", [
    (Word2Vec, dict(sg=0)), (Word2Vec, dict(sg=1, hs=1, negative=0)),
    (FastText, dict(sg=1)), (FastText, dict(sg=0, subwords="char"))])
def test_training_from_codes_gives_the_vectors_of_the_text(tmp_path, monkeypatch, trainer,
                                                           kwargs):
    path = random_corpus_file(tmp_path, 400, words=60, stem="낱말", seed=5)
    params = dict(vector_size=10, min_count=2, epochs=3, seed=3, batch_words=300, **kwargs)
    reads = count_text_reads(monkeypatch)
    served = []
    original = CodedCorpus.jobs
    monkeypatch.setattr(CodedCorpus, "jobs",
                        lambda self, b: served.append(1) or original(self, b))
    coded = trainer(corpus_file=str(path), **params)
    assert len(reads) == 1 and len(served) == 3  # counted once, then three epochs of codes
    _no_codes(monkeypatch)
    text = trainer(corpus_file=str(path), **params)
    assert np.array_equal(coded.wv.vectors, text.wv.vectors)
    assert coded.vocab.words == text.vocab.words
    assert (coded.corpus_count, coded.corpus_total_words) == \
        (text.corpus_count, text.corpus_total_words)


def test_two_workers_train_from_the_codes(tmp_path, monkeypatch):
    path = random_corpus_file(tmp_path, 2000, words=80, seed=7)
    reads = count_text_reads(monkeypatch)
    model = Word2Vec(corpus_file=str(path), vector_size=16, min_count=1, epochs=2, workers=2,
                     seed=1)
    assert len(reads) == 1  # the count; the workers' jobs came from the codes
    assert model.wv.most_similar("단어1", topn=1)  # trained, not left as drawn
    assert model._codes is None  # the temporary file is gone with the call it served


def test_an_online_update_trains_from_its_own_codes(tmp_path, monkeypatch):
    (tmp_path / "b").mkdir()
    first = random_corpus_file(tmp_path, 300, words=40, stem="가", seed=1)
    second = random_corpus_file(tmp_path / "b", 300, words=60, stem="가", seed=2)
    params = dict(vector_size=10, min_count=1, epochs=2, seed=4, batch_words=200)

    def updated():
        model = Word2Vec(corpus_file=str(first), **params)
        model.build_vocab(corpus_file=str(second), update=True)
        model.train(corpus_file=str(second), total_examples=model.corpus_count,
                    epochs=model.epochs)
        return model

    reads = count_text_reads(monkeypatch)
    coded = updated()
    assert len(reads) == 2  # each file counted once, trained from its codes
    _no_codes(monkeypatch)
    assert np.array_equal(coded.wv.vectors, updated().wv.vectors)


def test_text_changed_since_counting_is_read_again(tmp_path, monkeypatch):
    path = random_corpus_file(tmp_path, 300, words=40, seed=2)
    model = Word2Vec(vector_size=10, min_count=1, seed=1)
    model.build_vocab(corpus_file=str(path))
    with open(path, "a", encoding="utf-8") as fh:  # appended after counting
        fh.write("단어1 단어2 단어3\n" * 50)
    reads = count_text_reads(monkeypatch)
    model.train(corpus_file=str(path), total_examples=model.corpus_count, epochs=1)
    assert len(reads) == 1  # the text, as it is now

    model.build_vocab(corpus_file=str(path))
    (tmp_path / "o").mkdir()
    other = random_corpus_file(tmp_path / "o", 100, words=40, seed=9)
    del reads[:]
    model.train(corpus_file=str(other), total_examples=100, epochs=1)  # another file
    assert len(reads) == 1


def test_the_codes_serve_one_train_call_and_leave_nothing(tmp_path, monkeypatch):
    path = random_corpus_file(tmp_path, 300, words=40, seed=2)
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    descriptors = len(os.listdir("/proc/self/fd"))
    model = Word2Vec(vector_size=10, min_count=1, seed=1, epochs=1)
    model.build_vocab(corpus_file=str(path))
    assert os.listdir(spool) == []  # no name, even while it is open
    assert len(os.listdir("/proc/self/fd")) == descriptors + 1
    model.build_vocab(corpus_file=str(path))  # a new count replaces the old codes
    assert len(os.listdir("/proc/self/fd")) == descriptors + 1
    reads = count_text_reads(monkeypatch)
    model.train(corpus_file=str(path), total_examples=model.corpus_count)
    model.train(corpus_file=str(path), total_examples=model.corpus_count)
    assert len(reads) == 1  # the second call read the text
    assert len(os.listdir("/proc/self/fd")) == descriptors


def test_a_failed_count_leaves_no_file(tmp_path):
    path = tmp_path / "rare.txt"
    path.write_text("드문 낱말\n", encoding="utf-8")
    descriptors = len(os.listdir("/proc/self/fd"))
    with pytest.raises(Exception, match="min_count"):
        Word2Vec(corpus_file=str(path), min_count=5)
    assert len(os.listdir("/proc/self/fd")) == descriptors


@pytest.mark.parametrize("cls", [Word2Vec, FastText])
def test_the_count_of_every_token_is_freed_before_the_weights_are_made(tmp_path, monkeypatch,
                                                                        cls):
    """What counting held for each distinct token (the tokens as written, and FastText's
    jamo keys beside them) is gone when the weights are made: on the whitespace benchmark
    file, 1.18M tokens each way, it was held beside FastText's weights and raised its peak
    by 150-180 MB."""
    path = tmp_path / "rare.txt"
    path.write_text("".join(" ".join(f"드문말{i}" for i in range(j, j + 20)) + " 학교 에서 밥\n"
                            for j in range(0, 40_000, 20)), encoding="utf-8")
    at_weights = []
    make = cls._init_weights

    def init_weights(self):
        at_weights.append(tracemalloc.get_traced_memory())  # (held now, the count's peak)
        make(self)

    monkeypatch.setattr(cls, "_init_weights", init_weights)
    model = cls(vector_size=10, min_count=2, seed=1, **({"bucket": 100} if cls is FastText else {}))
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        model.build_vocab(corpus_file=str(path))
    finally:
        tracemalloc.stop()
    assert model.vocab is not None and len(model.vocab) == 3  # the 40,000 rare tokens: gone
    assert model._codes is not None  # the codes are kept (bound) all the same
    (held, counting_peak), = at_weights
    assert held - start < (counting_peak - start) / 10


def test_a_corpus_spelt_in_jamo_already_is_refused_and_leaves_no_file(tmp_path):
    """FastText over jamo refuses a corpus decomposed already (after counting it): the error
    says what to do, the codes of that count are closed with it, not left open until the
    model is collected, and no weights are made for the vocabulary it refused."""
    path = tmp_path / "jamo.txt"
    path.write_text("".join(" ".join(decompose(w) for w in ("학교", "에서", "밥", "을")) + "\n"
                            for _ in range(5)), encoding="utf-8")
    descriptors = len(os.listdir("/proc/self/fd"))
    model = FastText(vector_size=10, min_count=1, bucket=100, seed=1)
    with pytest.raises(Exception, match="spelt in jamo already.*subwords='char'"):
        model.build_vocab(corpus_file=str(path))
    assert model.vocab is None
    assert model._output is None and model._wv is None
    assert len(os.listdir("/proc/self/fd")) == descriptors
    FastText(vector_size=10, min_count=1, bucket=100, seed=1, subwords="char",
             corpus_file=str(path), epochs=1)  # what the message says works


def test_a_nul_character_counts_the_old_way(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, LINES + ["nul\x00inside 학교"])
    counts, words, sentences, coded = count_codes(corpus)
    assert coded is None
    assert (dict(counts), words, sentences) == (lambda c, w, s: (dict(c), w, s))(
        *count_words(corpus))
    reads = count_text_reads(monkeypatch)
    model = Word2Vec(corpus_file=str(corpus.path), vector_size=8, min_count=1, epochs=2)
    assert "nul\x00inside" in model.wv
    assert len(reads) == 2 + 1  # counted twice (codes abandoned), then read and kept


def test_a_full_disk_trains_from_the_text_with_one_warning(tmp_path, monkeypatch, caplog):
    path = random_corpus_file(tmp_path, 400, words=60, seed=5)
    params = dict(vector_size=10, min_count=1, epochs=2, seed=3, batch_words=300)

    def full(self, codes):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(CodedCorpus, "_add", full)
    with caplog.at_level(logging.WARNING, logger="kow2v.coded_corpus"):
        unkept = Word2Vec(corpus_file=str(path), **params)
    warnings = [r.getMessage() for r in caplog.records if r.name == "kow2v.coded_corpus"]
    assert len(warnings) == 1 and "No space left on device" in warnings[0]
    assert unkept._codes is None
    _no_codes(monkeypatch)
    assert np.array_equal(unkept.wv.vectors, Word2Vec(corpus_file=str(path), **params).wv.vectors)


def test_max_vocab_size_and_other_corpora_count_the_old_way(tmp_path):
    path = random_corpus_file(tmp_path, 200, words=40, seed=2)
    pruned = Word2Vec(vector_size=8, min_count=1, max_vocab_size=30)
    pruned.build_vocab(corpus_file=str(path))
    assert pruned._codes is None

    class Shuffled(TokenizedCorpus):  # a user's subclass may read its text its own way
        pass

    listed = Word2Vec(vector_size=8, min_count=1)
    listed.build_vocab(Shuffled(path))
    assert listed._codes is None
    listed.build_vocab(list(TokenizedCorpus(path)))
    assert listed._codes is None
