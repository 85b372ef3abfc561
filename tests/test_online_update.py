"""build_vocab(update=True) and build_vocab_from_freq: gensim's vocabulary, counts and
sample_int after the same calls, the trained weights kept, and training that goes on."""

from __future__ import annotations

import numpy as np
import pytest
from gensim.models import Word2Vec as GensimWord2Vec

from kow2v import FastText, Word2Vec
from kow2v.errors import EmptyCorpusError, Kow2vError
from tests.test_word2vec import topic_corpus


def _halves():
    sentences, a, b = topic_corpus(400)
    first = [s for s in sentences[:200] if "배급" not in s]  # a word only the second half has
    rng = np.random.default_rng(5)
    second = sentences[200:] + [list(rng.choice(["새말", "신조어", "학교"], 6)) for _ in range(30)]
    # a known word seen too rarely in the new half to be taken: gensim still grows its count
    return first + [["희귀어", "학교"]] * 5, second + [["희귀어", "공부"]]


def _gensim_state(model):
    wv = model.wv
    return (list(wv.index_to_key), [int(wv.get_vecattr(i, "count")) for i in range(len(wv))],
            [int(wv.get_vecattr(i, "sample_int")) for i in range(len(wv))])


@pytest.mark.parametrize("kw", [dict(min_count=3, sample=1e-3), dict(min_count=1, sample=0.05),
                                dict(min_count=70, sample=0)])  # new words under the bar
def test_update_equals_gensims_vocabulary_counts_and_sample_int(kw):
    first, second = _halves()
    params = dict(vector_size=8, epochs=1, seed=3, **kw)
    ours, theirs = Word2Vec(first, **params), GensimWord2Vec(first, **params)
    old_vectors = ours.wv.vectors.copy()
    ours.build_vocab(second, update=True)
    theirs.build_vocab(second, update=True)
    words, counts, sample_int = _gensim_state(theirs)
    assert ours.wv.index_to_key == words
    assert ours.vocab.counts.tolist() == counts
    assert ours.vocab.sample_int(ours.sample).tolist() == sample_int
    if "희귀어" in words:
        assert counts[words.index("희귀어")] == 6
    assert (ours.corpus_count, ours.corpus_total_words) == (theirs.corpus_count,
                                                            theirs.corpus_total_words)
    assert ours.vocab.total_sentences == len(first) + len(second)
    old = len(old_vectors)
    assert np.array_equal(ours.wv.vectors[:old], old_vectors)  # trained rows kept
    np.testing.assert_allclose(ours.wv.vectors[old:], theirs.wv.vectors[old:])  # gensim's draw
    assert np.abs(ours.syn1neg[old:]).sum() == 0 and len(ours.syn1neg) == len(words)


def test_training_goes_on_and_new_words_find_their_topic(tmp_path):
    first, second = _halves()
    model = Word2Vec(first, vector_size=16, window=3, min_count=1, sample=0, epochs=5, seed=1,
                     hs=1, negative=5)
    trained_out = model.syn1neg.copy()
    model.build_vocab(second, update=True)
    assert "배급" in model.wv and "새말" in model.wv
    assert np.array_equal(model.syn1neg[:len(trained_out)], trained_out)
    assert model.syn1 is not None and len(model.syn1) == len(model.wv)
    model.train(second, total_examples=model.corpus_count, epochs=5)
    _, a, b = topic_corpus()
    assert model.wv.similarity("배급", b[0]) > model.wv.similarity("배급", a[0])
    model.save(tmp_path / "m.npz")
    again = Word2Vec.load(tmp_path / "m.npz")
    assert np.array_equal(again.vocab.keep_probabilities(again.sample),
                          model.vocab.keep_probabilities(model.sample))
    again.build_vocab([["또새말"] * 3], update=True)  # a loaded model updates too
    assert again.wv.index_to_key[-1] == "또새말"


def test_build_vocab_from_freq_equals_gensims():
    freq = {"학교": 30, "공부": 12, "영화": 12, "배우": 3, "드문말": 1}
    ours, theirs = Word2Vec(vector_size=8, min_count=2), GensimWord2Vec(vector_size=8, min_count=2)
    ours.build_vocab_from_freq(freq, corpus_count=7)
    theirs.build_vocab_from_freq(freq, corpus_count=7)
    assert _gensim_state(theirs) == (ours.wv.index_to_key, ours.vocab.counts.tolist(),
                                     ours.vocab.sample_int(ours.sample).tolist())
    assert (ours.corpus_count, ours.corpus_total_words) == (7, 58)
    ours.build_vocab_from_freq({"새말": 4, "학교": 2}, update=True)
    theirs.build_vocab_from_freq({"새말": 4, "학교": 2}, update=True)
    assert _gensim_state(theirs) == (ours.wv.index_to_key, ours.vocab.counts.tolist(),
                                     ours.vocab.sample_int(ours.sample).tolist())


