"""Hierarchical softmax (hs=1): gensim's Huffman tree, word2vec's per-pair update, training
that separates planted topics alone or beside negative sampling, and the model file."""

from __future__ import annotations

import gzip

import numpy as np
import pytest
from gensim.models import Word2Vec as GensimWord2Vec
from scipy.special import expit

from kow2v import FastText, Word2Vec
from kow2v.bundled import bundled
from kow2v.fast.huffman import huffman_paths, path_table
from kow2v.fast.kernels import cbow_step, sg_step
from kow2v.fast.path_plan import plan_paths
from tests.test_word2vec import topic_corpus


def _gensim_tree(counts):
    """gensim's vocabulary order (its own sort of the counts) and the code and point of each
    word, in that order."""
    words = [f"w{i}" for i in range(len(counts))]
    model = GensimWord2Vec(vector_size=4, min_count=1, hs=1, negative=0)
    model.build_vocab_from_freq(dict(zip(words, (int(c) for c in counts), strict=True)))
    wv = model.wv
    return (np.array([wv.get_vecattr(i, "count") for i in range(len(wv))]),
            [(list(wv.get_vecattr(i, "code")), list(wv.get_vecattr(i, "point")))
             for i in range(len(wv))])


@pytest.mark.parametrize("counts", [
    [7], [4, 4], [9, 3, 3, 3, 1],
    sorted(np.random.default_rng(0).zipf(1.4, 3000).clip(1, 10**6).tolist(), reverse=True),
    [5] * 64,  # every count tied: the heap's own order decides
])
def test_codes_and_points_equal_gensims(counts):
    gensim_counts, theirs = _gensim_tree(counts)
    indptr, points, codes = huffman_paths(gensim_counts)
    ours = [(codes[indptr[w]:indptr[w + 1]].tolist(), points[indptr[w]:indptr[w + 1]].tolist())
            for w in range(len(counts))]
    assert ours == theirs
    assert max(len(c) for c, _ in ours) >= (len(counts) > 1)


def test_codes_equal_gensims_on_a_real_vocabulary():
    with gzip.open(bundled("nsmc-sample.txt.gz"), "rt", encoding="utf-8") as fh:
        sentences = [line.split() for line in fh]
    ours = Word2Vec(vector_size=8, min_count=2, hs=1, negative=0)
    ours.build_vocab(sentences)
    theirs = GensimWord2Vec(vector_size=8, min_count=2, hs=1, negative=0)
    theirs.build_vocab(sentences)
    assert ours.wv.index_to_key == theirs.wv.index_to_key
    indptr, points, codes = huffman_paths(ours.vocab.counts)
    for w in range(0, len(ours.wv), 7):
        assert codes[indptr[w]:indptr[w + 1]].tolist() == list(theirs.wv.get_vecattr(w, "code"))
        assert points[indptr[w]:indptr[w + 1]].tolist() == \
            list(theirs.wv.get_vecattr(w, "point"))


def _reference_update(syn0, syn1, h_rows, predicted, paths, alpha, cbow_mean=True):
    """word2vec.c / gensim's loop for one example, written plainly: h is the mean (or sum) of
    the input rows, every node of the predicted word's path is trained towards 1 - code."""
    rows, labels = paths.path(predicted)
    h = syn0[h_rows].sum(0)
    if cbow_mean:
        h = h / len(h_rows)
    err = np.zeros_like(h)
    for node, label in zip(rows, labels, strict=True):
        g = (label - expit(h @ syn1[node])) * alpha
        err += g * syn1[node]
        syn1[node] += g * h
    if not cbow_mean and len(h_rows) > 1:
        err /= len(h_rows)
    for r in h_rows:
        syn0[r] += err


@pytest.mark.parametrize("sg", [1, 0])
def test_one_example_matches_the_per_node_loop(sg):
    rng = np.random.default_rng(3)
    V, D = 40, 6
    paths = path_table(np.sort(rng.integers(1, 100, V))[::-1], offset=0)
    syn0 = rng.normal(size=(V, D)).astype(np.float32)
    syn1 = rng.normal(size=(V, D)).astype(np.float32) * 0.5
    a, b = syn0.copy(), syn1.copy()
    no_negatives = np.empty((1, 0), dtype=np.int32)
    alpha = np.float32(0.1)
    if sg:
        sg_step(a, b, np.array([5], np.int32), np.array([33], np.int32), no_negatives, alpha,
                paths=paths)
        _reference_update(syn0, syn1, [5], 33, paths, alpha)
    else:
        context = np.array([2, 9, 17], np.int32)
        cbow_step(a, b, context, np.array([0, 3], np.int32), np.array([38], np.int32),
                  no_negatives, alpha, paths=paths)
        _reference_update(syn0, syn1, list(context), 38, paths, alpha)
    assert np.allclose(a, syn0, atol=1e-5) and np.allclose(b, syn1, atol=1e-5)
    assert not np.allclose(a, rng.normal(size=a.shape))  # something was compared


