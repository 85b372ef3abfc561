"""The scratch hierarchical softmax: gradient-checked, a distribution over the vocabulary,
gensim's tree, word2vec's update, and the Embedding models trained with it."""

from __future__ import annotations

import numpy as np
import pytest

from kow2v.fast.huffman import path_table
from kow2v.fast.kernels import sg_step
from kow2v.scratch import (
    CBOW,
    Adam,
    HierarchicalSoftmax,
    HuffmanTree,
    SimpleCBOW,
    SimpleSkipGram,
    SkipGram,
    Trainer,
    convert_one_hot,
    create_contexts_target,
    numerical_gradient,
    preprocess,
    relative_error,
)
from tests.scratch.test_models import _check_model
from tests.test_hierarchical_softmax import _gensim_tree

TEXT = "You say goodbye and I say hello. You say hello and I say goodbye."


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def _zipf_corpus(rng, vocab=9, n=300):
    return np.minimum(rng.zipf(1.5, n) - 1, vocab - 1)


def test_layer_gradient(rng):
    corpus = _zipf_corpus(rng)
    tree = HuffmanTree(corpus)
    W, h = rng.normal(size=(tree.inner_nodes, 3)), rng.normal(size=(6, 3))
    target = np.array([0, 0, 3, 8, 5, 1])  # a repeated target: its nodes' gradients add up
    layer = HierarchicalSoftmax(W, tree=tree)

    def f():
        return layer.forward(h, target)

    f()
    dh = layer.backward()
    assert relative_error(layer.grads[0], numerical_gradient(f, W)) < 1e-5
    assert relative_error(dh, numerical_gradient(f, h)) < 1e-5


def test_probabilities_sum_to_one_over_the_vocabulary(rng):
    corpus = _zipf_corpus(rng, vocab=13)
    tree = HuffmanTree(corpus)
    layer = HierarchicalSoftmax(rng.normal(size=(tree.inner_nodes, 5)), tree=tree)
    for h in rng.normal(size=(3, 1, 5)):
        p = [np.exp(-layer.forward(h, np.array([w]))) for w in range(tree.vocab_size)]
        assert sum(p) == pytest.approx(1.0, abs=1e-12)
        assert min(p) > 0


def test_the_tree_is_gensims(rng):
    counts, theirs = _gensim_tree(np.bincount(_zipf_corpus(rng, vocab=30, n=2000)))
    tree = HuffmanTree(np.repeat(np.arange(len(counts)), counts))  # ids in gensim's order
    for w, (code, point) in enumerate(theirs):
        n = int(tree.mask[w].sum())
        assert tree.points[w][:n].tolist() == point
        assert (1 - tree.labels[w][:n]).tolist() == code


def test_one_sgd_step_is_word2vecs_update(rng):
    """One example, plain SGD at rate alpha: the engine's skip-gram step on the same weights."""
    counts = np.bincount(_zipf_corpus(rng, vocab=11, n=500))
    tree = HuffmanTree(np.repeat(np.arange(len(counts)), counts))
    V, D, alpha = len(counts), 6, 0.05
    syn0 = rng.normal(size=(V, D)).astype(np.float32)
    syn1 = rng.normal(size=(V - 1, D)).astype(np.float32)
    context, center = 2, 9
    layer = HierarchicalSoftmax(syn1.astype(np.float64), tree=tree)
    h = syn0[[context]].astype(np.float64)
    layer.forward(h, np.array([center]))
    dh = layer.backward()
    engine0, engine1 = syn0.copy(), syn1.copy()
    sg_step(engine0, engine1, np.array([context], np.int32), np.array([center], np.int32),
            np.zeros((1, 0), np.int32), np.float32(alpha), paths=path_table(counts, offset=0))
    np.testing.assert_allclose(engine1, syn1 - alpha * layer.grads[0], atol=1e-6)
    np.testing.assert_allclose(engine0[context], syn0[context] - alpha * dh[0], atol=1e-6)
    assert np.abs(engine1 - syn1).max() > 1e-3  # the step moved something


@pytest.mark.parametrize("model_class", [CBOW, SkipGram])
@pytest.mark.parametrize("window", [1, 2])
def test_model_gradient(model_class, window):
    corpus, w2i, _ = preprocess(TEXT)
    contexts, target = create_contexts_target(corpus, window)
    model = model_class(len(w2i), 4, window, corpus, seed=0, dtype=np.float64, hs=True)
    assert model.params[-1].shape == (len(w2i) - 1, 4)  # one output row per inner node
    _check_model(model, contexts, target)


@pytest.mark.parametrize(("model_class", "full_class"), [(CBOW, SimpleCBOW),
                                                         (SkipGram, SimpleSkipGram)])
def test_models_reach_the_full_softmaxs_optimum(model_class, full_class):
    """Both losses are -log P(target): trained to convergence on the book's toy corpus, the
    tree's loss ends where the full softmax's does (the data's floor for this model)."""
    corpus, w2i, _ = preprocess(TEXT)
    contexts, target = create_contexts_target(corpus, 1)
    V, n = len(w2i), len(target)
    full = full_class(V, 10, 1, seed=0)
    full_run = Trainer(full, Adam(0.05), seed=0)
    full_run.fit(convert_one_hot(contexts, V), convert_one_hot(target, V), max_epoch=300,
                 batch_size=n)
    model = model_class(V, 10, 1, corpus, seed=0, hs=True)
    run = Trainer(model, Adam(0.05), seed=0)
    run.fit(contexts, target, max_epoch=300, batch_size=n)
    assert run.loss_list[-1] < 0.6 * run.loss_list[0]
    assert run.loss_list[-1] == pytest.approx(full_run.loss_list[-1], abs=0.01)
    if model_class is CBOW:  # "say" is the only word between "you" and "goodbye"
        h = model.word_vecs[[w2i["you"], w2i["goodbye"]]].mean(axis=0, keepdims=True)
        p = [np.exp(-model.loss_layer.forward(h, np.array([w]))) for w in range(V)]
        assert int(np.argmax(p)) == w2i["say"]


def test_same_seed_same_model_and_the_book_name_for_negatives():
    corpus, w2i, _ = preprocess(TEXT)
    a, b = (CBOW(len(w2i), 4, 1, corpus, seed=3, hs=True) for _ in range(2))
    assert all(np.array_equal(p, q) for p, q in zip(a.params, b.params, strict=True))
    with pytest.raises(AttributeError, match="hierarchical softmax"):
        _ = a.ns_loss
    assert CBOW(len(w2i), 4, 1, corpus, seed=3).ns_loss is not None


def test_bad_arguments_say_what_is_wrong():
    with pytest.raises(ValueError, match="inner nodes"):
        HierarchicalSoftmax(np.zeros((2, 3)), np.arange(5))
    with pytest.raises(ValueError, match="beyond vocab_size"):
        HuffmanTree(np.array([0, 4]), vocab_size=3)
    with pytest.raises(ValueError, match="corpus"):
        HierarchicalSoftmax(np.zeros((2, 3)))
    assert HuffmanTree(np.array([0, 0]), vocab_size=3).mask.sum(axis=1).tolist() == [1, 2, 2]
