"""Every layer's backward against central differences (float64, relative error < 1e-5)."""

from __future__ import annotations

import numpy as np
import pytest

from kow2v.scratch import (
    Embedding,
    EmbeddingDot,
    MatMul,
    NegativeSamplingLoss,
    SigmoidWithLoss,
    SoftmaxWithLoss,
    UnigramSampler,
    numerical_gradient,
    relative_error,
)

TOL = 1e-5


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def test_matmul(rng):
    W, x, dout = rng.normal(size=(4, 3)), rng.normal(size=(5, 4)), rng.normal(size=(5, 3))
    layer = MatMul(W)

    def f():
        return float(np.sum(layer.forward(x) * dout))

    f()
    dx = layer.backward(dout)
    assert relative_error(layer.grads[0], numerical_gradient(f, W)) < TOL
    assert relative_error(dx, numerical_gradient(f, x)) < TOL


def test_embedding_accumulates_repeated_ids(rng):
    W = rng.normal(size=(6, 3))
    idx = np.array([1, 4, 1, 1, 0])
    dout = rng.normal(size=(5, 3))
    layer = Embedding(W)

    def f():
        return float(np.sum(layer.forward(idx) * dout))

    f()
    layer.backward(dout)
    assert relative_error(layer.grads[0], numerical_gradient(f, W)) < TOL
    assert np.allclose(layer.grads[0][1], dout[[0, 2, 3]].sum(axis=0))


def test_embedding_takes_any_index_shape(rng):
    W = rng.normal(size=(6, 3))
    assert Embedding(W).forward(np.array([[0, 1], [2, 3]])).shape == (2, 2, 3)


@pytest.mark.parametrize("one_hot", [False, True])
def test_softmax_with_loss(rng, one_hot):
    x = rng.normal(size=(4, 5))
    t = np.array([0, 3, 4, 3])
    labels = np.eye(5)[t] if one_hot else t
    layer = SoftmaxWithLoss()

    def f():
        return layer.forward(x, labels)

    f()
    assert relative_error(layer.backward(), numerical_gradient(f, x)) < TOL


def test_sigmoid_with_loss_even_for_large_scores(rng):
    x = rng.normal(size=6) * 3
    t = np.array([1, 0, 1, 1, 0, 0])
    layer = SigmoidWithLoss()

    def f():
        return layer.forward(x, t)

    f()
    assert relative_error(layer.backward(), numerical_gradient(f, x)) < TOL
    assert np.isfinite(layer.forward(np.array([800.0, -800.0]), np.array([0, 1])))


def test_embedding_dot(rng):
    W, h = rng.normal(size=(6, 3)), rng.normal(size=(4, 3))
    idx, dout = np.array([2, 5, 2, 0]), rng.normal(size=4)
    layer = EmbeddingDot(W)

    def f():
        return float(np.sum(layer.forward(h, idx) * dout))

    f()
    dh = layer.backward(dout)
    assert relative_error(layer.grads[0], numerical_gradient(f, W)) < TOL
    assert relative_error(dh, numerical_gradient(f, h)) < TOL


def test_negative_sampling_loss(rng):
    corpus = rng.integers(0, 8, size=200)
    W, h = rng.normal(size=(8, 3)), rng.normal(size=(5, 3))
    target = np.array([0, 3, 3, 7, 1])
    layer = NegativeSamplingLoss(W, corpus, sample_size=3, seed=1)
    fixed = layer.sampler.get_negative_sample(target)
    layer.sampler.get_negative_sample = lambda _target: fixed  # same negatives for every call

    def f():
        return layer.forward(h, target)

    f()
    dh = layer.backward()
    dW = sum(g for g in layer.grads)  # one W behind every EmbeddingDot
    assert relative_error(dW, numerical_gradient(f, W)) < TOL
    assert relative_error(dh, numerical_gradient(f, h)) < TOL


def test_unigram_sampler_never_draws_the_target_and_follows_power():
    corpus = np.repeat(np.arange(5), [100, 50, 20, 10, 1])
    sampler = UnigramSampler(corpus, 0.75, 2, seed=0)
    target = np.repeat(np.arange(5), 400)
    neg = sampler.get_negative_sample(target)
    assert neg.shape == (2000, 2)
    assert not np.any(neg == target[:, None])
    assert np.all(neg[:, 0] != neg[:, 1])
    p = np.array([100, 50, 20, 10, 1]) ** 0.75
    assert np.allclose(sampler.word_p, p / p.sum())
    freq = np.bincount(neg[target == 4].ravel(), minlength=5) / neg[target == 4].size
    assert freq[0] > freq[1] > freq[2] > freq[3] and freq[4] == 0
    with pytest.raises(ValueError):
        UnigramSampler(corpus, 0.75, 5)


def test_sampler_is_seeded():
    corpus = np.arange(20)
    a = UnigramSampler(corpus, 0.75, 3, seed=7).get_negative_sample(np.arange(10))
    b = UnigramSampler(corpus, 0.75, 3, seed=7).get_negative_sample(np.arange(10))
    assert np.array_equal(a, b)
