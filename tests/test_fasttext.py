"""kow2v.FastText: jamo n-grams, gensim in and gensim out, unseen forms answered, bad input."""

from __future__ import annotations

import itertools
import os
import re

import numpy as np
import pytest

from kow2v import FastText
from kow2v.errors import Kow2vError, VocabularyError
from kow2v.jamo import decompose

SCHOOL = ["학교", "공부", "선생님", "시험", "숙제", "교실"]
CINEMA = ["영화", "배우", "감독", "극장", "장면", "관객"]
PARTICLES = ["이", "가", "을", "를", "에서", "은", "는", "도", "에게", "와"]


def inflected_corpus(n=800, seed=0):
    """Two topics of stems, each stem inflected with particles; '까지' forms never occur."""
    rng = np.random.default_rng(seed)
    sentences = []
    for i in range(n):
        stems = SCHOOL if i % 2 else CINEMA
        sentences.append([str(rng.choice(stems)) + str(rng.choice(PARTICLES))
                          for _ in range(7)])
    return sentences


@pytest.fixture(scope="module")
def corpus():
    return inflected_corpus()


@pytest.fixture(scope="module")
def model(corpus):
    return FastText(corpus, vector_size=24, window=3, min_count=2, sample=0, epochs=8, seed=3,
                    bucket=20000, sg=1)


def unseen_words(count=1000, seed=1):
    rng = np.random.default_rng(seed)
    syllables = [chr(c) for c in rng.integers(0xAC00, 0xD7A4, size=count * 3)]
    words = ["".join(syllables[3 * i:3 * i + 2 + i % 2]) + "까지" for i in range(count)]
    return words + ["ok", "😀", "가", "A1", "ㅋㅋ"]


def test_unseen_forms_land_with_their_stems(model):
    for stem, topic in ((s, SCHOOL) for s in SCHOOL[:3]):
        word = stem + "까지"
        assert word not in model.surface
        hits = [w for w, _ in model.surface.most_similar(word, topn=10)]
        assert sum(any(w.startswith(s) for s in topic) for w in hits) >= 8, (word, hits)


@pytest.mark.parametrize("sg", [0, 1])
def test_planted_topics_are_separated(corpus, sg):
    m = FastText(corpus, vector_size=24, window=3, min_count=2, sample=0, epochs=5, seed=2,
                 bucket=20000, sg=sg)
    a = [s + "을" for s in SCHOOL]
    b = [s + "을" for s in CINEMA]
    within = np.mean([m.surface.similarity(x, y) for x, y in itertools.combinations(a, 2)])
    across = np.mean([m.surface.similarity(x, y) for x in a for y in b])
    assert within > across + 0.2, (within, across)


def test_gensim_answers_every_unseen_word_as_kow2v_does(model, tmp_path):
    from gensim.models.fasttext import (
        FastTextKeyedVectors,
        load_facebook_vectors,
        save_facebook_model,
    )

    from kow2v.keyedvectors import load_vectors, save_vectors

    words = unseen_words()
    keys = [decompose(w) for w in words]
    assert not any(k in model.wv.key_to_index for k in keys)
    ours = model.vectors_for(words)
    assert np.abs(ours).sum() > 0
    theirs = np.stack([model.wv[k] for k in keys])  # gensim's own n-gram code
    np.testing.assert_allclose(theirs, ours, atol=1e-6)
    np.testing.assert_allclose(model.vectors_for(model.surface.index_to_key), model.wv.vectors,
                               atol=1e-6)  # the vocabulary too
    save_vectors(model.wv, tmp_path / "ft.kv")
    for loaded in (FastTextKeyedVectors.load(str(tmp_path / "ft.kv")),
                   load_vectors(tmp_path / "ft.kv")):
        np.testing.assert_allclose(np.stack([loaded[k] for k in keys]), ours, atol=1e-6)
    save_facebook_model(model, str(tmp_path / "ft.bin"))
    facebook = load_facebook_vectors(str(tmp_path / "ft.bin"))
    np.testing.assert_allclose(np.stack([facebook[k] for k in keys]), ours, atol=1e-6)


