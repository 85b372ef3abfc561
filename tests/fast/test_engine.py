"""The engine's pieces: scatter, negatives, windows, subsampling, schedule, kernels."""

from __future__ import annotations

import time

import numpy as np
import pytest
from scipy import stats

from kow2v.fast import scatter
from kow2v.fast.kernels import cbow_step, sg_step
from kow2v.fast.negatives import NOISE_TABLE_ENTRIES, AliasSampler, NoiseTable
from kow2v.fast.schedule import linear_alpha
from kow2v.fast.windows import context_pairs, context_pairs_by_center


@pytest.mark.parametrize("private", [True, False])
def test_scatter_add_matches_add_at_with_repeats(private, monkeypatch):
    if not private:
        monkeypatch.setattr(scatter, "_private", None)
    elif scatter._private is None:
        pytest.fail("SciPy's compiled routines were expected with this SciPy")
    rng = np.random.default_rng(0)
    W = rng.random((50, 4), dtype=np.float32)
    idx = rng.integers(0, 50, 300).astype(np.int32)  # many repeats
    X = rng.random((300, 4), dtype=np.float32)
    ref = W.copy()
    np.add.at(ref, idx, X)
    scatter.scatter_add(W, idx, X)
    assert np.allclose(W, ref, atol=1e-5)


@pytest.mark.parametrize("private", [True, False])
def test_add_rows_and_sum_rows(private, monkeypatch):
    if not private:
        monkeypatch.setattr(scatter, "_private", None)
    rng = np.random.default_rng(1)
    indptr = np.array([0, 3, 3, 7], dtype=np.int32)
    indices = np.array([4, 1, 4, 0, 2, 2, 9], dtype=np.int32)
    values = rng.random(7, dtype=np.float32)
    X = rng.random((3, 5), dtype=np.float32)
    Y = np.zeros((10, 5), dtype=np.float32)
    scatter.add_rows(Y, indptr, indices, values, X)
    ref = np.zeros_like(Y)
    for j in range(3):
        for p in range(indptr[j], indptr[j + 1]):
            ref[indices[p]] += values[p] * X[j]
    assert np.allclose(Y, ref, atol=1e-6)
    Z = np.zeros((3, 5), dtype=np.float32)
    src = rng.random((10, 5), dtype=np.float32)
    scatter.sum_rows(Z, indptr, indices, values, src)
    ref = np.stack([sum((values[p] * src[indices[p]] for p in range(indptr[i], indptr[i + 1])),
                        np.zeros(5, np.float32)) for i in range(3)])
    assert np.allclose(Z, ref, atol=1e-6)


@pytest.mark.parametrize("sampler_type", [AliasSampler, NoiseTable])
def test_negatives_follow_the_unigram_power_distribution(sampler_type):
    counts = np.array([1000, 400, 100, 30, 10, 3, 1], dtype=np.float64)
    weights = counts**0.75
    sampler = sampler_type(weights)
    assert np.allclose(sampler.probabilities(), weights / weights.sum(), atol=1e-6)
    draws = sampler.draw((200_000,), np.random.default_rng(0))
    observed = np.bincount(draws, minlength=len(counts))
    expected = weights / weights.sum() * len(draws)
    assert stats.chisquare(observed, expected).pvalue > 1e-3
    # and not the raw unigram distribution
    raw = counts / counts.sum() * len(draws)
    assert stats.chisquare(observed, raw).pvalue < 1e-10


@pytest.mark.parametrize("sampler_type", [AliasSampler, NoiseTable])
@pytest.mark.parametrize("weights", [[], [1.0, -0.5], [[1.0, 2.0]], [0.0, 0.0], [np.nan, 1.0],
                                     [np.inf, 1.0]])
def test_samplers_refuse_weights_that_are_no_distribution(sampler_type, weights):
    with pytest.raises(ValueError, match="finite non-negative numbers with a positive sum"):
        sampler_type(np.array(weights, dtype=np.float64))


def test_noise_table_draws_are_exact_where_the_table_cannot_hold_a_share():
    # a few words whose share is far below one entry of the table: only the remainders'
    # alias sampler draws them, at their exact rate; a zero weight is never drawn
    weights = np.r_[1e6, 3e5, 1e5, np.full(20, 5.0), 0.0]
    p = weights / weights.sum()
    table = NoiseTable(weights)
    assert len(table.table) < 2048 and 0 < table.rest < 24 / 2048
    assert np.abs(table.probabilities() - p).max() < 1e-12
    assert not np.isin(np.arange(3, 23), table.table).any()  # rare: no whole entry
    rng = np.random.default_rng(3)
    draws = np.concatenate([table.draw((100, 5), rng).ravel() for _ in range(4000)])
    observed = np.bincount(draws, minlength=len(weights))
    assert observed[-1] == 0
    rare = observed[3:23].sum()  # about 4,000 of 2,000,000
    expected = p[3:23].sum() * len(draws)
    assert abs(rare - expected) < 4 * np.sqrt(expected)
    assert stats.chisquare(observed[:3], p[:3] / p[:3].sum() * observed[:3].sum()).pvalue > 1e-3


