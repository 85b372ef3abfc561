"""gensim's own Word2Vec and FastText model files: read safely into kow2v.Word2Vec and
kow2v.FastText (never an unrestricted unpickle), trained on; and kow2v models handed to gensim,
which trains them further."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from gensim.models import FastText as GensimFastText
from gensim.models import Word2Vec as GensimWord2Vec

from kow2v import Word2Vec
from kow2v.errors import Kow2vError, VectorFormatError
from tests.test_word2vec import topic_corpus


@pytest.fixture(scope="module")
def sentences():
    return topic_corpus(300)[0]


@pytest.mark.parametrize("kw,sep_limit", [(dict(), 10 * 1024**2), (dict(hs=1, negative=0), 0),
                                          (dict(hs=1, negative=3, sg=1), 0)])
def test_a_gensim_model_file_loads_and_trains_on(tmp_path, sentences, kw, sep_limit):
    theirs = GensimWord2Vec(sentences, vector_size=8, min_count=1, epochs=2, seed=4, **kw)
    path = tmp_path / "g.model"
    theirs.save(str(path), sep_limit=sep_limit)  # 0: every array in a side file
    assert bool(list(tmp_path.glob("g.model.*.npy"))) == (sep_limit == 0)
    ours = Word2Vec.load(path)
    assert ours.wv.index_to_key == theirs.wv.index_to_key
    assert np.array_equal(ours.wv.vectors, theirs.wv.vectors)
    for name in ("syn1neg", "syn1"):
        mine, gensims = getattr(ours, name), getattr(theirs, name, None)
        assert (mine is None) == (gensims is None) or (gensims is not None and not gensims.size)
        if mine is not None:
            assert np.array_equal(mine, gensims)
    assert (ours.sg, ours.hs, ours.negative, ours.window) == (theirs.sg, theirs.hs,
                                                              theirs.negative, theirs.window)
    assert ours.corpus_count == theirs.corpus_count
    sample_int = [theirs.wv.get_vecattr(i, "sample_int") for i in range(len(theirs.wv))]
    assert np.abs(ours.vocab.sample_int(ours.sample).astype(np.int64) - sample_int).max() <= 1
    before = ours.wv.vectors.copy()
    ours.train(sentences, total_examples=ours.corpus_count, epochs=1)
    assert not np.array_equal(before, ours.wv.vectors)
    ours.build_vocab([["새말", "학교"]] * 5, update=True)
    assert "새말" in ours.wv


def test_a_gensim_model_that_would_run_code_is_refused(tmp_path, sentences):
    class Exploit:
        def __reduce__(self):
            return (print, ("pwned",))

    theirs = GensimWord2Vec(sentences, vector_size=8, min_count=1, epochs=1)
    theirs.comment = Exploit()  # a pickled object that calls a function when loaded
    path = tmp_path / "evil.model"
    with open(path, "wb") as fh:
        pickle.dump(theirs, fh, protocol=4)
    with pytest.raises(VectorFormatError, match="refused to load: the file names builtins.print"):
        Word2Vec.load(path)


def test_damaged_and_wrong_files_say_so(tmp_path, sentences):
    theirs = GensimWord2Vec(sentences, vector_size=8, min_count=1, epochs=1)
    path = tmp_path / "g.model"
    theirs.save(str(path), sep_limit=0)
    (tmp_path / "g.model.syn1neg.npy").unlink()
    with pytest.raises(VectorFormatError, match="syn1neg.*missing"):
        Word2Vec.load(path)
    truncated = tmp_path / "t.model"
    truncated.write_bytes(pickle.dumps(theirs.wv)[:50])
    with pytest.raises(VectorFormatError, match="damaged"):
        Word2Vec.load(truncated)
    kv = tmp_path / "v.model"
    theirs.wv.save(str(kv))
    with pytest.raises(VectorFormatError, match="not a gensim Word2Vec model"):
        Word2Vec.load(kv)
    from kow2v import FastText
    with pytest.raises(VectorFormatError, match=r"is a gensim Word2Vec model: load it with "
                       r"kow2v.Word2Vec.load \(kow2v train: --model word2vec\)"):
        FastText.load(path)
    theirs_ft = GensimFastText(sentences, vector_size=8, min_count=1, epochs=1, bucket=100)
    theirs_ft.save(str(tmp_path / "ft.model"))
    with pytest.raises(VectorFormatError, match="is a gensim FastText model: load it with "
                       "kow2v.FastText.load"):
        Word2Vec.load(tmp_path / "ft.model")
    theirs_ft.wv.save(str(tmp_path / "ft.kv"))
    with pytest.raises(VectorFormatError, match="not a gensim FastText model"):
        FastText.load(tmp_path / "ft.kv")


@pytest.mark.parametrize("kw,sep_limit", [(dict(), 10 * 1024**2), (dict(sg=1), 0),
                                          (dict(hs=1, negative=0), 0)])
def test_a_gensim_fasttext_model_file_loads_and_trains_on(tmp_path, sentences, kw, sep_limit):
    """FastText.load of a gensim FastText.save file had said 'kow2v reads gensim's Word2Vec
    models only': a gensim script that loads its saved model did not run with the import
    swapped."""
    from kow2v import FastText

    theirs = GensimFastText(sentences, vector_size=8, min_count=1, epochs=2, seed=4,
                            bucket=5000, min_n=2, max_n=4, **kw)
    path = tmp_path / "g.model"
    theirs.save(str(path), sep_limit=sep_limit)  # 0: every array in a side file
    assert bool(list(tmp_path.glob("g.model.*.npy"))) == (sep_limit == 0)
    ours = FastText.load(path)
    assert (ours.subwords, ours.min_n, ours.max_n, ours.bucket) == ("char", 2, 4, 5000)
    assert (ours.sg, ours.hs, ours.negative) == (theirs.sg, theirs.hs, theirs.negative)
    assert ours.wv.index_to_key == theirs.wv.index_to_key
    np.testing.assert_allclose(ours.wv.vectors, theirs.wv.vectors, atol=1e-6)
    # unseen words: their n-grams' rows, trained or (buckets no word uses) gensim's draw
    for word in ("학교에서는", "새로운말", "zzqq"):
        assert word not in theirs.wv.key_to_index
        np.testing.assert_allclose(ours.wv[word], theirs.wv[word], atol=1e-6)
    output = ours.syn1 if ours.hs else ours.syn1neg
    assert np.array_equal(output, theirs.syn1 if theirs.hs else theirs.syn1neg)
    before = ours.wv.vectors.copy()
    ours.train(sentences, total_examples=ours.corpus_count, epochs=1)
    assert not np.array_equal(before, ours.wv.vectors) and np.isfinite(ours.wv.vectors).all()
    ours.build_vocab([["새말", "학교"]] * 5, update=True)
    assert "새말" in ours.wv.key_to_index
    ours.save(tmp_path / "ours.npz")
    assert FastText.load(tmp_path / "ours.npz").wv.index_to_key == ours.wv.index_to_key


def test_a_gensim_fasttext_model_that_would_run_code_is_refused(tmp_path, sentences):
    from kow2v import FastText

    class Exploit:
        def __reduce__(self):
            return (print, ("pwned",))

    theirs = GensimFastText(sentences, vector_size=8, min_count=1, epochs=1, bucket=100)
    theirs.comment = Exploit()
    path = tmp_path / "evil.model"
    with open(path, "wb") as fh:
        pickle.dump(theirs, fh, protocol=4)
    with pytest.raises(VectorFormatError, match="refused to load: the file names builtins.print"):
        FastText.load(path)


@pytest.mark.parametrize("kw", [dict(), dict(hs=1, negative=0, sg=1)])
def test_exported_model_is_trained_further_by_gensim(sentences, kw, tmp_path):
    ours = Word2Vec(sentences, vector_size=8, min_count=1, epochs=2, seed=2, **kw)
    theirs = ours.to_gensim()
    assert isinstance(theirs, GensimWord2Vec)
    assert theirs.wv.index_to_key == ours.wv.index_to_key
    assert np.array_equal(theirs.wv.vectors, ours.wv.vectors)
    if ours.hs:
        reference = GensimWord2Vec(vector_size=8, min_count=1, hs=1, negative=0)
        reference.build_vocab(sentences)
        assert reference.wv.index_to_key == theirs.wv.index_to_key
        for i in range(0, len(theirs.wv), 3):
            assert list(theirs.wv.get_vecattr(i, "code")) == \
                list(reference.wv.get_vecattr(i, "code"))
    before = theirs.wv.vectors.copy()
    theirs.train(sentences, total_examples=theirs.corpus_count, epochs=1)
    assert not np.array_equal(before, theirs.wv.vectors)
    assert np.isfinite(theirs.wv.vectors).all()
    theirs.build_vocab([["새말", "학교"]] * 5, update=True)  # gensim's own update works on it
    assert "새말" in theirs.wv
    theirs.save(str(tmp_path / "back.model"))
    assert Word2Vec.load(tmp_path / "back.model").wv.index_to_key == theirs.wv.index_to_key


@pytest.mark.parametrize("kw", [dict(subwords="char"), dict(subwords="jamo", sg=1),
                                dict(subwords="char", hs=1, negative=0)])
def test_exported_fasttext_is_trained_further_by_gensim(sentences, kw, tmp_path):
    from kow2v import FastText
    from kow2v.jamo import decompose

    ours = FastText(sentences, vector_size=8, min_count=1, epochs=2, seed=2, bucket=3000, **kw)
    theirs = ours.to_gensim()
    assert isinstance(theirs, GensimFastText)
    assert theirs.wv.index_to_key == ours.wv.index_to_key
    spell = decompose if ours.subwords == "jamo" else str
    for word in ("학교", "새로운말"):  # in the vocabulary, and built from n-grams alone
        np.testing.assert_allclose(theirs.wv[spell(word)], ours.wv[word], atol=1e-6)
    spelt = [[spell(w) for w in s] for s in sentences]
    before = theirs.wv.vectors.copy()
    theirs.train(spelt, total_examples=theirs.corpus_count, epochs=1)
    assert not np.array_equal(before, theirs.wv.vectors)
    assert np.isfinite(theirs.wv.vectors).all()
    theirs.build_vocab([[spell("새말"), spell("학교")]] * 5, update=True)
    assert spell("새말") in theirs.wv.key_to_index
    theirs.save(str(tmp_path / "back.model"))
    back = FastText.load(tmp_path / "back.model")  # gensim's file, read back by kow2v
    assert back.wv.index_to_key == theirs.wv.index_to_key


def test_rows_frozen_by_gensims_lockf_are_refused_not_trained(tmp_path, sentences):
    """gensim's recipe for frozen pretrained rows (vectors_lockf, then
    intersect_word2vec_format(lockf=0.0)) trained those rows in kow2v without a word."""
    from kow2v import FastText

    pretrained = GensimWord2Vec(sentences, vector_size=8, min_count=1, epochs=1, seed=9)
    path = tmp_path / "pre.txt"
    pretrained.wv.save_word2vec_format(str(path))
    for lockf in (0.0, 1.0):
        model = Word2Vec(vector_size=8, min_count=1, seed=1)
        model.build_vocab(sentences)
        model.wv.vectors_lockf = np.ones(len(model.wv), dtype=np.float32)
        model.wv.intersect_word2vec_format(str(path), lockf=lockf)
        assert np.array_equal(model.wv["학교"], pretrained.wv["학교"])
        if lockf == 0.0:
            with pytest.raises(Kow2vError, match=r"wv.vectors_lockf holds factors other than 1"):
                model.train(sentences, total_examples=len(sentences), epochs=1)
            assert np.array_equal(model.wv["학교"], pretrained.wv["학교"])  # nothing trained
        else:  # every factor 1: gensim's default, trained from the pretrained rows
            model.train(sentences, total_examples=len(sentences), epochs=1)
            assert not np.array_equal(model.wv["학교"], pretrained.wv["학교"])
    ft = FastText(sentences, vector_size=8, min_count=1, epochs=1, bucket=100)
    ft.wv.vectors_ngrams_lockf = np.zeros(100, dtype=np.float32)
    with pytest.raises(Kow2vError, match="wv.vectors_ngrams_lockf"):
        ft.train(sentences, total_examples=len(sentences), epochs=1)