def test_wv_answers_words_in_their_ordinary_spelling_as_a_gensim_user_asks(model):
    """``model.wv["학교를"]`` is the jamo key's vector (a plain FastTextKeyedVectors gave the
    zero vector: the syllables' n-grams were never trained), for gensim's queries too."""
    from gensim.models.fasttext import FastTextKeyedVectors

    wv = model.wv
    word, unseen = "학교를", "학교까지"
    assert word not in wv.key_to_index and decompose(word) in wv.key_to_index
    np.testing.assert_array_equal(wv[word], wv[decompose(word)])
    np.testing.assert_allclose(wv[unseen], model.surface[unseen], atol=1e-6)
    assert np.linalg.norm(wv[unseen]) > 0.1
    # gensim's own n-gram code, given the jamo key, computes the same vector
    np.testing.assert_array_equal(wv[unseen],
                                  FastTextKeyedVectors.get_vector(wv, decompose(unseen)))
    assert wv.get_index(word) == wv.key_to_index[decompose(word)]
    assert wv.get_vecattr(word, "count") == wv.get_vecattr(decompose(word), "count") > 0
    assert wv.most_similar(word, topn=5) == wv.most_similar(decompose(word), topn=5)
    assert decompose(word) not in dict(wv.most_similar(word, topn=20))
    cosmul = wv.most_similar_cosmul(positive=[word], topn=20)
    assert cosmul == wv.most_similar_cosmul(positive=[decompose(word)], topn=20)
    assert decompose(word) not in dict(cosmul)
    assert wv.similarity(word, "영화를") == wv.similarity(decompose(word), decompose("영화를"))
    assert wv.doesnt_match(["학교를", "공부를", "영화를"]) == "영화를"  # as given
    assert wv.rank(word, "공부를") == wv.rank(decompose(word), decompose("공부를"))


def test_gensims_evaluations_read_ordinary_spelling_on_a_jamo_wv(model, tmp_path):
    """gensim looks an evaluation file's words up in key_to_index, where no syllable spelling
    is: a Korean analogy or similarity file was all out of vocabulary."""
    quads = [("학교를", "공부를", "영화를", "배우를"), ("학교가", "시험이", "영화가", "감독이"),
             ("교실에서", "숙제를", "극장에서", "장면을")]
    pairs = [("학교를", "공부를", 9.0), ("학교를", "영화를", 2.0), ("극장에서", "영화가", 8.5),
             ("시험이", "배우를", 1.0)]
    for spell, name in ((lambda w: w, "words"), (decompose, "jamo")):
        (tmp_path / f"{name}.analogies").write_text(
            ": topic\n" + "".join(" ".join(map(spell, q)) + "\n" for q in quads),
            encoding="utf-8")
        (tmp_path / f"{name}.pairs").write_text(
            "# w1\tw2\tscore\n" + "".join(f"{spell(a)}\t{spell(b)}\t{x}\n" for a, b, x in pairs),
            encoding="utf-8")
    words = model.wv.evaluate_word_analogies(str(tmp_path / "words.analogies"))
    jamo = model.wv.evaluate_word_analogies(str(tmp_path / "jamo.analogies"))
    assert words == jamo
    assert sum(len(s["correct"]) + len(s["incorrect"]) for s in words[1]) == 2 * len(quads)
    by_words = model.wv.evaluate_word_pairs(tmp_path / "words.pairs")
    by_jamo = model.wv.evaluate_word_pairs(tmp_path / "jamo.pairs")
    assert by_words[2] == by_jamo[2] == 0.0  # no pair out of vocabulary
    assert by_words[0][0] == pytest.approx(by_jamo[0][0])