def test_the_loss_is_the_paths_negative_log_likelihood():
    rng = np.random.default_rng(1)
    V, D = 30, 5
    paths = path_table(np.arange(V, 0, -1), offset=0)
    syn0 = rng.normal(size=(V, D)).astype(np.float32)
    syn1 = rng.normal(size=(V, D)).astype(np.float32)
    rows, labels = paths.path(20)
    f = syn1[rows] @ syn0[4]
    expected = -np.log(np.where(labels > 0, expit(f), expit(-f))).sum()
    loss = sg_step(syn0.copy(), syn1.copy(), np.array([4], np.int32), np.array([20], np.int32),
                   np.empty((1, 0), np.int32), np.float32(0.01), compute_loss=True, paths=paths)
    assert loss == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("sg,negative,workers", [(1, 0, 1), (0, 0, 1), (1, 5, 1), (0, 0, 2)])
def test_hierarchical_softmax_separates_planted_topics(sg, negative, workers):
    sentences, a, b = topic_corpus()
    model = Word2Vec(sentences, vector_size=16, window=3, min_count=1, sample=0, sg=sg, hs=1,
                     negative=negative, epochs=5, seed=1, workers=workers, compute_loss=True)
    within = np.mean([model.wv.similarity(x, y) for x in a for y in a if x != y])
    across = np.mean([model.wv.similarity(x, y) for x in a for y in b])
    assert within > across + 0.3, (within, across)
    assert model.syn1 is not None and np.abs(model.syn1).sum() > 0
    assert (model.syn1neg is None) == (negative == 0)
    # without negatives no noise table is built or shipped to workers (35-72 ms each)
    assert (model._tables().noise is None) == (negative == 0)
    assert model.epoch_losses[-1] < model.epoch_losses[0]


def test_same_seed_same_vectors():
    sentences, _, _ = topic_corpus(200)
    one, two = (Word2Vec(sentences, vector_size=8, min_count=1, hs=1, negative=0, seed=7,
                         epochs=2).wv.vectors for _ in range(2))
    assert np.array_equal(one, two)


def test_model_file_keeps_both_output_heads(tmp_path):
    sentences, _, _ = topic_corpus(200)
    model = Word2Vec(sentences, vector_size=8, min_count=1, hs=1, negative=3, epochs=1)
    model.save(tmp_path / "m.npz")
    again = Word2Vec.load(tmp_path / "m.npz")
    assert np.array_equal(again.syn1, model.syn1)
    assert np.array_equal(again.syn1neg, model.syn1neg)
    again.train(sentences, total_examples=again.corpus_count, epochs=1)
    assert not np.array_equal(again.syn1, model.syn1)  # the views are what trains
    hs_only = Word2Vec(sentences, vector_size=8, min_count=1, hs=1, negative=0, epochs=1)
    hs_only.save(tmp_path / "h.npz")
    loaded = Word2Vec.load(tmp_path / "h.npz")
    assert loaded.syn1neg is None and np.array_equal(loaded.syn1, hs_only.syn1)
    with pytest.raises(RuntimeError, match="negative"):
        loaded.predict_output_word(["학교"])  # gensim's limit too
    assert set(loaded.estimate_memory()) >= {"syn1", "vectors", "total"}


def test_fasttext_trains_with_hierarchical_softmax():
    sentences, a, b = topic_corpus()
    model = FastText(sentences, vector_size=16, window=3, min_count=1, sample=0, hs=1,
                     negative=0, epochs=5, seed=1, bucket=1000, subwords="char")  # wv's keys
    # are then the words as written (with jamo they are jamo spellings)
    within = np.mean([model.wv.similarity(x, y) for x in a for y in a if x != y])
    across = np.mean([model.wv.similarity(x, y) for x in a for y in b])
    assert within > across + 0.2, (within, across)


@pytest.mark.parametrize("sg,cbow_mean", [(1, 1), (0, 1), (0, 0)])
def test_score_equals_gensims_on_the_same_weights(sg, cbow_mean):
    sentences, a, b = topic_corpus(300)
    kw = dict(vector_size=12, window=3, min_count=1, sg=sg, hs=1, negative=0, epochs=2,
              cbow_mean=cbow_mean, seed=1)
    ours = Word2Vec(sentences, **kw)
    theirs = GensimWord2Vec(**kw)
    theirs.build_vocab(sentences)
    assert theirs.wv.index_to_key == ours.wv.index_to_key
    theirs.wv.vectors[:] = ours.wv.vectors
    theirs.syn1[:] = ours.syn1 * 0.3  # scores inside gensim's +-6 table, where it is exact
    ours.syn1[:] = theirs.syn1
    probe = [a[:5], b[:4] + ["없는말"], a[:2] + b[:2], [a[0]]]
    expected = theirs.score(probe, total_sentences=len(probe))
    got = ours.score(probe)
    assert got.dtype == np.float32 and len(got) == len(probe)
    # gensim reads log sigmoid from a table indexed with C integer division (1000 / 6 / 2 ->
    # 83, not 83.3), which moves every node's score down by about 2%; a window or path
    # semantics error would move a sentence's score by a whole pair (over 7% here)
    assert np.allclose(got, expected, rtol=0.035), (got, expected)
    assert (got >= expected).all()
    assert (got[:3] < 0).all()  # one word alone: skip-gram has no pair to score (0)
    with pytest.raises(RuntimeError, match="hs=1"):
        Word2Vec(sentences, vector_size=8, min_count=1, epochs=1).score(probe)