def test_bad_updates_say_what_to_do():
    with pytest.raises(Kow2vError, match="build one first"):
        Word2Vec(min_count=1).build_vocab([["학교"]], update=True)
    model = Word2Vec([["학교", "공부"]] * 5, vector_size=4, min_count=1, epochs=1)
    with pytest.raises(EmptyCorpusError):
        model.build_vocab([[], []], update=True)
    ft = FastText(min_count=1, bucket=100)
    with pytest.raises(Kow2vError, match="build one first"):
        ft.build_vocab([["새말"]], update=True)


@pytest.mark.parametrize("sg", [0, 1])
def test_fasttext_update_equals_gensims_and_keeps_trained_rows(sg):
    from gensim.models import FastText as GensimFastText

    first, second = _halves()
    params = dict(vector_size=8, min_count=3, epochs=2, seed=3, sg=sg, bucket=500, min_n=2,
                  max_n=3)
    ours = FastText(first, subwords="char", **params)
    theirs = GensimFastText(first, **params)
    old = len(ours.wv)
    trained_words = ours.wv.vectors_vocab.copy()
    used = ours._used.copy()
    trained_buckets = ours.wv.vectors_ngrams[used].copy()
    trained_out = ours.syn1neg.copy()
    ours.build_vocab(second, update=True)
    theirs.build_vocab(second, update=True)
    words, counts, sample_int = _gensim_state(theirs)
    assert ours.wv.index_to_key == words and "배급" in words and "새말" in words
    assert ours.vocab.counts.tolist() == counts
    assert ours.vocab.sample_int(ours.sample).tolist() == sample_int
    V = len(words)
    assert np.array_equal(ours.wv.vectors_vocab[:old], trained_words)  # trained rows kept
    assert np.array_equal(ours.wv.vectors_ngrams[used], trained_buckets)
    np.testing.assert_allclose(ours.wv.vectors_vocab[old:],
                               theirs.wv.vectors_vocab[old:])  # gensim's draw
    new_buckets = np.setdiff1d(ours._used, used)
    assert len(new_buckets) and np.abs(ours.wv.vectors_ngrams[new_buckets]).min(axis=1).all()
    assert np.array_equal(ours.syn1neg[:old], trained_out)
    assert len(ours.syn1neg) == V and np.abs(ours.syn1neg[old:]).sum() == 0
    assert ours.wv.vectors.shape == (V, 8)


def test_fasttext_training_goes_on_after_an_update(tmp_path):
    first, second = _halves()
    model = FastText(first, vector_size=16, window=3, min_count=1, sample=0, epochs=5, seed=1,
                     bucket=2000, workers=2)
    model.build_vocab(second, update=True)
    before = model.surface["배급"].copy()
    model.train(second, total_examples=model.corpus_count, epochs=5)
    assert not np.allclose(model.surface["배급"], before)  # the new word's rows trained
    _, a, b = topic_corpus()
    assert model.surface.similarity("배급", b[0]) > model.surface.similarity("배급", a[0])
    model.save(tmp_path / "ft.npz")
    again = FastText.load(tmp_path / "ft.npz")
    np.testing.assert_array_equal(again.wv.vectors, model.wv.vectors)
    again.build_vocab([["또새말"] * 3], update=True)  # a loaded model updates too
    assert again.surface.index_to_key[-1] == "또새말"


@pytest.mark.parametrize("sg", [0, 1])
def test_null_word_as_gensims_and_never_trained_as_an_input(sg, tmp_path):
    first, second = _halves()
    params = dict(vector_size=8, min_count=2, epochs=1, seed=3, null_word=1, sg=sg, hs=1)
    ours, theirs = Word2Vec(**params), GensimWord2Vec(**params)
    ours.build_vocab(first)
    theirs.build_vocab(first)
    words, counts, sample_int = _gensim_state(theirs)
    assert ours.wv.index_to_key == words and "\0" in words
    assert ours.vocab.counts.tolist() == counts
    assert ours.vocab.sample_int(ours.sample).tolist() == sample_int  # the null word's: 0
    start = ours.wv["\0"].copy()
    ours.train(first, total_examples=ours.corpus_count, epochs=2)
    assert np.array_equal(ours.wv["\0"], start)
    ours.save(tmp_path / "m.npz")
    assert Word2Vec.load(tmp_path / "m.npz").vocab.keep_probabilities(ours.sample)[
        ours.wv.key_to_index["\0"]] == 0