def test_a_jamo_wv_saves_as_gensims_own_class_and_loads_back_answering_words(model, tmp_path):
    import subprocess
    import sys

    from kow2v.jamo_keyed import JamoKeyedVectors
    from kow2v.keyedvectors import load_vectors, save_vectors

    assert isinstance(model.wv, JamoKeyedVectors)
    path = save_vectors(model.wv, tmp_path / "ft.kv")
    probe = (f"import sys; sys.modules['kow2v'] = None\n"  # kow2v cannot be imported
             f"from gensim.models.fasttext import FastTextKeyedVectors as F\n"
             f"kv = F.load({str(path)!r})\n"
             f"print(type(kv).__name__, repr(kv[{decompose('학교를')!r}][:3].tolist()))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split(" ", 1)
    assert out[0] == "FastTextKeyedVectors"
    np.testing.assert_allclose(eval(out[1]), model.wv["학교를"][:3], atol=1e-6)
    loaded = load_vectors(path)
    assert type(loaded) is JamoKeyedVectors
    np.testing.assert_allclose(loaded["학교까지"], model.surface["학교까지"], atol=1e-6)


def test_plain_keys_keep_gensims_class(corpus):
    from gensim.models.fasttext import FastTextKeyedVectors

    m = FastText(corpus, vector_size=8, min_count=2, epochs=1, bucket=5000, subwords="char")
    assert type(m.wv) is FastTextKeyedVectors


def test_extra_words_in_decomposed_unicode_are_written_composed(model):
    """A word list saved on macOS may spell its words in NFD: they were written as NFD keys,
    which print like the NFC ones and are never found by them."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", "학교까지")
    plain = model.surface.to_keyed_vectors(extra_words=[nfd, "학교까지"])
    assert "학교까지" in plain.key_to_index and nfd not in plain.key_to_index
    assert len(plain) == len(model.wv) + 1
    np.testing.assert_allclose(plain["학교까지"], model.surface["학교까지"], atol=1e-6)


def test_char_mode_is_gensims_behaviour_on_the_raw_string(corpus):
    m = FastText(corpus, vector_size=16, min_count=2, epochs=2, bucket=5000, subwords="char")
    assert "학교를" in m.wv.key_to_index  # keys are the words themselves
    words = ["학교까지", "영화까지"]
    np.testing.assert_allclose(np.stack([m.wv[w] for w in words]), m.vectors_for(words),
                               atol=1e-6)


def test_surface_view_speaks_ordinary_korean(model, tmp_path):
    from kow2v.keyedvectors import load_vectors, save_vectors

    surface = model.surface
    assert "학교를" in surface and "학교까지" not in surface
    assert surface["학교까지"].shape == (24,) and surface[["학교를", "학교까지"]].shape == (2, 24)
    assert all(w == w.strip() and "ㅤ" not in w for w in surface.index_to_key)
    assert surface.similarity("학교를", "학교까지") > surface.similarity("학교를", "영화까지")
    plain = surface.to_keyed_vectors(extra_words=["학교까지", "학교를"])
    assert plain.index_to_key[-1] == "학교까지" and len(plain) == len(model.wv) + 1
    save_vectors(plain, tmp_path / "w.bin")
    again = load_vectors(tmp_path / "w.bin")
    np.testing.assert_allclose(again["학교까지"], surface["학교까지"], atol=1e-6)


def test_same_seed_same_vectors_and_losses_per_epoch(corpus):
    kwargs = dict(vector_size=12, min_count=2, epochs=2, seed=9, bucket=3000, compute_loss=True)
    a, b = FastText(corpus, **kwargs), FastText(corpus, **kwargs)
    assert np.array_equal(a.wv.vectors, b.wv.vectors)
    assert np.array_equal(a.wv.vectors_ngrams, b.wv.vectors_ngrams)
    assert len(a.epoch_losses) == 2 and a.epoch_losses[1] < a.epoch_losses[0]


@pytest.mark.slow
def test_two_workers_train_the_same_structure(corpus):
    m = FastText(corpus, vector_size=24, window=3, min_count=2, sample=0, epochs=5, seed=2,
                 bucket=20000, sg=1, workers=2, batch_words=500)
    a = [s + "을" for s in SCHOOL]
    b = [s + "을" for s in CINEMA]
    within = np.mean([m.surface.similarity(x, y) for x, y in itertools.combinations(a, 2)])
    across = np.mean([m.surface.similarity(x, y) for x in a for y in b])
    assert within > across + 0.2


@pytest.mark.slow
def test_a_compact_matrix_trains_and_wv_shows_gensims_layout(corpus):
    from kow2v.memory import tree_kib

    before = tree_kib()
    m = FastText(vector_size=100, window=3, min_count=2, sample=0, epochs=1, seed=2,
                 bucket=2_000_000, sg=1)  # gensim's bucket: 800 MB if every page were kept
    m.build_vocab(corpus)
    V, used = len(m.wv), m._used
    assert m._memory is None and m._syn0.shape == (V + len(used), 100)  # private, compact
    assert m.wv.vectors_ngrams.shape == (2_000_000, 100)
    assert np.array_equal(m.wv.vectors_ngrams[used], m._syn0[V:])
    assert np.shares_memory(m.wv.vectors_vocab, m._syn0)
    assert tree_kib() - before < 100 * 1024  # only the pages of the rows in use cost memory
    kept = m._syn0.copy()
    m.workers = 2  # as a gensim user changes it between calls
    m._prepare_training(2, watched=True)
    assert m._memory is not None and m._memory.arrays["syn0"] is m._syn0
    assert np.array_equal(m._syn0, kept) and np.shares_memory(m.wv.vectors_vocab, m._syn0)
    m.train(corpus, total_examples=m.corpus_count, epochs=1)
    assert not np.array_equal(m._syn0, kept)
    assert np.array_equal(m.wv.vectors_ngrams[used], m._syn0[V:])  # written back at the end

    m.workers = 1
    m._prepare_training(1, watched=False)  # nobody looks during training: let go
    assert m._memory is None and np.shares_memory(m.wv.vectors_vocab, m._syn0)
    assert not m.wv.vectors_ngrams.any()
    m._sync_vectors(final=True)
    assert np.array_equal(m.wv.vectors_ngrams[used], m._syn0[V:])

    class Watch:  # a gensim callback reading the n-gram rows after each epoch
        seen: list[np.ndarray] = []

        def on_epoch_end(self, model):
            self.seen.append(model.wv.vectors_ngrams[used].copy())

    m.train(corpus, total_examples=m.corpus_count, epochs=2, callbacks=[Watch()])
    assert len(Watch.seen) == 2 and not np.array_equal(Watch.seen[0], Watch.seen[1])
    assert np.array_equal(Watch.seen[1], m._syn0[V:])
    m.train(corpus, total_examples=m.corpus_count, epochs=1)  # no callback
    assert np.array_equal(m.wv.vectors_ngrams[used], m._syn0[V:])
    assert not np.array_equal(Watch.seen[1], m._syn0[V:])


def _vm_flags(array: np.ndarray) -> str:
    """The ``VmFlags`` line of the mapping that holds ``array`` (``/proc/self/smaps``)."""
    start = array.__array_interface__["data"][0]
    with open("/proc/self/smaps") as smaps:
        text = smaps.read()
    mapping = [part for part in re.split(r"\n(?=[0-9a-f]+-[0-9a-f]+ )", text)
               if int(part.split("-")[0], 16) <= start < int(part.split()[0].split("-")[1], 16)]
    assert len(mapping) == 1
    return re.search(r"VmFlags:.*", mapping[0]).group(0)


def test_the_compact_matrix_is_on_huge_pages_and_gensims_layout_is_not(corpus):
    m = FastText(vector_size=100, window=3, min_count=2, sample=0, epochs=1, seed=2,
                 bucket=200_000)
    m.build_vocab(corpus)
    assert np.array_equal(m.wv.vectors_ngrams[m._used], m._syn0[len(m.wv):])
    if os.path.exists("/sys/kernel/mm/transparent_hugepage"):  # a kernel that has them
        # (the advice is recorded whatever the kernel's default, "never" included)
        assert " hg" in _vm_flags(m._syn0)  # MADV_HUGEPAGE
        assert " nh" in _vm_flags(m.wv.vectors_ngrams)  # MADV_NOHUGEPAGE, even under "always"


def test_model_file_round_trip_and_training_resumes(model, corpus, tmp_path):
    model.save(tmp_path / "ft.npz")
    again = FastText.load(tmp_path / "ft.npz")
    assert np.array_equal(again.wv.vectors, model.wv.vectors)
    assert np.array_equal(again.wv.vectors_ngrams, model.wv.vectors_ngrams)
    assert again.min_n == model.min_n and again.subwords == "jamo"
    again.train(corpus, total_examples=again.corpus_count, epochs=1)
    assert not np.array_equal(again.wv.vectors, model.wv.vectors)
    from kow2v import Word2Vec

    with pytest.raises(Kow2vError, match="not a Word2Vec model file"):
        Word2Vec.load(tmp_path / "ft.npz")


# -- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize("setting, value", [
    ("bucket", 5000), ("min_n", 2), ("max_n", 4), ("subwords", "char")])
def test_an_ngram_setting_changed_after_the_weights_were_made_is_refused(corpus, tmp_path,
                                                                          setting, value):
    """A changed ``bucket`` trained on, then saved a file that could not be loaded back; a
    changed ``subwords`` saved one whose vectors loaded as zeros."""
    from kow2v.errors import Kow2vError

    model = FastText(corpus[:50], vector_size=8, min_count=1, epochs=1, bucket=2000)
    setattr(model, setting, value)
    with pytest.raises(Kow2vError, match=f"cannot train: the weights were made with {setting}="):
        model.train(corpus[:50], total_examples=50, epochs=1)
    with pytest.raises(Kow2vError, match="cannot save"):
        model.save(tmp_path / "ft.npz")
    model.build_vocab(corpus[:50])
    model.train(corpus[:50], total_examples=50, epochs=1)
    model.save(tmp_path / "ft.npz")
    again = FastText.load(tmp_path / "ft.npz")
    np.testing.assert_array_equal(again.wv.vectors, model.wv.vectors)


def test_tokens_without_hangul_and_one_character_tokens():
    sentences = [["OK", "가", "123", "😀", "나", "hello"]] * 40
    m = FastText(sentences, vector_size=8, min_count=1, epochs=1, bucket=1000)
    assert "OK" in m.wv.key_to_index  # no Hangul: the key is the word itself
    assert decompose("가") in m.wv.key_to_index
    assert m.surface["OKAY"].shape == (8,) and m.surface["다"].shape == (8,)


def test_a_5000_character_token_trains_in_bounded_time():
    import time

    long = "가나다라" * 1250
    start = time.perf_counter()
    m = FastText([["학교", long, "공부"]] * 5, vector_size=8, min_count=1, epochs=1,
                 bucket=100_000)
    assert time.perf_counter() - start < 20
    assert m.wv[decompose(long)].shape == (8,)


@pytest.mark.parametrize("kwargs, message", [
    (dict(min_n=5, max_n=3), "min_n=5 is above max_n=3"),
    (dict(min_n=0), "min_n must be >= 1"),
    (dict(subwords="bytes"), "subwords must be one of"),
    (dict(word_ngrams=2), "word_ngrams must be 1"),
    (dict(bucket=2**40), r"bucket must be below 2\*\*32 \(the n-gram hashes are 32-bit\)"),
])
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        FastText(**kwargs)


def test_a_bucket_the_machine_cannot_map_is_one_clear_error(corpus, monkeypatch):
    import errno
    import mmap

    from kow2v.errors import Kow2vError, OutOfMemoryError
    from kow2v.fast import input_matrix

    real = mmap.mmap

    def refusing(fileno, length, *args, **kwargs):  # as the kernel refuses a mapping too large
        if length > 2**30:
            raise OSError(errno.ENOMEM, "Cannot allocate memory")
        return real(fileno, length, *args, **kwargs)

    monkeypatch.setattr(input_matrix.mmap, "mmap", refusing)
    with pytest.raises(OutOfMemoryError, match=r"cannot map a 4,000,000 x 100 float32 matrix "
                       r"\(1.5 GiB\): Cannot allocate memory; lower bucket or vector_size"
                       ) as caught:
        FastText(corpus[:20], min_count=1, epochs=1, bucket=4_000_000)
    assert isinstance(caught.value, Kow2vError) and isinstance(caught.value, MemoryError)


@pytest.mark.parametrize("kwargs", [dict(bucket=0), dict(max_n=0)])
def test_no_buckets_or_no_ngrams_is_plain_word_vectors_as_gensim(corpus, kwargs):
    m = FastText(corpus, vector_size=8, min_count=2, epochs=1, **kwargs)
    assert m.wv.bucket == 0 and m.wv.vectors_ngrams.shape == (0, 8)
    assert np.array_equal(m.wv.vectors, m.wv.vectors_vocab)
    with pytest.raises(KeyError):
        m.wv[decompose("학교까지")]
    with pytest.raises(KeyError, match="no trained n-gram"):
        m.surface["학교까지"]


@pytest.mark.parametrize("token", [3, None, b"\xed\x95\x99"])
def test_a_token_that_is_not_a_str_is_named(token):
    with pytest.raises(TypeError, match=f"tokens must be str, got {type(token).__name__}"):
        FastText([["학교", token]] * 3, min_count=1)  # was "'int' object is not iterable"


def test_a_vocabulary_emptied_by_min_count(corpus):
    with pytest.raises(VocabularyError, match="min_count"):
        FastText(corpus, min_count=10**6)


def test_an_already_decomposed_corpus_is_not_decomposed_again(corpus):
    jamo_corpus = [[decompose(w) for w in s] for s in corpus[:200]]
    with pytest.raises(Kow2vError, match="subwords='char'"):
        FastText(jamo_corpus, vector_size=8, min_count=2, epochs=1, bucket=1000)
    m = FastText(jamo_corpus, vector_size=8, min_count=2, epochs=1, bucket=1000,
                 subwords="char")
    assert decompose("학교를") in m.wv.key_to_index


def test_char_subwords_take_lone_jamo_as_they_are(corpus):
    """subwords='char' composed every key to look for a jamo corpus, which only jamo keys
    need, and "ㅋㅋ" (in most Korean reviews) stopped it: 'an incomplete jamo group'."""
    laughs = [s + ["ㅋㅋ", "ㅠㅠ", "ㅋㅋㅋ"] for s in corpus[:200]]
    m = FastText(laughs, vector_size=8, min_count=2, epochs=1, bucket=1000, subwords="char")
    assert {"ㅋㅋ", "ㅠㅠ", "ㅋㅋㅋ"} <= set(m.wv.key_to_index)
    m.build_vocab([["ㅎㅎ", "ㅋㅋ"]] * 3, update=True)
    assert "ㅎㅎ" in m.wv.key_to_index


def test_trim_rule_sees_words_as_written_with_jamo_keys(corpus):
    """The vocabulary is keyed by jamo, but a trim_rule is asked about the corpus's spelling."""
    from gensim import utils

    asked = set()

    def rule(word, count, min_count):
        asked.add(word)
        return utils.RULE_KEEP if word == "희귀어" else utils.RULE_DEFAULT

    model = FastText(corpus[:200] + [["희귀어"]], vector_size=8, min_count=2, epochs=1,
                     bucket=1000, trim_rule=rule)
    assert "희귀어" in asked and decompose("희귀어") not in asked
    assert decompose("희귀어") in model.wv.key_to_index  # kept by the rule despite min_count
    predicted = model.predict_output_word(["희귀어", corpus[0][0]], topn=3)
    assert len(predicted) == 3
    for word, _ in predicted:  # written as the corpus writes, not as jamo keys
        assert decompose(word) in model.wv.key_to_index and not any(
            "\u3131" <= ch <= "\u318e" for ch in word)
    assert model.estimate_memory()["ngrams"] == 1000 * 8 * 4


def test_a_corpus_in_decomposed_unicode_trains_as_the_composed_one(corpus, tmp_path):
    """Korean text from macOS is often NFD (conjoining jamo): its tokens are counted under the
    same jamo keys, and must then be trained too, from lists and from a file alike."""
    import unicodedata

    sentences = corpus[:300]
    nfd = [[unicodedata.normalize("NFD", w) for w in s] for s in sentences]
    assert nfd[0][0] != sentences[0][0]
    path = tmp_path / "nfd.txt"
    path.write_text("\n".join(" ".join(s) for s in nfd) + "\n", encoding="utf-8")
    params = dict(vector_size=8, min_count=2, epochs=2, seed=4, bucket=1000, sample=0)
    composed = FastText(sentences, **params)
    for model in (FastText(nfd, **params), FastText(corpus_file=str(path), **params)):
        assert model.wv.index_to_key == composed.wv.index_to_key
        np.testing.assert_array_equal(model.wv.vectors, composed.wv.vectors)
    trained = FastText(nfd, **params)
    trained.build_vocab([nfd[0] + [unicodedata.normalize("NFD", "새말")]] * 3, update=True)
    before = trained.surface["새말"].copy()
    effective, raw = trained.train([[unicodedata.normalize("NFD", "새말"), nfd[0][0]]] * 20,
                                   total_examples=20, epochs=1)
    assert effective == raw == 40  # every NFD token trained, the word an update added too
    assert not np.allclose(trained.surface["새말"], before)
