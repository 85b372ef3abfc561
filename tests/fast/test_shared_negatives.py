"""``shared_negatives`` (skip-gram and CBOW): the kernels' arithmetic against an
example-by-example reference, the settings it is refused with, the same seed's vectors on
every path (thread, producer process), two workers, fastText, and that gensim is never handed
the setting."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from kow2v import FastText, Word2Vec
from kow2v.config import TrainConfig
from kow2v.fast.kernels import cbow_step, sg_step
from kow2v.fast.labels import SharedNegatives
from tests.fast.test_producer import _spy_on_producers
from tests.test_word2vec import topic_corpus


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _example(h, o, s1, d1, pool, weight, alpha):
    """One example's hidden vector ``h`` against its true word ``o`` and the pool: its
    error and loss, the output rows' updates added to ``d1``."""
    f = h @ s1[o]
    g = alpha * (1.0 - _sigmoid(f))  # label 1
    err, loss = g * s1[o], -np.log(_sigmoid(f))
    d1[o] += g * h
    for n in pool:
        if n == o:  # skipped, as word2vec skips a negative equal to the true word
            continue
        f = h @ s1[n]
        g = weight * alpha * (0.0 - _sigmoid(f))  # label 0, weighted
        err = err + g * s1[n]
        d1[n] += g * h
        loss += weight * -np.log(_sigmoid(-f))
    return err, loss


