"""kow2v.Word2Vec: gensim's semantics, planted structure, determinism, and every bad input."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from kow2v import FastText, Word2Vec
from kow2v.config import UnsupportedOptionError
from kow2v.errors import EmptyCorpusError, TrainingError, VectorFormatError, VocabularyError
from kow2v.keyedvectors import load_vectors, save_vectors
from kow2v.vocab import Vocab


def topic_corpus(n=600, seed=0):
    """Two disjoint topics: sentences use words of one topic only."""
    rng = np.random.default_rng(seed)
    a = ["학교", "공부", "선생님", "시험", "숙제", "교실", "학생", "수업"]
    b = ["영화", "배우", "감독", "극장", "장면", "연기", "관객", "배급"]
    return [list(rng.choice(a if i % 2 else b, size=8)) for i in range(n)], a, b


@pytest.fixture(scope="module")
def corpus():
    return topic_corpus()


@pytest.mark.parametrize("sg", [0, 1])
def test_planted_topics_are_separated(corpus, sg):
    sentences, a, b = corpus
    model = Word2Vec(sentences, vector_size=20, window=3, min_count=1, sample=0, epochs=5,
                     sg=sg, seed=3)
    within = np.mean([model.wv.similarity(x, y) for x, y in itertools.combinations(a, 2)])
    across = np.mean([model.wv.similarity(x, y) for x in a for y in b])
    assert within > across + 0.3, (within, across)


def test_vocab_order_and_subsampling_match_gensim(corpus):
    from gensim.models import Word2Vec as GensimWord2Vec

    sentences = corpus[0] + [["학교"] * 50, ["희귀"], ["드문", "말", "드문"], ["말", "희귀"]]
    ours = Vocab.build(sentences, min_count=1)
    assert ours.counts[ours.index["희귀"]] == ours.counts[ours.index["말"]]  # a tie
    theirs = GensimWord2Vec(min_count=1, sample=1e-2)
    theirs.build_vocab(sentences)
    assert ours.words == theirs.wv.index_to_key
    keep = ours.keep_probabilities(1e-2)
    sample_int = np.array([theirs.wv.get_vecattr(w, "sample_int") for w in ours.words])
    assert np.array_equal((keep * (2**32 - 1)).astype(np.uint32), sample_int)  # gensim truncates
    assert keep.min() < 1.0  # the test exercises the formula, not only the cap


def test_noise_table_is_made_by_build_vocab_and_follows_its_settings(corpus, monkeypatch):
    import kow2v.vocab

    made = []

    class Counting(kow2v.vocab.NoiseTable):
        def __init__(self, weights):
            made.append(np.array(weights))
            super().__init__(weights)

    monkeypatch.setattr(kow2v.vocab, "NoiseTable", Counting)
    sentences = corpus[0]
    model = Word2Vec(vector_size=10, min_count=1, epochs=1, seed=1)
    model.build_vocab(sentences)
    assert len(made) == 1  # with the vocabulary, as gensim's make_cum_table
    counts = model.vocab.counts.astype(np.float64)
    assert np.allclose(made[0], counts ** 0.75)
    model.train(sentences, total_examples=model.corpus_count, epochs=1)
    model.train(sentences, total_examples=model.corpus_count, epochs=1)
    assert len(made) == 1  # train() reuses it
    model.ns_exponent = 0.5  # a changed setting is obeyed, not the stale table
    model.train(sentences, total_examples=model.corpus_count, epochs=1)
    assert len(made) == 2 and np.allclose(made[1], counts ** 0.5)
    model.build_vocab([["새말", "학교"]] * 3, update=True)  # new counts, a new table
    assert len(made) == 3 and len(made[2]) == len(model.vocab) == len(counts) + 1
    assert np.allclose(made[2], model.vocab.counts.astype(np.float64) ** 0.5)
    hs_only = Word2Vec(vector_size=10, min_count=1, hs=1, negative=0)
    hs_only.build_vocab(sentences)
    assert len(made) == 3  # no negative sampling, no table


def _rule(word, count, min_count):
    from gensim import utils

    if word == "희귀":
        return utils.RULE_KEEP
    if word.startswith("감"):
        return utils.RULE_DISCARD
    return utils.RULE_DEFAULT


@pytest.mark.parametrize("options", [
    {"min_count": 3, "trim_rule": _rule},
    {"min_count": 1, "max_vocab_size": 12},
    {"min_count": 1, "max_vocab_size": 12, "trim_rule": _rule},
    {"min_count": 2, "sorted_vocab": 0},
    {"min_count": 2, "sorted_vocab": 0, "max_final_vocab": 10},
])
def test_vocab_options_match_gensim(corpus, options):
    """trim_rule, pruning while counting, first-appearance order: gensim's words and counts."""
    from gensim.models import Word2Vec as GensimWord2Vec

    extra = [["희귀"], [f"단어{i}" for i in range(30)], ["드문", "말", "드문"]] * 2
    sentences = extra[:3] + corpus[0] + extra[3:]
    trim_rule = options.get("trim_rule")
    settings = {k: v for k, v in options.items() if k != "trim_rule"}
    ours = Word2Vec(vector_size=8, **settings)
    ours.build_vocab(sentences, trim_rule=trim_rule)
    theirs = GensimWord2Vec(vector_size=8, **settings)
    theirs.build_vocab(sentences, trim_rule=trim_rule)
    assert ours.wv.index_to_key == theirs.wv.index_to_key
    assert [ours.wv.get_vecattr(w, "count") for w in ours.wv.index_to_key] == \
        [theirs.wv.get_vecattr(w, "count") for w in theirs.wv.index_to_key]
    if trim_rule is not None:
        assert "희귀" in ours.wv and not any(w.startswith("감") for w in ours.wv.index_to_key)