def test_runs_sharing_a_path_give_the_per_pair_result():
    from kow2v.fast.kernels import _path_head, _planned_path_head

    rng = np.random.default_rng(8)
    V, D = 60, 7
    paths = path_table(np.sort(rng.integers(1, 500, V))[::-1], offset=0)
    # runs of 1-19 pairs (blocks of 8 split the longer ones), the same word again later
    outputs = np.repeat(rng.integers(0, V, 40), rng.integers(1, 20, 40)).astype(np.int32)
    outputs[::7] = outputs[::-7][:len(outputs[::7])]  # and pairs out of their run's order
    h = rng.normal(size=(len(outputs), D)).astype(np.float32)
    syn1 = rng.normal(size=(V, D)).astype(np.float32)
    a, b = syn1.copy(), syn1.copy()
    plan = plan_paths(outputs, paths, len(outputs)).batch_plan(0)
    err_runs, loss_runs = _planned_path_head(a, h, outputs, paths, np.float32(0.05), True, plan)
    err_pairs, loss_pairs = _path_head(b, h, outputs, paths, np.float32(0.05), True)
    np.testing.assert_allclose(err_runs, err_pairs, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    assert loss_runs == pytest.approx(loss_pairs, rel=1e-6)
    assert not np.allclose(a, syn1)


@pytest.mark.parametrize("batch", [1, 7, 64, 1000])
def test_a_job_planned_whole_gives_each_batchs_own_plan(batch):
    """The producer plans a job's batches in one go; each batch's plan must be the one the
    batch would make alone (its blocks, pairs, rows and where its gradients lie)."""
    rng = np.random.default_rng(9)
    paths = path_table(np.sort(rng.integers(1, 900, 80))[::-1], offset=5)
    outputs = np.repeat(rng.integers(0, 80, 120), rng.integers(1, 14, 120)).astype(np.int32)
    job = plan_paths(outputs, paths, batch)
    assert len(job) == -(-len(outputs) // batch)
    for b in range(len(job)):
        whole = job.batch_plan(b)
        alone = plan_paths(outputs[b * batch:(b + 1) * batch], paths, batch).batch_plan(0)
        assert len(whole.groups) == len(alone.groups)
        for got, want in zip(whole.groups, alone.groups, strict=True):
            for x, y in zip(got, want, strict=True):
                np.testing.assert_array_equal(x, y)
        for field in ("indptr", "path_rows", "src", "signs"):
            np.testing.assert_array_equal(getattr(whole, field), getattr(alone, field))
        # every real node of every pair's path is handed one score, from its own pair, and
        # the sign of its label
        piece = outputs[b * batch:(b + 1) * batch]
        assert whole.indptr[-1] == paths.lengths[piece].sum() == len(np.unique(whole.src))
        labels = np.concatenate([paths.path(w)[1] for w in piece])
        np.testing.assert_array_equal(whole.signs, 2 * labels - 1)
    empty = plan_paths(np.zeros(0, dtype=np.int32), paths, batch)
    assert len(empty) == 0


def test_only_hierarchical_skip_gram_examples_carry_a_plan():
    from kow2v.fast.examples import Settings, Tables, draw_examples
    from kow2v.fast.jobs import Job
    from kow2v.fast.negatives import AliasSampler

    counts = np.array([30, 20, 10, 5, 5, 3], dtype=np.int64)
    ids = np.random.default_rng(1).integers(0, 6, 200).astype(np.int32)
    job = Job(ids, np.arange(200, dtype=np.int32) // 10, 200)
    tables = Tables(np.ones(6, np.float32), AliasSampler(counts ** 0.75),
                    paths=path_table(counts, offset=0))
    for sg, hs, planned in ((1, 1, True), (1, 0, False), (0, 1, False)):
        s = Settings(bool(sg), 3, 0 if hs else 2, True, True, 64, False,
                     group_outputs=bool(hs))
        ex = draw_examples(job, tables if hs else Tables(tables.keep_prob, tables.noise), s,
                           np.random.default_rng(2))
        assert (ex.path_plan is not None) == planned
        if planned:
            assert ex.path_plan.batch == 64 and len(ex.path_plan) == -(-len(ex.outputs) // 64)