def _pools_of(shared, count):
    """Each of ``count`` examples' pool under ``shared`` (a SharedNegatives)."""
    return [shared.pools[(shared.start + b) // shared.group] for b in range(count)]


def _reference(syn0, syn1, inputs, outputs, pools, weight, alpha):
    """Skip-gram pair by pair (``pools``: each pair's pool), every gradient from the weights as
    they were before the call, then added up: what the batched kernel must compute."""
    d0, d1, loss = np.zeros_like(syn0, np.float64), np.zeros_like(syn1, np.float64), 0.0
    s0, s1 = syn0.astype(np.float64), syn1.astype(np.float64)
    for i, o, pool in zip(inputs, outputs, pools, strict=True):
        err, pair_loss = _example(s0[i], o, s1, d1, pool, weight, alpha)
        d0[i] += err
        loss += pair_loss
    return syn0 + d0, syn1 + d1, loss


def _cbow_reference(syn0, syn1, contexts, indptr, centers, pools, weight, alpha, mean):
    """CBOW center by center as gensim trains it (the mean or the sum of the contexts; with
    the sum the error is divided by their count), gradients from the weights before the call."""
    d0, d1, loss = np.zeros_like(syn0, np.float64), np.zeros_like(syn1, np.float64), 0.0
    s0, s1 = syn0.astype(np.float64), syn1.astype(np.float64)
    for c, o in enumerate(centers):
        ctx = contexts[indptr[c]:indptr[c + 1]]
        h = s0[ctx].mean(axis=0) if mean else s0[ctx].sum(axis=0)
        err, center_loss = _example(h, o, s1, d1, pools[c], weight, alpha)
        for i in ctx:
            d0[i] += err if mean else err / len(ctx)
        loss += center_loss
    return syn0 + d0, syn1 + d1, loss


#: one pool for every example; three groups of 4 from the second example of the first
#: (the last group cut short), as a crowded call's piece; true words, repeats in the pools
GROUPINGS = [
    SharedNegatives(np.array([[3, 9, 9, 10, 11]], np.int32), np.float32(1.0), 9),
    SharedNegatives(np.array([[3, 9, 10, 11, 2], [4, 4, 7, 1, 0], [9, 8, 3, 6, 5]], np.int32),
                    np.float32(1.0), 4, start=1),
]


@pytest.mark.parametrize("grouping", GROUPINGS)
def test_the_kernel_is_the_pair_by_pair_reference(grouping):
    rng = np.random.default_rng(5)
    V, D = 12, 7
    syn0 = rng.normal(0, 0.5, (V, D)).astype(np.float32)
    syn1 = rng.normal(0, 0.5, (V, D)).astype(np.float32)
    inputs = np.array([0, 1, 1, 2, 3, 0, 5, 4, 4], np.int32)  # repeated inputs
    outputs = np.array([3, 3, 4, 6, 2, 7, 3, 8, 9], np.int32)
    shared = grouping._replace(weight=np.float32(5 / grouping.pools.shape[1]))
    alpha = np.float32(0.05)
    want0, want1, want_loss = _reference(syn0, syn1, inputs, outputs,
                                         _pools_of(shared, len(inputs)), shared.weight, alpha)
    got0, got1 = syn0.copy(), syn1.copy()
    loss = sg_step(got0, got1, inputs, outputs, np.empty((len(inputs), 0), np.int32), alpha,
                   compute_loss=True, labels=shared)
    assert np.allclose(got0, want0, atol=1e-6)
    assert np.allclose(got1, want1, atol=1e-6)
    assert loss == pytest.approx(want_loss, rel=1e-5)
    assert not np.allclose(got1[10], syn1[10])  # a pool word that is no true word moved


@pytest.mark.parametrize("grouping", [GROUPINGS[0]._replace(group=4),
                                      GROUPINGS[1]._replace(group=2)])
@pytest.mark.parametrize("mean", [True, False])
def test_the_cbow_kernel_is_the_center_by_center_reference(mean, grouping):
    rng = np.random.default_rng(6)
    V, D = 12, 7
    syn0 = rng.normal(0, 0.5, (V, D)).astype(np.float32)
    syn1 = rng.normal(0, 0.5, (V, D)).astype(np.float32)
    contexts = np.array([0, 1, 2, 1, 5, 3, 4, 4, 6, 0], np.int32)  # repeated contexts
    indptr = np.array([0, 2, 3, 6, 10], np.int32)
    centers = np.array([3, 9, 3, 8], np.int32)
    shared = grouping._replace(weight=np.float32(5 / grouping.pools.shape[1]))
    alpha = np.float32(0.05)
    want0, want1, want_loss = _cbow_reference(syn0, syn1, contexts, indptr, centers,
                                              _pools_of(shared, len(centers)), shared.weight,
                                              alpha, mean)
    got0, got1 = syn0.copy(), syn1.copy()
    loss = cbow_step(got0, got1, contexts, indptr, centers, np.empty((4, 0), np.int32), alpha,
                     cbow_mean=mean, compute_loss=True, labels=shared)
    assert np.allclose(got0, want0, atol=1e-6)
    assert np.allclose(got1, want1, atol=1e-6)
    assert loss == pytest.approx(want_loss, rel=1e-5)
    assert not np.allclose(got1[11], syn1[11])  # a pool word that is no true word moved


@pytest.mark.parametrize("settings", [dict(sg=0, hs=1), dict(sg=1, hs=1),
                                      dict(sg=1, hs=1, negative=0)])
def test_refused_where_there_is_no_negative_sampling_alone(settings):
    with pytest.raises(ValueError, match="shared_negatives applies to negative sampling"):
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


def _separated(model, a, b):
    within = np.mean([model.wv.similarity(x, y) for x, y in itertools.combinations(a, 2)])
    across = np.mean([model.wv.similarity(x, y) for x in a for y in b])
    return within > across + 0.3, (within, across)


@pytest.mark.parametrize("sg", [1, 0])
def test_planted_topics_are_separated_and_a_seed_gives_its_vectors(topics, sg):
    sentences, a, b = topics
    model = _model(sentences, sg=sg)
    assert _separated(model, a, b)[0], _separated(model, a, b)[1]
    assert np.array_equal(model.wv.vectors, _model(sentences, sg=sg).wv.vectors)
    assert not np.allclose(model.wv.vectors,
                           _model(sentences, sg=sg, shared_negatives=0).wv.vectors)
    assert not np.allclose(model.wv.vectors,
                           _model(sentences, sg=sg, shared_negatives=8).wv.vectors)


@pytest.mark.parametrize("sg", [1, 0])
def test_the_producer_process_gives_the_vectors_of_the_thread(tmp_path, monkeypatch, sg):
    from tests.fast.test_producer import _corpus_file

    path = str(_corpus_file(tmp_path))
    kwargs = dict(vector_size=12, min_count=1, epochs=2, seed=7, sg=sg, batch_words=500,
                  shared_negatives=6)
    threaded = Word2Vec(corpus_file=path, **kwargs)
    started = _spy_on_producers(monkeypatch)
    in_process = Word2Vec(corpus_file=path, **kwargs)
    assert started == [1]
    assert np.array_equal(threaded.wv.vectors, in_process.wv.vectors)


@pytest.mark.parametrize("sg", [1, 0])
def test_two_workers_train_and_blas_gets_its_threads_back(topics, sg):
    from threadpoolctl import threadpool_info

    before = [(lib["filepath"], lib["num_threads"]) for lib in threadpool_info()]
    sentences, a, b = topics
    model = _model(sentences, workers=2, epochs=8, sg=sg)
    assert [(lib["filepath"], lib["num_threads"]) for lib in threadpool_info()] == before
    assert _separated(model, a, b)[0], _separated(model, a, b)[1]


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


@pytest.mark.parametrize("sg", [1, 0])
def test_fasttext_takes_it(topics, sg):
    sentences, a, b = topics
    kwargs = dict(vector_size=20, window=3, min_count=1, sample=0, epochs=5, sg=sg, seed=3,
                  bucket=5000)
    model = FastText(sentences, shared_negatives=4, **kwargs)
    assert _separated(model, a, b)[0], _separated(model, a, b)[1]
    assert model.shared_negatives == 4
    assert not np.allclose(model.wv.vectors, FastText(sentences, **kwargs).wv.vectors)


def test_gensim_is_never_handed_the_setting():
    from kow2v.compare import _model as compare_model
    from kow2v.config import FastTextConfig

    cfg = FastTextConfig(sg=1, shared_negatives=8, epochs=1)
    assert compare_model("kow2v", cfg).shared_negatives == 8
    assert compare_model("gensim", cfg).sg == 1  # gensim would refuse an unknown argument
    assert compare_model("gensim-fasttext", cfg).sg == 1


@pytest.mark.parametrize("sg", [1, 0])
def test_every_example_gets_its_groups_pool_crowded_pieces_too(monkeypatch, sg):
    """A call's examples are cut into groups of ``Settings.pool_group``, each with its own
    pool; a call crowded with one word trains in pieces (kow2v.fast.crowding), and each
    example of a piece is still scored against its own group's pool."""
    from kow2v.fast import engine, kernels

    jobs, seen = [], []
    train, head = engine.train_examples, kernels._shared_negative_head

    def kept(syn0, syn1, ex, alpha, s, *args, **kwargs):
        jobs.append((ex, s))
        return train(syn0, syn1, ex, alpha, s, *args, **kwargs)

    def watched(syn1, h, outputs, shared, *args, **kwargs):
        seen.extend(tuple(pool) for pool in _pools_of(shared, len(outputs)))
        return head(syn1, h, outputs, shared, *args, **kwargs)

    monkeypatch.setattr(engine, "train_examples", kept)
    monkeypatch.setattr(kernels, "_shared_negative_head", watched)
    # one line that repeats one word, and enough words that calls take their full size
    words = [f"w{i}" for i in range(1200)]
    sentences = [["ㅋ"] * 400] + [words[i:i + 8] for i in range(0, len(words), 8)]
    model = _model(sentences, sg=sg, epochs=1, batch_words=100_000)
    assert np.isfinite(model.wv.vectors).all()
    (ex, s), = jobs
    assert ex.crowded, "the repeated word crowds no call"
    assert ex.pools.shape[1] > 1 and s.pool_group <= 128  # several groups a call
    want = [tuple(ex.pools[e // s.per_call, e % s.per_call // s.pool_group])
            for e in range(len(ex.outputs))]
    assert seen == want