def test_predict_output_word_and_estimate_memory_match_gensim(corpus):
    from gensim.models import Word2Vec as GensimWord2Vec

    sentences = corpus[0]
    ours = Word2Vec(sentences, vector_size=16, min_count=1, epochs=2, seed=3)
    theirs = GensimWord2Vec(vector_size=16, min_count=1)
    theirs.build_vocab(sentences)
    assert theirs.wv.index_to_key == ours.wv.index_to_key
    theirs.wv.vectors[:] = ours.wv.vectors  # the same weights: only the formula differs
    theirs.syn1neg[:] = ours.syn1neg
    context = ["학교", "공부", "없는말", 2]
    mine, gensims = ours.predict_output_word(context, topn=5), theirs.predict_output_word(
        context, topn=5)
    assert [w for w, _ in mine] == [w for w, _ in gensims]
    assert np.allclose([p for _, p in mine], [p for _, p in gensims], rtol=1e-5)
    assert mine[0][0] in corpus[1]  # school words predict a school word
    assert ours.predict_output_word(["없는말"]) is None
    assert ours.estimate_memory() == theirs.estimate_memory()
    assert ours.estimate_memory(vocab_size=1000)["total"] == theirs.estimate_memory(
        vocab_size=1000)["total"]


def test_same_seed_same_vectors_and_gensim_init(corpus):
    sentences = corpus[0]
    runs = [Word2Vec(sentences, vector_size=16, min_count=1, epochs=2, seed=7).wv.vectors
            for _ in range(2)]
    assert np.array_equal(runs[0], runs[1])
    other = Word2Vec(sentences, vector_size=16, min_count=1, epochs=2, seed=8).wv.vectors
    assert not np.array_equal(runs[0], other)
    from gensim.models import Word2Vec as GensimWord2Vec

    ours, theirs = Word2Vec(vector_size=16, min_count=1, seed=5), GensimWord2Vec(
        vector_size=16, min_count=1, seed=5)
    ours.build_vocab(sentences)
    theirs.build_vocab(sentences)
    assert np.array_equal(ours.wv.vectors, theirs.wv.vectors)  # gensim's initialisation


def test_loss_is_per_epoch_float64_and_reset(corpus):
    model = Word2Vec(corpus[0], vector_size=16, min_count=1, epochs=3, compute_loss=True,
                     sample=0)
    assert len(model.epoch_losses) == 3
    assert all(isinstance(x, float) and np.isfinite(x) and x > 0 for x in model.epoch_losses)
    assert model.get_latest_training_loss() == model.epoch_losses[-1]
    assert model.epoch_losses[-1] < model.epoch_losses[0]  # learning, and not cumulative


def test_alpha_decays_linearly_over_all_jobs(corpus, monkeypatch):
    from kow2v.fast import training

    seen = []
    real = training.train_examples

    def spy(syn0, syn1, drawn, alpha, settings, rows, paths=None):
        seen.append(alpha)
        return real(syn0, syn1, drawn, alpha, settings, rows, paths)

    monkeypatch.setattr("kow2v.fast.engine.train_examples", spy)
    Word2Vec(corpus[0], vector_size=8, min_count=1, epochs=2, batch_words=500, alpha=0.05,
             min_alpha=0.001)
    assert seen[0] == pytest.approx(0.05)
    assert all(x > y for x, y in zip(seen, seen[1:], strict=False))
    steps = np.diff(seen)
    line = np.linspace(seen[0], seen[-1], len(seen))
    assert np.allclose(seen, line, atol=np.abs(steps).max())  # linear in words trained
    assert seen[-1] > 0.001


