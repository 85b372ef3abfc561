"""Vector files a user was handed: loading never runs code, bad files get one-line errors in
bounded memory (kow2v.formats)."""

from __future__ import annotations

import gzip
import os
import pickle
import tracemalloc

import numpy as np
import pytest

from kow2v.cli import main
from kow2v.errors import VectorFormatError
from kow2v.keyedvectors import load_vectors, save_vectors, to_keyed_vectors

WORDS = ["학교", "공부", "영화", "배우", "감독"]


@pytest.fixture
def kv():
    rng = np.random.default_rng(0)
    return to_keyed_vectors(WORDS, rng.standard_normal((5, 4)).astype(np.float32),
                            counts=[5, 4, 3, 2, 1])


class Payload:
    """Unpickling this runs a shell command that creates a file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def assert_one_line_cli_error(capsys, argv, *fragments):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    assert err.startswith("kow2v: error:")
    for fragment in fragments:
        assert fragment in err, err
    return err


# -- .kv: an allow-list unpickler ----------------------------------------------------------------
def test_a_kv_pickle_that_would_run_a_command_is_refused_and_nothing_runs(tmp_path, capsys):
    marker = tmp_path / "planted"
    evil = tmp_path / "evil.kv"
    evil.write_bytes(pickle.dumps(Payload(marker)))
    with pytest.raises(VectorFormatError, match=r"names posix\.system.*nothing was executed"):
        load_vectors(evil)
    assert_one_line_cli_error(capsys, ["similar", str(evil), "가"], "evil.kv", "posix.system")
    assert_one_line_cli_error(capsys, ["evaluate", str(evil)], "posix.system")
    assert not marker.exists()
    # for contrast: gensim's own unpickling runs it
    import gensim.utils

    gensim.utils.unpickle(str(evil))
    assert marker.exists()


def test_a_real_keyedvectors_with_a_planted_attribute_is_refused(tmp_path, kv):
    marker = tmp_path / "planted"
    kv.planted = Payload(marker)
    path = tmp_path / "planted.kv"
    kv.save(str(path))
    with pytest.raises(VectorFormatError, match="posix.system"):
        load_vectors(path)
    assert not marker.exists()


def test_gensim_kv_files_load_with_their_side_arrays(tmp_path, kv):
    from gensim.models import FastText

    path = tmp_path / "split.kv"
    kv.save(str(path), sep_limit=1)  # vectors in split.kv.vectors.npy
    assert (tmp_path / "split.kv.vectors.npy").exists()
    loaded = load_vectors(path)
    assert loaded.index_to_key == WORDS and np.array_equal(loaded.vectors, kv.vectors)
    ft = FastText([WORDS * 3] * 10, vector_size=8, min_count=1, bucket=50, epochs=1).wv
    ft.save(str(tmp_path / "ft.kv"), sep_limit=1)
    loaded = load_vectors(tmp_path / "ft.kv")
    assert type(loaded).__name__ == "FastTextKeyedVectors"
    assert np.allclose(loaded["학교에서"], ft["학교에서"])  # out of vocabulary, by n-grams


def test_a_side_array_that_lies_about_its_size_is_refused(tmp_path, kv):
    path = tmp_path / "split.kv"
    kv.save(str(path), sep_limit=1)
    side = tmp_path / "split.kv.vectors.npy"
    side.write_bytes(side.read_bytes()[:-8])
    with pytest.raises(VectorFormatError, match="truncated or damaged"):
        load_vectors(path)
    side.unlink()
    with pytest.raises(VectorFormatError, match="missing"):
        load_vectors(path)


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"\x00junk that is not a pickle" * 10, "not a gensim .kv file"),
    (pickle.dumps({"a": 1}), "holds a dict"),
])
def test_junk_empty_and_foreign_kv_files(tmp_path, capsys, content, message):
    path = tmp_path / "bad.kv"
    path.write_bytes(content)
    assert_one_line_cli_error(capsys, ["similar", str(path), "학교"], message)


def test_a_truncated_kv_file(tmp_path, capsys, kv):
    path = tmp_path / "cut.kv"
    save_vectors(kv, path)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    assert_one_line_cli_error(capsys, ["similar", str(path), "학교"], "damaged")


# -- word2vec text and binary: bounded by the file ----------------------------------------------
def test_a_lying_header_is_refused_before_allocating(tmp_path, capsys):
    for suffix in (".bin", ".txt"):
        path = tmp_path / f"liar{suffix}"
        path.write_bytes(b"50000000 300\n")
        tracemalloc.start()
        with pytest.raises(VectorFormatError, match="promises 50,000,000 vectors"):
            load_vectors(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 1 << 20, peak  # gensim allocates 56 GiB here
        assert_one_line_cli_error(capsys, ["similar", str(path), "학교"], "promises")


def test_a_lying_header_in_a_compressed_file_reads_in_bounded_memory(tmp_path):
    path = tmp_path / "liar.bin.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"50000000 300\n" + "학교 ".encode() + np.ones(300, "<f4").tobytes())
    tracemalloc.start()
    with pytest.raises(VectorFormatError, match="ends inside vector 2"):
        load_vectors(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 << 20, peak  # one block of rows, not 50M rows


@pytest.mark.parametrize("dim", [10_000, 1_000_000])
def test_a_wide_header_in_a_compressed_file_reads_in_bounded_memory(tmp_path, capsys, dim):
    # a block of rows is sized in bytes: 65,536 rows of 10,000 floats would be 2.4 GiB, of a
    # million 244 GiB (NumPy's bare MemoryError), promised by a file of a few kilobytes
    path = tmp_path / "wide.bin.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(f"100000 {dim}\n".encode() + "학교 ".encode() + np.ones(dim, "<f4").tobytes())
    tracemalloc.start()
    with pytest.raises(VectorFormatError, match="ends inside vector 2"):
        load_vectors(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 << 20, peak
    assert_one_line_cli_error(capsys, ["similar", str(path), "학교"], "ends inside vector 2")


@pytest.mark.parametrize("body, message", [
    ("2 3\n학교 0.1000 0.2000 0.3000\n", "ends after 1"),
    ("2 3\n학교 1 2 3\n공부 1 2\n", "has 2 values, the header says 3"),
    ("2 3\n학교 1 2 3\n공부 1 둘 3\n", "'둘' is not a number"),
    ("2 3\n학교 1 2 3\n공부 1 nan 3\n", "NaN or infinite"),
    ("학교 1 2 3\n", "not a word2vec header"),
    ("", "is empty"),
])
def test_broken_text_files(tmp_path, capsys, body, message):
    path = tmp_path / "v.txt"
    path.write_text(body, encoding="utf-8")
    assert_one_line_cli_error(capsys, ["similar", str(path), "학교"], message)


def test_broken_binary_files(tmp_path, capsys):
    row = "학교 ".encode() + np.ones(3, "<f4").tobytes()
    path = tmp_path / "v.bin"
    path.write_bytes(b"2 3\n" + row + "공부 ".encode() + np.ones(2, "<f4").tobytes())
    assert_one_line_cli_error(capsys, ["similar", str(path), "학교"], "promises")
    path.write_bytes(b"2 3\n" + row + row[:5] + b"\n" * 20)
    assert_one_line_cli_error(capsys, ["similar", str(path), "학교"], "ends inside vector 2")
    path.write_bytes(b"1 3\n" + row[:5] + b"x" * (len(row) - 5))  # no space after the key
    assert_one_line_cli_error(capsys, ["similar", str(path), "학교"], "ends inside vector 1")


def test_an_undecodable_binary_key_names_the_option_that_decodes_it(tmp_path, capsys):
    cut = "학교".encode()[:4]  # word2vec.c cuts long keys inside a UTF-8 character
    path = tmp_path / "cut.bin"
    path.write_bytes(b"2 2\n" + "공부 ".encode() + np.ones(2, "<f4").tobytes()
                     + cut + b" " + np.full(2, 0.5, "<f4").tobytes())
    assert_one_line_cli_error(capsys, ["similar", str(path), "공부"], "row 2",
                              "--unicode-errors replace")
    kv = load_vectors(path, unicode_errors="replace")
    assert kv.index_to_key == ["공부", "학\ufffd"]
    assert main(["similar", str(path), "공부", "--unicode-errors", "replace"]) == 0


def test_a_directory_and_a_missing_file(tmp_path, capsys):
    folder = tmp_path / "v.bin"
    folder.mkdir()
    assert_one_line_cli_error(capsys, ["similar", str(folder), "학교"], "is a directory")
    assert_one_line_cli_error(capsys, ["similar", str(tmp_path / "none.kv"), "학교"],
                              "no such file")


def test_word2vec_files_match_gensim_and_keep_the_first_of_a_repeated_key(tmp_path, kv):
    from gensim.models import KeyedVectors

    for binary, suffix in ((True, ".bin"), (False, ".txt"), (True, ".bin.gz")):
        path = tmp_path / f"v{suffix}"
        kv.save_word2vec_format(str(path), binary=binary)
        ours = load_vectors(path)
        theirs = KeyedVectors.load_word2vec_format(str(path), binary=binary)
        assert ours.index_to_key == theirs.index_to_key
        assert np.array_equal(ours.vectors, theirs.vectors)
        assert [ours.get_vecattr(w, "count") for w in WORDS] == [
            theirs.get_vecattr(w, "count") for w in WORDS]
    path = tmp_path / "dup.txt"
    path.write_text("3 2\n학교 1 2\n공부 3 4\n학교 5 6\n", encoding="utf-8")
    dup = load_vectors(path)
    assert dup.index_to_key == ["학교", "공부"] and dup["학교"].tolist() == [1, 2]


def test_counts_set_at_once_equal_gensims_word_by_word():
    from gensim.models import KeyedVectors

    from kow2v.formats.build import set_counts

    words, counts = ["학교", "에서", "공부"], [7, 5, 2]
    ours = to_keyed_vectors(words, np.eye(3, dtype=np.float32), counts)
    theirs = KeyedVectors(vector_size=3, count=0)
    theirs.add_vectors(words, np.eye(3, dtype=np.float32))
    for word, n in zip(words, counts, strict=True):
        theirs.set_vecattr(word, "count", n)
    assert ours.expandos.keys() == theirs.expandos.keys()
    assert ours.expandos["count"].dtype == theirs.expandos["count"].dtype
    assert np.array_equal(ours.expandos["count"], theirs.expandos["count"])
    with pytest.raises(ValueError, match="2 counts for 3 words"):
        set_counts(ours, [1, 2])


def test_whole_model_files_give_their_vectors(tmp_path, capsys):
    """`kow2v similar model.npz ...` (or a gensim `.model`) said 'cannot tell the format from
    the suffix': a model file is now read as its model's load reads it, and gives its wv."""
    from gensim.models import FastText as GensimFastText
    from gensim.models import Word2Vec as GensimWord2Vec

    from kow2v import FastText, Word2Vec
    from kow2v.any_vectors import load_any
    from tests.test_word2vec import topic_corpus

    sentences = topic_corpus(200)[0]
    models = {
        "w2v.npz": Word2Vec(sentences, vector_size=8, min_count=1, epochs=1, seed=1),
        "ft.anything": FastText(sentences, vector_size=8, min_count=1, epochs=1, bucket=500),
        "g.model": GensimWord2Vec(sentences, vector_size=8, min_count=1, epochs=1),
        "gft.model": GensimFastText(sentences, vector_size=8, min_count=1, epochs=1,
                                    bucket=500),
    }
    for name, model in models.items():
        path = tmp_path / name
        model.save(str(path) if "model" in name else path)
        kv = load_any(path)
        np.testing.assert_allclose(kv["학교"], model.wv["학교"], atol=1e-6)
        assert main(["similar", str(path), "학교", "-n", "2"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == 2
