"""Whole-model gradient checks, the book's toy runs, and the Korean round trip to gensim."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kow2v.scratch import (
    CBOW,
    SGD,
    Adam,
    MatMul,
    SimpleCBOW,
    SimpleSkipGram,
    SkipGram,
    SoftmaxWithLoss,
    Trainer,
    convert_one_hot,
    create_contexts_target,
    merge_shared,
    numerical_gradient,
    preprocess,
    relative_error,
)

TEXT = "You say goodbye and I say hello."


def _check_model(model, contexts, target):
    def f():
        return model.forward(contexts, target)

    f()
    model.backward()
    params, grads = merge_shared(model.params, model.grads)
    for p, g in zip(params, grads, strict=True):
        assert relative_error(g, numerical_gradient(f, p)) < 1e-5


def _fix_negatives(model, target, contexts=None):
    losses = [model.ns_loss] if hasattr(model, "ns_loss") else model.loss_layers
    for i, loss in enumerate(losses):
        fixed = loss.sampler.get_negative_sample(target if contexts is None else contexts[:, i])
        loss.sampler = type("Fixed", (), {"get_negative_sample": lambda self, t, f=fixed: f})()


@pytest.mark.parametrize("window", [1, 2])
def test_simple_cbow_gradient(window):
    corpus, w2i, _ = preprocess(TEXT)
    contexts, target = create_contexts_target(corpus, window)
    V = len(w2i)
    model = SimpleCBOW(V, 4, window_size=window, seed=0, dtype=np.float64)
    _check_model(model, convert_one_hot(contexts, V).astype(np.float64),
                 convert_one_hot(target, V))


@pytest.mark.parametrize("window", [1, 2])
def test_simple_skipgram_gradient(window):
    corpus, w2i, _ = preprocess(TEXT)
    contexts, target = create_contexts_target(corpus, window)
    V = len(w2i)
    model = SimpleSkipGram(V, 4, window_size=window, seed=0, dtype=np.float64)
    _check_model(model, convert_one_hot(contexts, V), convert_one_hot(target, V).astype(float))


@pytest.mark.parametrize("window", [1, 2])
def test_cbow_gradient(window):
    corpus, w2i, _ = preprocess(TEXT + " You say hello and I say goodbye.")
    contexts, target = create_contexts_target(corpus, window)
    model = CBOW(len(w2i), 4, window, corpus, sample_size=3, seed=0, dtype=np.float64)
    _fix_negatives(model, target)
    _check_model(model, contexts, target)


@pytest.mark.parametrize("window", [1, 2])
def test_skipgram_gradient(window):
    corpus, w2i, _ = preprocess(TEXT + " You say hello and I say goodbye.")
    contexts, target = create_contexts_target(corpus, window)
    model = SkipGram(len(w2i), 4, window, corpus, sample_size=3, seed=0, dtype=np.float64)
    _fix_negatives(model, target, contexts)
    _check_model(model, contexts, target)


class SharedMatMulCBOW(SimpleCBOW):
    """The study note's second variant: one MatMul reused for both contexts."""

    def forward(self, contexts, target):
        layer = self.in_layers[0]
        h = 0.5 * (layer.forward(contexts[:, 0]) + layer.forward(contexts[:, 1]))
        return self.loss_layer.forward(self.out_layer.forward(h), target)

    def backward(self, dout=1.0):
        da = self.out_layer.backward(self.loss_layer.backward(dout))
        self.in_layers[0].backward(da)  # sees only the last context, and drops the 0.5


def test_model_gradient_check_catches_the_shared_layer_bug():
    corpus, w2i, _ = preprocess(TEXT)
    contexts, target = create_contexts_target(corpus)
    V = len(w2i)
    model = SharedMatMulCBOW(V, 4, seed=0, dtype=np.float64)
    model.in_layers[1].grads[0][...] = 0  # unused second layer
    x, t = convert_one_hot(contexts, V).astype(np.float64), convert_one_hot(target, V)
    with pytest.raises(AssertionError):
        _check_model(model, x, t)
    trainer = Trainer(model, Adam(), seed=0)  # ... although its loss still falls
    trainer.fit(x, t, max_epoch=300, batch_size=3)
    assert trainer.loss_list[-1] < trainer.loss_list[0] - 0.5


def _toy():
    corpus, w2i, i2w = preprocess(TEXT)
    contexts, target = create_contexts_target(corpus, window_size=1)
    V = len(w2i)
    return convert_one_hot(contexts, V), convert_one_hot(target, V), V, i2w


def test_book_toy_run_simple_cbow():
    x, t, V, _ = _toy()
    trainer = Trainer(SimpleCBOW(V, 5, seed=0), Adam(), seed=0)
    trainer.fit(x, t, max_epoch=1000, batch_size=3)
    assert len(trainer.loss_list) == 1000  # one record per epoch: iteration 0 of 2
    assert trainer.loss_list[0] == pytest.approx(math.log(7), abs=0.01)
    assert np.mean(trainer.loss_list[-100:]) < 1.0  # the book's run ends near 0.6


def _skipgram_floor(contexts_ids, target_ids):
    """Lowest mean loss reachable: one softmax serves every context position, so the best
    it can do per target is the empirical distribution of all its context words."""
    total = 0.0
    for tgt in np.unique(target_ids):
        ctx = contexts_ids[target_ids == tgt].ravel()
        p = np.bincount(ctx) / len(ctx)
        total += -np.sum(np.log(p[ctx]))
    return total / len(target_ids)