def test_long_sentences_are_not_truncated():
    rng = np.random.default_rng(0)
    sentence = [str(w) for w in rng.integers(0, 50, size=25_000)]
    model = Word2Vec(vector_size=8, min_count=1, sample=0, seed=1)
    model.build_vocab([sentence])
    effective, raw = model.train([sentence], total_examples=1, epochs=1)
    assert raw == 25_000 and effective == 25_000  # gensim would stop at 10,000


def test_callbacks_like_gensim(corpus):
    events = []

    class Recorder:
        def on_train_begin(self, model):
            events.append("train_begin")

        def on_epoch_begin(self, model):
            events.append("begin")

        def on_epoch_end(self, model):
            events.append("end")

    Word2Vec(corpus[0], vector_size=8, min_count=1, epochs=2, callbacks=[Recorder()])
    assert events == ["train_begin", "begin", "end", "begin", "end"]
    # callbacks=None means none (gensim raises "'NoneType' object is not iterable")
    assert Word2Vec(corpus[0], vector_size=8, min_count=1, epochs=1, callbacks=None).callbacks == ()


@pytest.mark.parametrize("model_class", [Word2Vec, FastText])
def test_callbacks_see_and_save_each_epochs_weights_with_workers(corpus, tmp_path, model_class):
    """With workers the weights live in shared memory until training ends: a callback saw
    the untrained vectors every epoch and saved them as its checkpoints (gensim's callbacks
    see each epoch's)."""
    seen = []

    class Checkpoint:
        def on_epoch_end(self, model):
            seen.append(model.wv.vectors.copy())
            model.save(tmp_path / f"epoch{len(seen)}.npz")

    kw = dict(bucket=2000) if model_class is FastText else {}
    model = model_class(corpus[0], vector_size=8, min_count=1, epochs=3, workers=2, seed=1,
                        callbacks=[Checkpoint()], **kw)
    assert len(seen) == 3
    assert not np.array_equal(seen[0], seen[1]) and not np.array_equal(seen[1], seen[2])
    np.testing.assert_array_equal(seen[2], model.wv.vectors)
    last = model_class.load(tmp_path / "epoch3.npz")
    np.testing.assert_array_equal(last.wv.vectors, model.wv.vectors)
    output = model.syn1neg
    np.testing.assert_array_equal(last.syn1neg, output)
    assert not np.array_equal(model_class.load(tmp_path / "epoch1.npz").syn1neg, output)


def test_bad_inputs_raise_clear_errors(corpus):
    with pytest.raises(EmptyCorpusError):
        Word2Vec([[], []], min_count=1)
    with pytest.raises(VocabularyError, match="lower min_count"):
        Word2Vec([["가", "나"], ["다"]], min_count=5)
    with pytest.raises(TrainingError, match="lower alpha"):
        Word2Vec(corpus[0], vector_size=16, min_count=1, alpha=1e30, epochs=1)
    with pytest.raises(ValueError, match="nothing to train"):
        Word2Vec(hs=0, negative=0)
    with pytest.raises(UnsupportedOptionError, match="hashfxn"):
        Word2Vec(hashfxn=lambda s: 0)
    with pytest.raises(TypeError, match="generator"):
        Word2Vec((s for s in corpus[0]), min_count=1)
    with pytest.raises(TypeError, match="lists of tokens"):
        Word2Vec(["학교 에 간다"], min_count=1)
    with pytest.raises(TypeError, match="tokens must be str, got int 3"):
        Word2Vec([["학교", 3]], min_count=1)  # was "unsupported operand type(s) for +"
    with pytest.raises(TypeError, match="tokens must be str, got NoneType None"):
        Word2Vec([["학교", None]], min_count=1)
    model = Word2Vec(min_count=1)
    model.build_vocab(corpus[0])
    with pytest.raises(ValueError, match="total_examples"):
        model.train(corpus[0])


