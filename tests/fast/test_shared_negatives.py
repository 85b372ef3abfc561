"""Skip-gram with ``shared_negatives``: the kernel's arithmetic against a pair-by-pair
reference, the settings it is refused with, the same seed's vectors on every path (thread,
producer process), two workers, fastText, and that gensim is never handed the setting."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from kow2v import FastText, Word2Vec
from kow2v.config import TrainConfig
from kow2v.fast.kernels import sg_step
from kow2v.fast.labels import SharedNegatives
from tests.fast.test_producer import _spy_on_producers
from tests.test_word2vec import topic_corpus


def _reference(syn0, syn1, inputs, outputs, pool, weight, alpha):
    """Pair by pair, every gradient from the weights as they were before the call, then
    added up: what the batched kernel must compute."""
    d0, d1, loss = np.zeros_like(syn0, np.float64), np.zeros_like(syn1, np.float64), 0.0
    s0, s1 = syn0.astype(np.float64), syn1.astype(np.float64)

    def sigmoid(x):
        return 1.0 / (1.0 + np.exp(-x))

    for i, o in zip(inputs, outputs, strict=True):
        h = s0[i]
        f = h @ s1[o]
        g = alpha * (1.0 - sigmoid(f))  # label 1
        d0[i] += g * s1[o]
        d1[o] += g * h
        loss += -np.log(sigmoid(f))
        for n in pool:
            if n == o:  # skipped, as word2vec skips a negative equal to the true word
                continue
            f = h @ s1[n]
            g = weight * alpha * (0.0 - sigmoid(f))  # label 0, weighted
            d0[i] += g * s1[n]
            d1[n] += g * h
            loss += weight * -np.log(sigmoid(-f))
    return syn0 + d0, syn1 + d1, loss


def test_the_kernel_is_the_pair_by_pair_reference():
    rng = np.random.default_rng(5)
    V, D = 12, 7
    syn0 = rng.normal(0, 0.5, (V, D)).astype(np.float32)
    syn1 = rng.normal(0, 0.5, (V, D)).astype(np.float32)
    inputs = np.array([0, 1, 1, 2, 3, 0, 5, 4, 4], np.int32)  # repeated inputs
    outputs = np.array([3, 3, 4, 6, 2, 7, 3, 8, 9], np.int32)
    pool = np.array([3, 9, 9, 10, 11], np.int32)  # true words among them, and a repeat
    weight, alpha = np.float32(5 / len(pool)), np.float32(0.05)
    want0, want1, want_loss = _reference(syn0, syn1, inputs, outputs, pool, weight, alpha)
    got0, got1 = syn0.copy(), syn1.copy()
    loss = sg_step(got0, got1, inputs, outputs, np.empty((len(inputs), 0), np.int32), alpha,
                   compute_loss=True, labels=SharedNegatives(pool, weight))
    assert np.allclose(got0, want0, atol=1e-6)
    assert np.allclose(got1, want1, atol=1e-6)
    assert loss == pytest.approx(want_loss, rel=1e-5)
    assert not np.allclose(got1[10], syn1[10])  # a pool word that is no true word moved


@pytest.mark.parametrize("settings", [dict(sg=0), dict(sg=1, hs=1),
                                      dict(sg=1, hs=1, negative=0)])
def test_refused_where_there_are_no_skip_gram_negatives_alone(settings):
    with pytest.raises(ValueError, match="shared_negatives applies to skip-gram"):
        TrainConfig(shared_negatives=16, **settings)


@pytest.mark.parametrize("value", [-1, 2.5, "16", 10**6])
def test_refused_unless_a_whole_number_from_zero(value):
    with pytest.raises(ValueError, match="shared_negatives"):
        TrainConfig(sg=1, shared_negatives=value)


@pytest.fixture(scope="module")
def topics():
    return topic_corpus(n=800)


def _model(sentences, **kwargs):
    settings = dict(vector_size=20, window=3, min_count=1, sample=0, epochs=5, sg=1,
                    seed=3, shared_negatives=4)
    return Word2Vec(sentences, **{**settings, **kwargs})


def test_planted_topics_are_separated_and_a_seed_gives_its_vectors(topics):
    sentences, a, b = topics
    model = _model(sentences)
    within = np.mean([model.wv.similarity(x, y) for x, y in itertools.combinations(a, 2)])
    across = np.mean([model.wv.similarity(x, y) for x in a for y in b])
    assert within > across + 0.3, (within, across)
    assert np.array_equal(model.wv.vectors, _model(sentences).wv.vectors)
    assert not np.allclose(model.wv.vectors, _model(sentences, shared_negatives=0).wv.vectors)
    assert not np.allclose(model.wv.vectors, _model(sentences, shared_negatives=8).wv.vectors)


def test_the_producer_process_gives_the_vectors_of_the_thread(tmp_path, monkeypatch):
    from tests.fast.test_producer import _corpus_file

    path = str(_corpus_file(tmp_path))
    kwargs = dict(vector_size=12, min_count=1, epochs=2, seed=7, sg=1, batch_words=500,
                  shared_negatives=6)
    threaded = Word2Vec(corpus_file=path, **kwargs)
    started = _spy_on_producers(monkeypatch)
    in_process = Word2Vec(corpus_file=path, **kwargs)
    assert started == [1]
    assert np.array_equal(threaded.wv.vectors, in_process.wv.vectors)


def test_two_workers_train_and_blas_gets_its_threads_back(topics):
    from threadpoolctl import threadpool_info

    before = [(lib["filepath"], lib["num_threads"]) for lib in threadpool_info()]
    sentences, a, b = topics
    model = _model(sentences, workers=2, epochs=8)
    assert [(lib["filepath"], lib["num_threads"]) for lib in threadpool_info()] == before
    within = np.mean([model.wv.similarity(x, y) for x, y in itertools.combinations(a, 2)])
    across = np.mean([model.wv.similarity(x, y) for x in a for y in b])
    assert within > across + 0.3, (within, across)


def test_blas_runs_one_thread_while_training(topics, monkeypatch):
    from threadpoolctl import threadpool_info

    from kow2v.fast import kernels

    seen = []
    head = kernels._shared_negative_head

    def watched(*args, **kwargs):
        seen.append({lib["num_threads"] for lib in threadpool_info()
                     if lib["user_api"] == "blas"})
        return head(*args, **kwargs)

    monkeypatch.setattr(kernels, "_shared_negative_head", watched)
    _model(topics[0][:50], epochs=1)
    assert seen and all(threads <= {1} for threads in seen)


def test_fasttext_skip_gram_takes_it(topics):
    sentences, a, b = topics
    model = FastText(sentences, vector_size=20, window=3, min_count=1, sample=0, epochs=5,
                     sg=1, seed=3, shared_negatives=4, bucket=5000)
    within = np.mean([model.wv.similarity(x, y) for x, y in itertools.combinations(a, 2)])
    across = np.mean([model.wv.similarity(x, y) for x in a for y in b])
    assert within > across + 0.3, (within, across)
    assert model.shared_negatives == 4


def test_gensim_is_never_handed_the_setting():
    from kow2v.compare import _model as compare_model
    from kow2v.config import FastTextConfig

    cfg = FastTextConfig(sg=1, shared_negatives=8, epochs=1)
    assert compare_model("kow2v", cfg).shared_negatives == 8
    assert compare_model("gensim", cfg).sg == 1  # gensim would refuse an unknown argument
    assert compare_model("gensim-fasttext", cfg).sg == 1