def test_book_toy_run_simple_skipgram():
    corpus, _, _ = preprocess(TEXT)
    contexts, target = create_contexts_target(corpus)
    x, t, V, _ = _toy()
    trainer = Trainer(SimpleSkipGram(V, 5, seed=0), Adam(), seed=0)
    trainer.fit(x, t, max_epoch=1000, batch_size=3)
    # two softmax losses start at 2 ln 7; on this corpus they cannot go below the floor (1.85):
    # "say" has 4 different neighbours and every other word 2, in one shared distribution
    floor = _skipgram_floor(contexts, target)
    assert trainer.loss_list[0] == pytest.approx(2 * math.log(7), abs=0.02)
    last = np.mean(trainer.loss_list[-100:])
    assert floor - 1e-6 <= last < floor + 0.1


def test_same_seed_same_vectors_and_sgd():
    x, t, V, _ = _toy()
    vecs = []
    for _ in range(2):
        model = SimpleCBOW(V, 5, seed=3)
        Trainer(model, SGD(lr=1.0), seed=3).fit(x, t, max_epoch=50, batch_size=2)
        vecs.append(model.word_vecs.copy())
    assert np.array_equal(vecs[0], vecs[1])


def test_merge_shared_by_identity_and_transpose():
    W = np.ones((3, 2))
    other = np.ones((3, 2))  # equal values, distinct array: never merged
    params = [W, W, other, W.T]
    grads = [np.full((3, 2), 1.0), np.full((3, 2), 2.0), np.full((3, 2), 5.0), np.full((2, 3), 4.0)]
    p, g = merge_shared(params, grads)
    assert len(p) == 2 and p[0] is W and p[1] is other
    assert np.all(g[0] == 7.0) and np.all(g[1] == 5.0)
    p, g = merge_shared([W.T, W], [np.full((2, 3), 1.0), np.full((3, 2), 2.0)])
    assert len(p) == 1 and p[0] is W and np.all(g[0] == 3.0)


def test_tied_weights_model_trains_through_the_view():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(5, 3)) * 0.1
    enc, dec, loss = MatMul(W), MatMul(W.T), SoftmaxWithLoss()
    x, t = np.eye(5), np.arange(5)

    class Tied:
        params = enc.params + dec.params
        grads = enc.grads + dec.grads

        def forward(self, x, t):
            return loss.forward(dec.forward(enc.forward(x)), t)

        def backward(self):
            enc.backward(dec.backward(loss.backward()))

    model = Tied()
    _check_model(model, x, t)
    trainer = Trainer(model, Adam(lr=0.05), seed=0)
    trainer.fit(x, t, max_epoch=200, batch_size=5, eval_interval=1)
    assert trainer.loss_list[-1] < 0.5 * trainer.loss_list[0]


def test_clip_and_diverging_loss():
    from kow2v.errors import TrainingError
    from kow2v.scratch import clip_grads

    grads = [np.full(4, 3.0), np.full(4, 4.0)]
    assert clip_grads(grads, 1.0) == pytest.approx(10.0)
    assert np.sqrt(sum(np.sum(g**2) for g in grads)) == pytest.approx(1.0, rel=1e-5)
    x, t, V, _ = _toy()
    with pytest.raises(TrainingError, match="lower the learning rate"):
        Trainer(SimpleCBOW(V, 5, seed=0), SGD(lr=1e30), seed=0).fit(x, t, max_epoch=20,
                                                                    batch_size=3)


def test_korean_cbow_round_trip_through_word2vec_binary(tmp_path):
    from gensim.models import KeyedVectors

    from kow2v import tokenizers
    from kow2v.keyedvectors import save_vectors

    tok = tokenizers.get("whitespace")
    sentences = ["나는 학교 에 간다", "너는 학교 에 간다", "나는 집 에 간다", "너는 집 에 온다"] * 5
    words = [w for s in sentences for w in tok.tokenize(s)]
    corpus, w2i, i2w = preprocess(words)
    contexts, target = create_contexts_target(corpus, window_size=2)
    model = CBOW(len(w2i), 8, 2, corpus, sample_size=2, seed=0)
    Trainer(model, Adam(), seed=0).fit(contexts, target, max_epoch=30, batch_size=8)
    kv = model.to_keyedvectors(i2w, counts=np.bincount(corpus))
    assert kv.get_vecattr("에", "count") == 20
    path = save_vectors(kv, tmp_path / "ko.bin")
    loaded = KeyedVectors.load_word2vec_format(str(path), binary=True)
    assert loaded.index_to_key == kv.index_to_key
    assert loaded.vectors.dtype == np.float32
    assert loaded.vectors.tobytes() == model.word_vecs.tobytes()


def test_plot_without_matplotlib_says_what_to_install(tmp_path, monkeypatch):
    import builtins

    from kow2v.errors import MissingBackendError

    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("No module named 'matplotlib'")
        return real_import(name, *args, **kwargs)

    x, t, V, _ = _toy()
    trainer = Trainer(SimpleCBOW(V, 5, seed=0), Adam(), seed=0)
    trainer.fit(x, t, max_epoch=5, batch_size=3)
    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(MissingBackendError, match=r"pip install 'kow2v\[plot\]'"):
        trainer.plot(tmp_path / "loss.png")
    assert list(tmp_path.iterdir()) == []