@pytest.mark.parametrize("setting, value, message", [
    ("alpha", float("nan"), "alpha must be a finite number > 0, got nan"),
    ("alpha", float("inf"), "alpha must be a finite number > 0, got inf"),
    ("alpha", 0.0, "alpha must be a finite number > 0, got 0.0"),
    ("min_alpha", float("nan"), "min_alpha must be a finite number >= 0, got nan"),
    ("min_alpha", -0.001, "min_alpha must be a finite number >= 0, got -0.001"),
    ("sample", float("nan"), "sample must be a finite number >= 0, got nan"),
    ("ns_exponent", float("inf"), "ns_exponent must be a finite number, got inf"),
])
def test_rates_that_cannot_train_are_refused_before_any_work(setting, value, message):
    # NaN passed "alpha <= 0", and the schedule's max(min_alpha, nan) then trained silently
    # at min_alpha; inf became NaN the same way
    with pytest.raises(ValueError, match=re.escape(message)):
        Word2Vec(**{setting: value})


@pytest.mark.parametrize("setting, value, message", [
    ("vector_size", 2.5, "vector_size must be a whole number, got 2.5"),  # int() made it 2
    ("window", 1.5, "window must be a whole number, got 1.5"),
    ("epochs", 1.5, "epochs must be a whole number, got 1.5"),
    ("seed", "a", "seed must be a whole number, got 'a'"),
    ("seed", -1, "seed must be >= 0, got -1"),  # NumPy's 'expected non-negative integer'
    ("max_final_vocab", 0, "max_final_vocab must be >= 1"),  # 'min_count=38 removed every word'
    ("min_n", 2.5, "min_n must be a whole number, got 2.5"),
])
def test_counts_must_be_whole_numbers(corpus, setting, value, message):
    model_class = FastText if setting == "min_n" else Word2Vec
    with pytest.raises(ValueError, match=re.escape(message)):
        model_class(corpus[0], min_count=1, **{setting: value})
    assert Word2Vec(vector_size=1e1, window=2.0).vector_size == 10  # 1e1 from a settings file


@pytest.mark.parametrize("epochs", [0, -1, 1.5])
def test_train_refuses_epochs_below_one_as_gensim_does(corpus, epochs):
    model = Word2Vec(corpus[0], vector_size=8, min_count=1, epochs=1, seed=1)
    before = model.wv.vectors.copy()
    with pytest.raises(ValueError, match=f"epochs must be (>= 1|a whole number), got {epochs}"):
        model.train(corpus[0], total_examples=len(corpus[0]), epochs=epochs)
    np.testing.assert_array_equal(model.wv.vectors, before)  # 0 had trained model.epochs


@pytest.mark.parametrize("rates, message", [
    ({"start_alpha": float("nan")}, "start_alpha must be a finite number > 0, got nan"),
    ({"start_alpha": -0.01}, "start_alpha must be a finite number > 0, got -0.01"),
    ({"end_alpha": float("inf")}, "end_alpha must be a finite number >= 0, got inf"),
])
def test_rates_given_to_train_that_cannot_train_are_refused_and_nothing_changes(corpus, rates, message):
    model = Word2Vec(corpus[0], vector_size=8, min_count=1, epochs=1, seed=1)
    before = model.wv.vectors.copy()
    with pytest.raises(ValueError, match=re.escape(message)):
        model.train(corpus[0], total_examples=len(corpus[0]), epochs=1, **rates)
    np.testing.assert_array_equal(model.wv.vectors, before)


def test_wv_is_a_gensim_keyedvectors_with_counts(corpus, tmp_path):
    from gensim.models import KeyedVectors

    sentences, school, _ = corpus
    model = Word2Vec(sentences, vector_size=12, min_count=1, epochs=5, sample=0, seed=2)
    assert isinstance(model.wv, KeyedVectors)
    assert model.wv.get_vecattr("학교", "count") == sum(s.count("학교") for s in sentences)
    assert {w for w, _ in model.wv.most_similar("학교", topn=3)} <= set(school)
    for suffix in (".kv", ".bin", ".txt"):
        path = save_vectors(model.wv, tmp_path / f"v{suffix}")
        loaded = load_vectors(path)
        assert loaded.index_to_key == model.wv.index_to_key
        assert np.allclose(loaded.vectors, model.wv.vectors, atol=1e-6)