def test_noise_table_reads_its_shuffled_table_in_order_from_a_random_place():
    table = NoiseTable(np.array([5.0, 2.0, 1.0]))  # shares of whole entries: no remainders
    assert table.rest == 0 and table.remainders is None
    entries = table.table
    assert np.array_equal(np.bincount(entries), np.array([5, 2, 1]) * len(entries) // 8)
    rng = np.random.default_rng(1)
    starts = set()
    for n in (1, 7, len(entries) - 1, 3 * len(entries) + 5):  # more than the table: wraps
        draws = table.draw((n,), np.random.default_rng(rng.integers(1 << 30)))
        where = int(np.flatnonzero([np.array_equal(np.roll(entries, -k)[:min(n, len(entries))],
                                                   draws[:len(entries)])
                                    for k in range(len(entries))])[0])
        starts.add(where)
        assert np.array_equal(draws, np.resize(np.roll(entries, -where), n))
    assert len(starts) > 1
    same = [table.draw((4, 5), np.random.default_rng(9)) for _ in range(2)]
    assert np.array_equal(*same) and same[0].dtype == np.int32
    assert table.draw((0, 5), rng).shape == (0, 5)


def test_noise_table_places_remainder_draws_each_with_its_chance():
    table = NoiseTable(np.arange(1, 301, dtype=np.float64) ** 0.75)
    rng = np.random.default_rng(0)
    sizes = [len(table._remainder_places(5000, rng)) for _ in range(400)]
    for _ in range(3):
        places = table._remainder_places(5000, rng)
        assert np.all(np.diff(places) > 0) and places[0] >= 0 and places[-1] < 5000
    mean, n = np.mean(sizes), 5000 * table.rest
    assert abs(mean - n) < 4 * np.sqrt(n * (1 - table.rest) / 400)


def test_noise_table_size_follows_the_vocabulary_within_its_bounds():
    small = NoiseTable(np.ones(12))  # 64 entries a word, to a power of two: 85 each
    assert len(small.table) == 12 * 85 and np.isclose(small.rest, 4 / 1024)
    capped = NoiseTable(np.arange(1, 40_001, dtype=np.float64))
    assert len(capped.table) <= NOISE_TABLE_ENTRIES and capped.rest < 40_000 / NOISE_TABLE_ENTRIES
    huge = NoiseTable(np.ones(200_000))  # over the cap / 4: at least 4 entries a word
    assert len(huge.table) == 5 * 200_000 and huge.rest < 200_000 / (1 << 20) < 1 / 4
    weights = np.arange(1, 200_001, dtype=np.float64) ** 0.75
    assert np.abs(NoiseTable(weights).probabilities() - weights / weights.sum()).max() < 1e-12


def test_windows_respect_sentences_and_shrink_like_word2vec():
    rng = np.random.default_rng(0)
    n, window = 200_000, 5
    sent = np.zeros(n, dtype=np.int32)
    centers, contexts = context_pairs(sent, window, rng, shrink_windows=True)
    offsets = np.abs(contexts - centers)
    share = np.bincount(offsets, minlength=window + 1)[1:] / (2 * n)
    # a center uses offset o when its drawn window (uniform in 1..w) is >= o
    expected = (window - np.arange(1, window + 1) + 1) / window
    assert np.allclose(share, expected, atol=0.005)
    full_c, _ = context_pairs(sent[:100], window, rng, shrink_windows=False)
    assert len(full_c) == 2 * sum(100 - o for o in range(1, window + 1))  # every pair, both ways
    two = np.repeat(np.array([0, 1], dtype=np.int32), 10)
    c, x = context_pairs(two, window, rng)
    assert np.all(two[c] == two[x])


@pytest.mark.parametrize("window", [1, 2, 5, 8])
@pytest.mark.parametrize("shrink", [True, False])
def test_pairs_by_center_are_the_pairs_sorted_by_center_from_the_same_draws(window, shrink):
    """CBOW and the skip-gram models that group a center's pairs take them center by center,
    made without a sort: the same pairs, in the order a stable sort of the offset-by-offset
    pairs gives (so the vectors did not change), and the generator left in the same state."""
    for seed in range(20):
        lengths = np.random.default_rng(seed).integers(1, 12, size=seed % 7)  # 0 to 6 sentences
        sent = np.repeat(np.arange(len(lengths)), lengths).astype(np.int32) + 3
        a, b = np.random.default_rng([seed, 1]), np.random.default_rng([seed, 1])
        centers, contexts = context_pairs(sent, window, a, shrink)
        order = np.argsort(centers, kind="stable")
        by_center = context_pairs_by_center(sent, window, b, shrink)
        assert np.array_equal(by_center[0], centers[order])
        assert np.array_equal(by_center[1], contexts[order])
        assert a.random() == b.random()


def test_linear_learning_rate_schedule():
    assert linear_alpha(0.025, 0.0001, 0, 5, 0.0) == pytest.approx(0.025)
    assert linear_alpha(0.025, 0.0001, 2, 5, 0.5) == pytest.approx(0.025 - 0.0249 * 0.5)
    assert linear_alpha(0.025, 0.0001, 4, 5, 1.0) == pytest.approx(0.0001)
    assert linear_alpha(0.025, 0.0001, 9, 5, 1.0) == pytest.approx(0.0001)


def test_sg_step_equals_the_per_pair_formula_with_stale_weights():
    rng = np.random.default_rng(3)
    V, D = 12, 6
    syn0 = rng.normal(size=(V, D)).astype(np.float32) * 0.3
    syn1 = rng.normal(size=(V, D)).astype(np.float32) * 0.3
    inputs = np.array([1, 4, 1, 7], dtype=np.int32)
    outputs = np.array([2, 2, 5, 1], dtype=np.int32)
    negatives = np.array([[3, 2, 9], [0, 5, 5], [6, 6, 1], [1, 8, 11]], dtype=np.int32)
    alpha = np.float32(0.1)
    ref0, ref1 = syn0.astype(np.float64), syn1.astype(np.float64)
    new0, new1 = ref0.copy(), ref1.copy()
    loss_ref = 0.0
    for b in range(4):
        h = ref0[inputs[b]]
        err = np.zeros(D)
        for k, (word, label) in enumerate([(outputs[b], 1)] + [(w, 0) for w in negatives[b]]):
            if k and word == outputs[b]:
                continue  # word2vec skips a negative equal to the target
            f = h @ ref1[word]
            sig = 1 / (1 + np.exp(-f))
            loss_ref += -np.log(sig) if label else -np.log(1 - sig)
            g = (label - sig) * alpha
            err += g * ref1[word]
            new1[word] += g * h
        new0[inputs[b]] += err
    loss = sg_step(syn0, syn1, inputs, outputs, negatives, alpha, compute_loss=True)
    assert loss == pytest.approx(loss_ref, rel=1e-5)
    assert np.allclose(syn0, new0, atol=1e-5) and np.allclose(syn1, new1, atol=1e-5)


def _cbow_reference(syn0, syn1, rows_of, contexts, centers, negatives, alpha, cbow_mean):
    """word2vec.c / gensim's CBOW step, center by center, all from the batch's starting
    weights. A context word's rows are ``rows_of[word]`` (word2vec: one row); with several,
    fastText's rule: the hidden vector is the mean (or sum) of all rows of all context words,
    and each of those rows gets the whole error. Skip-gram with rows is this with one
    context (the center word, whose rows' mean is its input vector)."""
    ref0, ref1 = syn0.astype(np.float64), syn1.astype(np.float64)
    new0, new1 = ref0.copy(), ref1.copy()
    loss = 0.0
    for ctx, center, negs in zip(contexts, centers, negatives, strict=True):
        rows = [r for c in ctx for r in rows_of[c]]
        neu1 = ref0[rows].sum(axis=0) / (len(rows) if cbow_mean else 1)
        work = np.zeros(syn0.shape[1])
        for k, (word, label) in enumerate([(center, 1)] + [(w, 0) for w in negs]):
            if k and word == center:
                continue
            sig = 1 / (1 + np.exp(-(neu1 @ ref1[word])))
            loss += -np.log(sig) if label else -np.log(1 - sig)
            g = (label - sig) * alpha
            work += g * ref1[word]
            new1[word] += g * neu1
        if not cbow_mean:  # gensim: a summed window shares the error out
            work /= len(rows)
        for r in rows:
            new0[r] += work
    return loss, new0, new1


@pytest.mark.parametrize("cbow_mean", [True, False])
def test_cbow_step_equals_the_per_center_formula_with_stale_weights(cbow_mean):
    rng = np.random.default_rng(8)
    V, D = 12, 6
    syn0 = rng.normal(size=(V, D)).astype(np.float32) * 0.3
    syn1 = rng.normal(size=(V, D)).astype(np.float32) * 0.3
    contexts = [[1, 4, 4, 7], [2], [0, 11, 3]]  # a repeated context word, a lone one
    centers = np.array([2, 5, 1], dtype=np.int32)
    negatives = np.array([[3, 2, 9], [0, 5, 5], [6, 6, 1]], dtype=np.int32)
    alpha = np.float32(0.1)
    loss_ref, new0, new1 = _cbow_reference(syn0, syn1, [[w] for w in range(V)], contexts,
                                           centers, negatives, alpha, cbow_mean)
    flat = np.array([c for ctx in contexts for c in ctx], dtype=np.int32)
    indptr = np.cumsum([0] + [len(c) for c in contexts]).astype(np.int32)
    loss = cbow_step(syn0, syn1, flat, indptr, centers, negatives, alpha, cbow_mean,
                     compute_loss=True)
    assert loss == pytest.approx(loss_ref, rel=1e-5)
    assert np.allclose(syn0, new0, atol=1e-5) and np.allclose(syn1, new1, atol=1e-5)


def _batch(seed=2, V=10, D=5, rows=None):
    rng = np.random.default_rng(seed)
    syn0 = rng.normal(size=(rows or V, D)).astype(np.float32) * 0.3
    syn1 = rng.normal(size=(V, D)).astype(np.float32) * 0.3
    return syn0, syn1


@pytest.mark.parametrize("sg", [True, False])
def test_an_identity_row_map_gives_word2vec(sg):
    from kow2v.fast.rows import RowMap

    V = 10
    inputs = np.array([1, 4, 1, 7, 9, 0], dtype=np.int32)
    outputs = np.array([2, 2, 5, 1], dtype=np.int32)
    negatives = np.array([[3, 2], [0, 5], [6, 6], [1, 8]], dtype=np.int32)
    indptr = np.array([0, 2, 3, 5, 6], dtype=np.int32)
    results = []
    for rows in (None, RowMap.identity(V)):
        syn0, syn1 = _batch()
        if sg:
            loss = sg_step(syn0, syn1, inputs[:4], outputs, negatives, np.float32(0.05), True,
                           rows)
        else:
            loss = cbow_step(syn0, syn1, inputs, indptr, outputs, negatives, np.float32(0.05),
                             True, True, rows)
        results.append((loss, syn0, syn1))
    (l1, a0, a1), (l2, b0, b1) = results
    # equal up to the order of float additions (a word's errors are summed before its rows)
    assert l1 == pytest.approx(l2) and np.allclose(a0, b0, atol=1e-7)
    assert np.array_equal(a1, b1)


@pytest.mark.parametrize("sg, cbow_mean", [(True, True), (False, True), (False, False)])
def test_words_owning_several_rows_train_as_fasttext(sg, cbow_mean):
    """A subword-style map: word w owns rows [w, 10 + w % 3] (its mean is its input)."""
    from kow2v.fast.rows import RowMap

    V = 10
    rows_of = [[w, V + w % 3] for w in range(V)]
    rowmap = RowMap.from_lists(rows_of, [[0.5, 0.5]] * V)
    syn0, syn1 = _batch(rows=V + 3)
    alpha = np.float32(0.1)
    if sg:  # skip-gram is CBOW with one context per center
        contexts = [[1], [4], [1], [7]]
    else:
        contexts = [[1, 4], [1], [7, 9, 0, 9]]
    centers = np.array([2, 5, 1, 3][: len(contexts)], dtype=np.int32)
    negatives = np.array([[3, 2], [0, 5], [6, 6], [1, 8]][: len(contexts)], dtype=np.int32)
    loss_ref, new0, new1 = _cbow_reference(syn0, syn1, rows_of, contexts, centers, negatives,
                                           alpha, cbow_mean)
    if sg:
        loss = sg_step(syn0, syn1, np.array([c[0] for c in contexts], dtype=np.int32), centers,
                       negatives, alpha, True, rowmap)
    else:
        flat = np.array([c for ctx in contexts for c in ctx], dtype=np.int32)
        indptr = np.cumsum([0] + [len(c) for c in contexts]).astype(np.int32)
        loss = cbow_step(syn0, syn1, flat, indptr, centers, negatives, alpha, cbow_mean, True,
                         rowmap)
    assert loss == pytest.approx(loss_ref, rel=1e-5)
    assert np.allclose(syn0, new0, atol=1e-5) and np.allclose(syn1, new1, atol=1e-5)


@pytest.mark.parametrize("batch", [1, 5, 64, 500])
def test_a_job_planned_whole_gives_each_batchs_distinct_inputs(batch):
    """The producer finds a job's distinct input words and their rows for all its batches in
    one go; each batch must get what np.unique and RowMap.select give that batch alone."""
    from kow2v.fast.input_plan import plan_inputs
    from kow2v.fast.rows import RowMap

    rng = np.random.default_rng(4)
    V = 50
    rows_of = [sorted(set(rng.integers(0, 200, rng.integers(1, 6)).tolist())) for _ in range(V)]
    rowmap = RowMap.from_lists(rows_of, [[1 / len(r)] * len(r) for r in rows_of])
    inputs = np.repeat(rng.integers(0, V, 90), rng.integers(1, 9, 90)).astype(np.int32)
    job = plan_inputs(inputs, rowmap, batch)
    assert len(job) == -(-len(inputs) // batch)
    for b in range(len(job)):
        got = job.batch_plan(b)
        words, pair_word = np.unique(inputs[b * batch:(b + 1) * batch], return_inverse=True)
        indptr, word_rows, weights = rowmap.select(words)
        np.testing.assert_array_equal(got.pair_word, pair_word)
        np.testing.assert_array_equal(got.indptr, indptr)
        np.testing.assert_array_equal(got.word_rows, word_rows)
        np.testing.assert_array_equal(got.weights, weights)
        assert got.indptr.dtype == np.int32 and got.pair_word.dtype == np.int32
    assert len(plan_inputs(np.zeros(0, dtype=np.int32), rowmap, batch)) == 0


@pytest.mark.parametrize("centers_per_call", [1, 3, 40, 1000])
def test_cbow_calls_planned_whole_give_each_calls_distinct_contexts(centers_per_call):
    """FastText's CBOW plans each call's distinct context words with the job's examples; a
    call trained with its plan must change the weights exactly as one that finds them itself
    (np.unique of its contexts, as before plans)."""
    from kow2v.fast.input_plan import plan_inputs
    from kow2v.fast.rows import RowMap

    rng = np.random.default_rng(5)
    V, D, K = 40, 8, 3
    rows_of = [sorted(set([w] + rng.integers(V, V + 60, rng.integers(0, 5)).tolist()))
               for w in range(V)]
    rowmap = RowMap.from_lists(rows_of, [[1 / len(r)] * len(r) for r in rows_of])
    E = 120  # centers, each with 1-8 contexts
    bounds = np.r_[0, np.cumsum(rng.integers(1, 9, E))].astype(np.int32)
    contexts = rng.integers(0, V, bounds[-1]).astype(np.int32)
    centers = rng.integers(0, V, E).astype(np.int32)
    negatives = rng.integers(0, V, (E, K)).astype(np.int32)
    job = plan_inputs(contexts, rowmap, centers_per_call,
                      cuts=np.append(bounds[:-1:centers_per_call], bounds[-1]))
    assert len(job) == -(-E // centers_per_call)
    syn0 = rng.standard_normal((V + 60, D)).astype(np.float32)
    syn1 = rng.standard_normal((V, D)).astype(np.float32)
    planned, own = (syn0.copy(), syn1.copy()), (syn0.copy(), syn1.copy())
    for i, lo in enumerate(range(0, E, centers_per_call)):
        hi = min(lo + centers_per_call, E)
        first, last = bounds[lo], bounds[hi]
        got = job.batch_plan(i)
        words, word_of = np.unique(contexts[first:last], return_inverse=True)
        np.testing.assert_array_equal(got.pair_word, word_of)
        np.testing.assert_array_equal(got.indptr, rowmap.select(words)[0])
        args = (contexts[first:last], bounds[lo:hi + 1] - first, centers[lo:hi],
                negatives[lo:hi], np.float32(0.05), True, True, rowmap)
        loss_planned = cbow_step(*planned, *args, input_plan=got)
        loss_own = cbow_step(*own, *args)
        assert loss_planned == loss_own
    assert np.array_equal(planned[0], own[0]) and np.array_equal(planned[1], own[1])
    assert not np.array_equal(planned[0], syn0)


def test_prefetch_keeps_order_and_passes_errors():
    from kow2v.fast.prefetch import prefetch

    assert list(prefetch(range(1000), size=3)) == list(range(1000))

    def broken():
        yield 1
        raise ValueError("bad line")

    got = []
    with pytest.raises(ValueError, match="bad line"):
        for x in prefetch(broken()):
            got.append(x)
    assert got == [1]
    it = prefetch(iter(range(10**9)))  # an early stop must not leave the producer blocked
    assert next(it) == 0
    it.close()


def _job(n_sentences=40, length=12, vocab=30, seed=0):
    from kow2v.fast.jobs import Job

    rng = np.random.default_rng(seed)
    ids = rng.integers(0, vocab, size=n_sentences * length).astype(np.int32)
    sent = np.repeat(np.arange(n_sentences, dtype=np.int32), length)
    return Job(ids, sent, len(ids))


def _settings(sg, window=3):
    from kow2v.fast.examples import Settings

    return Settings(sg=sg, window=window, negative=4, cbow_mean=True, shrink_windows=True,
                    batch_pairs=64, compute_loss=False)


def test_drawn_examples_are_the_same_pairs_for_skipgram_and_cbow():
    from kow2v.fast.examples import Tables, draw_examples

    keep = np.full(30, 0.8, dtype=np.float32)  # some words subsampled away
    tables = Tables(keep, AliasSampler(np.arange(1, 31, dtype=np.float64)))
    job = _job()
    sg = draw_examples(job, tables, _settings(True), np.random.default_rng(4))
    cbow = draw_examples(job, tables, _settings(False), np.random.default_rng(4))
    assert sg.bounds is None and sg.negatives.shape == (len(sg.outputs), 4)
    assert sg.words == cbow.words < len(job.ids)
    # CBOW groups every center's contexts; the same draws give skip-gram's (context, center)
    counts = np.diff(cbow.bounds)
    assert counts.min() >= 1 and cbow.bounds[0] == 0 and cbow.bounds[-1] == len(cbow.inputs)
    assert cbow.negatives.shape == (len(cbow.outputs), 4)
    cbow_pairs = sorted(zip(cbow.inputs.tolist(), np.repeat(cbow.outputs, counts).tolist(),
                              strict=True))
    assert sorted(zip(sg.inputs.tolist(), sg.outputs.tolist(), strict=True)) == cbow_pairs


def test_negative_labels_skip_a_negative_equal_to_the_true_word():
    from kow2v.fast.labels import negative_labels

    outputs = np.array([3, 1, 2], dtype=np.int32)
    negatives = np.array([[3, 0, 3], [2, 2, 1], [0, 1, 4]], dtype=np.int32)
    targets, signs = negative_labels(outputs, negatives)
    assert targets.dtype == np.int32 and targets.tolist() == [[3, 3, 0, 3], [1, 2, 2, 1],
                                                              [2, 0, 1, 4]]
    assert signs.dtype == np.int8 and signs.tolist() == [[1, 0, -1, 0], [1, -1, -1, 0],
                                                            [1, -1, -1, -1]]


@pytest.mark.parametrize("sg, subwords, cbow_mean", [(True, False, True), (True, True, True),
                                                     (False, False, True), (False, True, True),
                                                     (False, False, False)])
def test_labels_and_weights_drawn_with_the_examples_are_what_the_kernels_make(sg, subwords,
                                                                              cbow_mean):
    """The producer hands each job's negative-sampling labels and CBOW weights to the kernels;
    a kernel called without them makes its own, and the vectors must be the same bits."""
    from kow2v.fast.examples import Settings, Tables, draw_examples
    from kow2v.fast.rows import RowMap
    from kow2v.fast.training import train_examples

    V, D = 30, 8
    rows = (RowMap.from_lists([[w, V + w % 7] for w in range(V)], [[0.5, 0.5]] * V)
            if subwords else None)
    tables = Tables(np.full(V, 0.9, dtype=np.float32),
                    AliasSampler(np.arange(1, V + 1, dtype=np.float64) ** 3), rows)
    s = Settings(sg=sg, window=3, negative=4, cbow_mean=cbow_mean, shrink_windows=True,
                 batch_pairs=64, compute_loss=True)
    ex = draw_examples(_job(vocab=V), tables, s, np.random.default_rng(2))
    assert (ex.signs == 0).any()  # a small vocabulary draws the true word as a negative
    assert (ex.weights is not None) == (not sg and cbow_mean)
    rng = np.random.default_rng(3)
    syn0 = rng.normal(0, 0.3, (V + 7 if subwords else V, D)).astype(np.float32)
    syn1 = rng.normal(0, 0.3, (V, D)).astype(np.float32)
    given0, given1, made0, made1 = syn0.copy(), syn1.copy(), syn0.copy(), syn1.copy()
    given_loss = train_examples(given0, given1, ex, 0.05, s, rows)[0]
    made_loss, a = 0.0, np.float32(0.05)
    if sg:
        for lo in range(0, len(ex.outputs), s.batch_pairs):
            hi = lo + s.batch_pairs
            made_loss += sg_step(made0, made1, ex.inputs[lo:hi], ex.outputs[lo:hi],
                                 ex.negatives[lo:hi], a, True, rows)
    else:
        per_batch = s.batch_pairs // (2 * s.window)
        for lo in range(0, len(ex.outputs), per_batch):
            hi = min(lo + per_batch, len(ex.outputs))
            first, last = ex.bounds[lo], ex.bounds[hi]
            made_loss += cbow_step(made0, made1, ex.inputs[first:last],
                                   ex.bounds[lo:hi + 1] - first, ex.outputs[lo:hi],
                                   ex.negatives[lo:hi], a, cbow_mean, True, rows)
    assert np.array_equal(given0, made0) and np.array_equal(given1, made1)
    assert given_loss == made_loss > 0


@pytest.mark.parametrize("sg", [0, 1])
def test_drawing_in_the_producer_thread_changes_no_vector(sg, monkeypatch):
    from kow2v import Word2Vec

    rng = np.random.default_rng(1)
    sentences = [[f"w{i}" for i in rng.integers(0, 60, size=10)] for _ in range(400)]
    kwargs = dict(vector_size=12, min_count=1, epochs=2, seed=5, sg=sg, batch_words=300)
    threaded = Word2Vec(sentences, **kwargs).wv.vectors
    monkeypatch.setattr("kow2v.fast.engine.prefetch", lambda items: iter(items))  # draw inline
    inline = Word2Vec(sentences, **kwargs).wv.vectors
    assert np.array_equal(threaded, inline)


def test_training_loads_scipys_row_loops_without_its_packages():
    # a fresh interpreter (this session has SciPy imported): training needs only the compiled
    # loops, not scipy.sparse or scipy.special (about 26 MB of modules in each worker); a later
    # import of scipy.sparse by the user works as usual
    script = """
import sys
from kow2v import Word2Vec
from kow2v.fast import scatter
text = [[f"w{i % 90}", f"w{(i * 7) % 90}", f"w{(i * 11) % 90}"] for i in range(500)]
for hs, negative in ((0, 5), (1, 0)):
    Word2Vec(text, vector_size=8, min_count=1, epochs=1, seed=3, workers=1, hs=hs,
             negative=negative)
print(scatter.implementation().split()[0],
      sorted({name for name in sys.modules if name.startswith(("scipy.sparse", "scipy.special"))}))
import numpy as np
import scipy.sparse
A = scipy.sparse.random(30, 20, density=0.2, format="csr", random_state=0)
print(callable(scipy.sparse._sparsetools.csr_matvecs), np.allclose(A @ np.ones(20), A.toarray().sum(1)))
"""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["scipy._sparsetools", "[]", "True", "True"]


@pytest.mark.parametrize("sg,hs,workers,expected", [
    (1, 0, 1, "SG_BATCH_PAIRS"), (1, 1, 2, "SG_PATH_BATCH_PAIRS"), (0, 0, 2, "CBOW_BATCH_ROWS"),
    (0, 1, 1, "CBOW_PATH_BATCH_ROWS")])
def test_batch_size_per_call_by_model_and_workers(sg, hs, workers, expected, monkeypatch):
    """On a CPU not Intel's every size is a constant but skip-gram's with negative sampling
    and several workers (below), so a seed keeps its vectors with one worker."""
    from kow2v.config import TrainConfig
    from kow2v.fast import examples

    monkeypatch.setattr(examples, "l2_bytes", lambda: 64 << 20)  # not read by these
    monkeypatch.setattr(examples, "cpu_vendor", lambda: "AuthenticAMD")
    cfg = TrainConfig(sg=sg, hs=hs, negative=0 if hs else 5, workers=workers)
    settings = examples.Settings.from_config(cfg, vocab_size=100_000)
    assert settings.batch_pairs == getattr(examples, expected)
    assert examples.Settings.from_config(cfg, vocab_size=20).batch_pairs == 40  # tiny vocab


@pytest.mark.parametrize("l2,size,negative,expected", [
    (512 << 10, 100, 5, 256), (1 << 20, 100, 5, 512), (None, 100, 5, 256), (0, 100, 5, 256),
    (1 << 20, 300, 5, 128), (32 << 20, 100, 5, 512), (64 << 10, 100, 5, 128),
    (1 << 20, 100, 15, 128)])
def test_skip_gram_with_workers_takes_the_batch_its_l2_holds(l2, size, negative, expected,
                                                               monkeypatch):
    """Two workers share the L3 and the memory bandwidth: the best batch was 256 pairs with
    512 KB of L2 a core and 512 with 1 MB (measured), the power of two nearest to what fills
    the L2 with K+1 rows of D floats a pair, kept within the bounds measured; 256 unknown."""
    from kow2v.config import TrainConfig
    from kow2v.fast import examples

    monkeypatch.setattr(examples, "l2_bytes", lambda: l2)
    monkeypatch.setattr(examples, "cpu_vendor", lambda: "AuthenticAMD")
    cfg = TrainConfig(sg=1, negative=negative, vector_size=size, workers=2)
    assert examples.Settings.from_config(cfg, vocab_size=100_000).batch_pairs == expected
    one = TrainConfig(sg=1, negative=negative, vector_size=size, workers=1)
    assert examples.Settings.from_config(one, vocab_size=100_000).batch_pairs == \
        examples.SG_BATCH_PAIRS  # one worker: never the host's


@pytest.mark.parametrize("vendor", ["GenuineIntel", "AuthenticAMD", None])
@pytest.mark.parametrize("fasttext", [False, True])
def test_an_intel_cpu_takes_smaller_calls(vendor, fasttext, monkeypatch):
    """Measured on an Intel host: skip-gram's negative sampling at 128 pairs a call (1 and 2
    workers, word2vec and FastText) and word2vec's CBOW at 2,048 context rows were never
    clearly slower, and faster while the host ran slow; hierarchical softmax and FastText's
    CBOW (``input_is_center``) keep the other sizes, as does a CPU not known."""
    from kow2v.config import TrainConfig
    from kow2v.fast import examples

    monkeypatch.setattr(examples, "l2_bytes", lambda: 1 << 20)
    monkeypatch.setattr(examples, "cpu_vendor", lambda: vendor)

    def size(**kw: int) -> int:
        return examples.Settings.from_config(TrainConfig(**kw), vocab_size=100_000,
                                             input_is_center=fasttext).batch_pairs

    intel = vendor == "GenuineIntel"
    assert size(sg=1, workers=1) == (128 if intel else examples.SG_BATCH_PAIRS)
    assert size(sg=1, workers=2) == (128 if intel else 512)  # else: what 1 MB of L2 holds
    assert size(sg=0, workers=1) == size(sg=0, workers=2) == \
        (2048 if intel and not fasttext else examples.CBOW_BATCH_ROWS)
    assert size(sg=0, hs=1, negative=0) == examples.CBOW_PATH_BATCH_ROWS
    if not fasttext:
        assert size(sg=1, hs=1, negative=0) == examples.SG_PATH_BATCH_PAIRS
    assert examples.Settings.from_config(TrainConfig(sg=1), vocab_size=20).batch_pairs == 40


def test_cpu_vendor_is_read_from_cpuinfo_and_unknown_when_it_says_nothing(tmp_path):
    from kow2v.fast.host_cpu import cpu_vendor

    x86 = tmp_path / "x86"
    x86.write_text("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n\n"
                   "processor\t: 1\nvendor_id\t: AuthenticAMD\n\n")
    assert cpu_vendor(x86) == "GenuineIntel"  # the first CPU's
    arm = tmp_path / "arm"  # an ARM host's cpuinfo has no vendor_id
    arm.write_text("processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\n\n"
                   "processor\t: 1\nvendor_id\t: later\n")
    assert cpu_vendor(arm) is None
    empty = tmp_path / "empty"
    empty.write_text("vendor_id\t:\n")
    assert cpu_vendor(empty) is None
    assert cpu_vendor(tmp_path / "missing") is None  # not Linux


def test_l2_size_is_read_from_sysfs_and_unknown_when_it_says_nothing(tmp_path):
    from kow2v.fast.host_cpu import l2_bytes, parse_size

    assert [parse_size(t) for t in ("1024K", "2M\n", "524288", "1G", "", "big", "12KB")] == \
        [1 << 20, 2 << 20, 524288, 1 << 30, None, None, None]
    for index, (level, kind, size) in enumerate([("1", "Data", "32K"),
                                                 ("1", "Instruction", "32K"),
                                                 ("2", "Unified", "512K"),
                                                 ("3", "Unified", "8192K")]):
        entry = tmp_path / "cache" / f"index{index}"
        entry.mkdir(parents=True)
        for name, text in (("level", level), ("type", kind), ("size", size)):
            (entry / name).write_text(text + "\n")
    assert l2_bytes(tmp_path / "cache") == 512 << 10
    assert l2_bytes(tmp_path / "missing") is None  # not Linux, or hidden
    (tmp_path / "odd" / "index0").mkdir(parents=True)  # an entry without its files
    assert l2_bytes(tmp_path / "odd") is None


def slow_to_start(channel, *args):
    """A training worker that takes 2 s to start (run in the child, by reference)."""
    import kow2v.fast.hogwild

    time.sleep(2.0)
    kow2v.fast.hogwild._worker(channel, *args)


def test_a_worker_is_sent_jobs_only_once_it_is_ready(monkeypatch):
    """Jobs queued to a starting worker were trained after those the parent trained meanwhile;
    now the parent trains them in order until the worker says it is ready: with a worker that
    starts after the whole run, two workers give one worker's vectors, to the bit."""
    from kow2v import Word2Vec
    from kow2v.corpus import LineCorpus
    from tests.conftest import ROOT

    sentences = [line.split() for line in
                 LineCorpus(ROOT / "kow2v" / "data" / "nsmc-sample.txt.gz")][:3000]
    params = dict(sg=0, vector_size=16, min_count=2, epochs=1, seed=5, batch_words=2000)
    alone = Word2Vec(sentences, workers=1, **params).wv.vectors
    monkeypatch.setattr("kow2v.fast.hogwild._worker", slow_to_start)
    start = time.monotonic()
    waited = Word2Vec(sentences, workers=2, **params).wv.vectors
    assert time.monotonic() - start >= 2.0  # the run waited for the worker to say it started
    assert np.array_equal(waited, alone)
