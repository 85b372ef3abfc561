"""Property-based tests (Hypothesis) of the readers and writers on arbitrary text and bytes."""

from __future__ import annotations

import bz2
import codecs
import gzip
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kow2v.corpus import LineCorpus, TokenizedCorpus, breaks_line, write_line_sentences
from kow2v.errors import CorpusError, VectorFormatError
from kow2v.keyedvectors import load_vectors, save_vectors, to_keyed_vectors

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
COMPAT_JAMO = st.characters(min_codepoint=0x3131, max_codepoint=0x3163)
CONJOINING_JAMO = st.characters(min_codepoint=0x1100, max_codepoint=0x11FF)
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
AWKWARD = st.sampled_from(["\x00", "\x01", "\x1f", "\x7f", "\u2028", "\u2029", "\x85", "\t",
                           "\u3000", "\u200b", "\ufeff", " "])
CHARS = st.one_of(HANGUL, COMPAT_JAMO, CONJOINING_JAMO, EMOJI, AWKWARD,
                  st.characters(codec="utf-8", exclude_characters="\r\n"))
LINES = st.lists(st.text(CHARS, max_size=40), max_size=30)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Hypothesis runs each test ~150 times; each example's directory goes under pytest's
    # temporary root, which pytest prunes (it keeps the last 3 runs), not straight in /tmp
    return tmp_path_factory.mktemp("properties")


def _tmp(root: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix="example-", dir=root))


def expected_lines(lines: list[str]) -> list[str]:
    """What LineCorpus promises: each line stripped, blank ones skipped."""
    return [s for s in (line.strip() for line in lines) if s]


@SETTINGS
@given(lines=LINES, ending=ENDINGS, bom=st.booleans(), last_ending=st.booleans())
def test_the_corpus_reader_neither_loses_nor_invents_a_line(root, lines, ending, bom, last_ending):
    text = ending.join(lines) + (ending if last_ending and lines else "")
    path = _tmp(root) / "c.txt"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    if not bom and lines and lines[0].startswith("\ufeff"):  # a BOM after all
        lines = [lines[0][1:], *lines[1:]]
    assert list(LineCorpus(path)) == expected_lines(lines)


@SETTINGS
@given(lines=st.lists(st.text(st.one_of(HANGUL, st.characters(codec="ascii",
                                                               exclude_characters="\r\n")),
                                max_size=40), max_size=30))
def test_cp949_text_reads_back_with_auto_detection(root, lines):
    path = _tmp(root) / "c.txt"
    path.write_bytes("\n".join(lines).encode("cp949"))
    assert list(LineCorpus(path, encoding="auto")) == expected_lines(lines)
    assert list(LineCorpus(path, encoding="cp949")) == expected_lines(lines)


@SETTINGS
@given(lines=st.lists(st.text(CHARS, min_size=1, max_size=30), min_size=1, max_size=40),
       compressor=st.sampled_from(["gz", "bz2"]), cut=st.floats(0, 1))
def test_a_compressed_stream_cut_anywhere_gives_a_prefix_then_a_clear_error(root, lines,
                                                                            compressor, cut):
    text = "\n".join(lines) + "\n"
    data = (gzip.compress if compressor == "gz" else bz2.compress)(text.encode("utf-8"))
    path = _tmp(root) / f"c.txt.{compressor}"
    path.write_bytes(data[: int(len(data) * cut)])
    got: list[str] = []
    try:
        for line in LineCorpus(path):
            got.append(line)
    except CorpusError as exc:
        assert str(path) in str(exc)
    else:
        assert cut == 1 or len(data[: int(len(data) * cut)]) == 0
    full = expected_lines(text.split("\n"))
    assert got == full[: len(got)]  # never an invented or a partial line


@SETTINGS
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_are_read_or_refused_with_file_line_and_offset(root, data):
    path = _tmp(root) / "c.txt"
    path.write_bytes(data)
    try:
        text = codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError:
        with pytest.raises(CorpusError, match=r"line \d+, byte offset \d+"):
            list(LineCorpus(path))
        return
    assert list(LineCorpus(path)) == expected_lines(text.replace("\r\n", "\n")
                                                    .replace("\r", "\n").split("\n"))


TOKENS = st.text(CHARS, min_size=1, max_size=12)


@SETTINGS
@given(sentences=st.lists(st.lists(TOKENS, max_size=10), max_size=20))
def test_tokenized_output_round_trips_or_is_refused(root, sentences):
    path = _tmp(root) / "t.txt"
    writable = all(not breaks_line(t) for s in sentences for t in s)
    kept = [s for s in sentences if s]
    if not writable:
        with pytest.raises(CorpusError, match="whitespace"):
            write_line_sentences(path, sentences)
        assert not path.exists()
        return
    if not kept:
        with pytest.raises(CorpusError):
            write_line_sentences(path, sentences)
        return
    assert write_line_sentences(path, sentences) == (len(kept), sum(map(len, kept)))
    assert list(TokenizedCorpus(path)) == kept


KEYS = st.text(st.one_of(CHARS, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
               min_size=1, max_size=10)


@SETTINGS
@given(keys=st.lists(KEYS, min_size=1, max_size=12, unique=True),
       suffix=st.sampled_from([".kv", ".bin", ".txt", ".bin.gz"]), seed=st.integers(0, 9))
def test_saved_vectors_load_back_equal_or_the_writer_refuses(root, keys, suffix, seed):
    vectors = np.random.default_rng(seed).standard_normal((len(keys), 3)).astype(np.float32)
    kv = to_keyed_vectors(keys, vectors)
    path = _tmp(root) / f"v{suffix}"
    word2vec = suffix != ".kv"

    def refused(key: str) -> bool:
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return breaks_line(key)

    if word2vec and any(refused(k) for k in keys):
        with pytest.raises(VectorFormatError):
            save_vectors(kv, path)
        assert not path.exists() and not list(path.parent.iterdir())
        return
    save_vectors(kv, path)
    loaded = load_vectors(path)
    assert loaded.index_to_key == keys
    assert np.array_equal(loaded.vectors, vectors)


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".kv", ".bin", ".txt"]))
def test_arbitrary_bytes_as_a_vector_file_are_a_vector_format_error(root, data, suffix):
    assume(not data.startswith(b"\x80"))  # a pickle: covered by the allow-list tests
    path = _tmp(root) / f"v{suffix}"
    path.write_bytes(data)
    try:
        kv = load_vectors(path)
    except VectorFormatError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
    else:
        assert kv.vectors.shape[0] == len(kv.index_to_key)