def test_model_save_load_round_trip(corpus, tmp_path):
    model = Word2Vec(corpus[0], vector_size=12, min_count=1, epochs=2, compute_loss=True)
    model.save(tmp_path / "m.npz")
    again = Word2Vec.load(tmp_path / "m.npz")
    assert np.array_equal(again.wv.vectors, model.wv.vectors)
    assert np.array_equal(again.syn1neg, model.syn1neg)
    assert again.epoch_losses == model.epoch_losses and again.sg == model.sg
    again.train(corpus[0], total_examples=again.corpus_count, epochs=1)  # training resumes
    (tmp_path / "junk.npz").write_bytes(b"not a model")
    from kow2v.errors import Kow2vError

    with pytest.raises(Kow2vError, match="not a kow2v model"):
        Word2Vec.load(tmp_path / "junk.npz")


@pytest.mark.parametrize("setting, value", [
    ("vector_size", 16), ("hs", 1), ("null_word", 1), ("negative", 0)])
def test_a_setting_that_shapes_the_weights_changed_after_they_were_made_is_refused(
        corpus, tmp_path, setting, value):
    """``model.vector_size = 16`` on a built model trained on with the old layout, and save()
    then wrote a file that could not be loaded back: hours of training lost."""
    from kow2v.errors import Kow2vError

    sentences = corpus[0]
    model = Word2Vec(sentences, vector_size=8, min_count=1, epochs=1, hs=int(setting == "negative"))
    before = model.wv.vectors.copy()
    setattr(model, setting, value)
    message = f"the weights were made with {setting}="
    with pytest.raises(Kow2vError, match=f"cannot train: {message}"):
        model.train(sentences, total_examples=len(sentences), epochs=1)
    with pytest.raises(Kow2vError, match=f"cannot save: {message}"):
        model.save(tmp_path / "m.npz")
    with pytest.raises(Kow2vError, match=f"cannot update the vocabulary: {message}"):
        model.build_vocab([["새말", "학교"]] * 3, update=True)
    assert not (tmp_path / "m.npz").exists()
    np.testing.assert_array_equal(model.wv.vectors, before)
    model.build_vocab(sentences)  # new weights for the new settings
    model.train(sentences, total_examples=len(sentences), epochs=1)
    model.save(tmp_path / "m.npz")
    assert getattr(Word2Vec.load(tmp_path / "m.npz"), setting) == value


def test_settings_that_do_not_shape_the_weights_change_freely(corpus, tmp_path):
    sentences = corpus[0]
    model = Word2Vec(sentences, vector_size=8, min_count=1, epochs=1, negative=5)
    model.window, model.alpha, model.negative, model.sample = 2, 0.01, 10, 0.0
    model.train(sentences, total_examples=len(sentences), epochs=1)
    model.save(tmp_path / "m.npz")
    assert Word2Vec.load(tmp_path / "m.npz").negative == 10


def _edited_model_file(src, dst, edit):
    """A copy of the model file ``src`` with ``edit(header, arrays)`` applied."""
    import json

    with np.load(src) as data:
        arrays = {k: data[k] for k in data.files}
    header = json.loads(str(arrays["meta"]))
    edit(header, arrays)
    arrays["meta"] = np.array(json.dumps(header))
    np.savez(dst, **arrays)
    return dst


@pytest.mark.parametrize("damage, message", [
    ("empty", "is damaged: BadZipFile"),
    ("cut", "is damaged: BadZipFile"),
    ("compressed", "its member syn0.npy is compressed"),  # 1.5 MB of zeros loaded as 1.5 GB
    ("a header promising more than its member",
     r"syn0.npy: its header says \(1000000000, 8\) float32 \(32,000,000,000 bytes\) but"),
    ("fewer counts than words", "header does not describe its arrays"),
    ("words not a list", "header does not describe its arrays"),
    ("losses not a list", "header does not describe its arrays"),
    ("a setting of the wrong type", "its settings are refused: vector_size must be a whole number"),
    ("a setting out of range", "its settings are refused: window must be >= 1"),
])
def test_a_damaged_model_file_is_one_clear_error(corpus, tmp_path, damage, message):
    from kow2v.errors import Kow2vError

    good = tmp_path / "m.npz"
    Word2Vec(corpus[0], vector_size=8, min_count=1, epochs=1).save(good)
    bad = tmp_path / "bad.npz"
    edits = {
        "fewer counts than words": lambda h, a: a.update(counts=a["counts"][:2]),
        "words not a list": lambda h, a: h.update(words=5),
        "losses not a list": lambda h, a: h.update(epoch_losses="x"),
        "a setting of the wrong type": lambda h, a: h["config"].update(vector_size="abc"),
        "a setting out of range": lambda h, a: h["config"].update(window=-1),
    }
    if damage in edits:
        _edited_model_file(good, bad, edits[damage])
    elif damage == "compressed":
        with np.load(good) as data:
            np.savez_compressed(bad, **{k: data[k] for k in data.files})
    elif damage == "a header promising more than its member":
        import io
        import zipfile

        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
            for name in src.namelist():
                body = src.read(name)
                if name == "syn0.npy":
                    fake = io.BytesIO()
                    np.lib.format.write_array_header_1_0(
                        fake, {"descr": "<f4", "fortran_order": False, "shape": (10**9, 8)})
                    body = fake.getvalue() + np.zeros((2, 8), np.float32).tobytes()
                dst.writestr(name, body)
    else:
        data = good.read_bytes()
        bad.write_bytes(b"" if damage == "empty" else data[:len(data) // 2])
    with pytest.raises(Kow2vError, match=message):
        Word2Vec.load(bad)


def test_gensim_is_imported_only_when_the_vectors_are_used():
    # a fresh interpreter: the test session has imported gensim already
    script = """
import sys
from kow2v import Word2Vec

def gensim_loaded():
    return any(name.split(".")[0] == "gensim" for name in sys.modules)

class Watch:
    seen = []
    def on_epoch_end(self, model):
        self.seen.append(gensim_loaded())
    def __getattr__(self, name):
        return lambda model: None

text = [[f"w{i % 150}", f"w{(i * 7) % 150}", f"w{(i * 11) % 150}"] for i in range(600)]
model = Word2Vec(vector_size=8, min_count=1, epochs=2, seed=3, workers=1)
model.build_vocab(text)
after_vocab = gensim_loaded()
syn0 = model._input_weights()
model.train(text, total_examples=model.corpus_count, epochs=2, callbacks=[Watch()])
print(after_vocab, Watch.seen, gensim_loaded(), type(model.wv).__module__.split(".")[0],
      model.wv.vectors is syn0)
"""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    # not imported by build_vocab nor by train (whose import would count in its time);
    # wv is gensim's and adopts the trained matrix without a copy
    assert out == ["False", "[False,", "False]", "False", "gensim", "True"]


def test_wv_made_on_first_use_follows_training_and_updates(corpus, tmp_path):
    sentences = corpus[0]
    model = Word2Vec(vector_size=12, min_count=1, epochs=1, seed=4)
    assert model.wv is None  # no vocabulary yet
    model.build_vocab(sentences)
    first = model.wv
    assert first.vectors is model._input_weights()
    model.train(sentences, total_examples=model.corpus_count, epochs=1)
    assert model.wv is first  # trained in place, made once
    model.wv.vectors[0] = 0.5  # a user's edit is what trains on and what is saved
    model.save(tmp_path / "m.npz")
    assert np.all(Word2Vec.load(tmp_path / "m.npz").wv.vectors[0] == 0.5)
    old = len(model.wv)
    model.build_vocab([["새말", "학교"]], update=True)
    assert len(model.wv) == old + 1 and np.all(model.wv.vectors[0] == 0.5)
    with np.load(tmp_path / "m.npz") as data:
        arrays = {k: data[k] for k in data.files}
    arrays["syn0"] = arrays["syn0"][:-1]  # a file whose input weights lack a row
    np.savez(tmp_path / "short.npz", **arrays)
    from kow2v.errors import Kow2vError

    with pytest.raises(Kow2vError, match="do not fit"):
        Word2Vec.load(tmp_path / "short.npz")


def test_whitespace_key_is_refused_for_word2vec_formats(tmp_path):
    from kow2v.keyedvectors import to_keyed_vectors

    kv = to_keyed_vectors(["좋은", "소노 시온"], np.ones((2, 3), dtype=np.float32))
    with pytest.raises(VectorFormatError, match="'소노 시온'"):
        save_vectors(kv, tmp_path / "v.txt")
    assert list(tmp_path.iterdir()) == []
    save_vectors(kv, tmp_path / "v.kv")  # the native format can hold it
    assert load_vectors(tmp_path / "v.kv").index_to_key == ["좋은", "소노 시온"]


@pytest.mark.slow
def test_two_workers_train_the_same_structure(corpus):
    sentences, a, b = corpus
    model = Word2Vec(sentences * 3, vector_size=20, window=3, min_count=1, sample=0, epochs=3,
                     workers=2, seed=3, batch_words=300)
    within = np.mean([model.wv.similarity(x, y) for x, y in itertools.combinations(a, 2)])
    across = np.mean([model.wv.similarity(x, y) for x in a for y in b])
    assert within > across + 0.3
