from __future__ import annotations

import bz2
import gzip

import pytest

from kow2v.corpus import (
    LineCorpus,
    TokenizedCorpus,
    detect_encoding,
    write_line_sentences,
)
from kow2v.errors import CorpusError

TEXT = "학교에서 공부를 했다\n\n   \n영화가 정말 재미있었어요  \n"
LINES = ["학교에서 공부를 했다", "영화가 정말 재미있었어요"]


def test_utf8_with_and_without_bom(tmp_path):
    plain, bom = tmp_path / "a.txt", tmp_path / "b.txt"
    plain.write_bytes(TEXT.encode("utf-8"))
    bom.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert list(LineCorpus(plain)) == LINES
    assert list(LineCorpus(bom)) == LINES


def test_gz_bz2_and_directories_in_sorted_order(tmp_path):
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress("둘째\n".encode()))
    (tmp_path / "a.txt.bz2").write_bytes(bz2.compress("첫째\n".encode()))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("셋째\n", encoding="utf-8")
    (tmp_path / ".hidden").write_text("숨김\n", encoding="utf-8")
    corpus = LineCorpus(tmp_path)
    assert list(corpus) == ["첫째", "둘째", "셋째"]
    assert list(corpus) == ["첫째", "둘째", "셋째"]  # re-iterable, not a generator


def test_cp949_is_detected_or_chosen(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(TEXT.encode("cp949"))
    assert detect_encoding(path) == "cp949"
    assert list(LineCorpus(path, encoding="auto")) == LINES
    assert list(LineCorpus(path, encoding="euc-kr")) == LINES
    assert list(LineCorpus(path, encoding="cp949")) == LINES


def test_undecodable_byte_names_file_line_and_offset(tmp_path):
    path = tmp_path / "bad.txt"
    good = "첫 줄\n".encode()
    path.write_bytes(good + "둘째 줄".encode("cp949") + b"\n")
    with pytest.raises(CorpusError) as info:
        list(LineCorpus(path))
    message = str(info.value)
    assert "bad.txt: line 2, byte offset 8" in message and "--encoding cp949" in message
    replaced = list(LineCorpus(path, errors="replace"))
    assert replaced[0] == "첫 줄" and "\ufffd" in replaced[1]


def test_unknown_encoding_and_missing_path(tmp_path):
    with pytest.raises(CorpusError, match="unknown encoding"):
        LineCorpus(__file__, encoding="klingon")
    with pytest.raises(CorpusError, match="no such file"):
        LineCorpus(tmp_path / "missing.txt")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="holds no files"):
        LineCorpus(tmp_path / "empty")


def test_very_long_line(tmp_path):
    path = tmp_path / "long.txt"
    long_line = "가나다 " * 200_000
    path.write_text(long_line + "\n짧은 줄\n", encoding="utf-8")
    lines = list(LineCorpus(path))
    assert len(lines) == 2 and len(lines[0].split()) == 200_000


def test_write_line_sentences_round_trip(tmp_path):
    out = tmp_path / "tok.txt"
    sentences = [["학교", "에서"], [], ["영화", "가", "좋다"]]
    assert write_line_sentences(out, sentences) == (2, 5)
    assert out.read_text(encoding="utf-8") == "학교 에서\n영화 가 좋다\n"
    assert list(TokenizedCorpus(out)) == [["학교", "에서"], ["영화", "가", "좋다"]]


def test_write_refuses_tokens_with_whitespace_and_leaves_no_file(tmp_path):
    out = tmp_path / "tok.txt"
    with pytest.raises(CorpusError, match="'소노 시온'"):
        write_line_sentences(out, [["좋다"], ["소노 시온"]])
    assert list(tmp_path.iterdir()) == []


def test_empty_corpus_keeps_an_earlier_file(tmp_path):
    out = tmp_path / "tok.txt"
    out.write_text("이전 결과\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="empty"):
        write_line_sentences(out, [[], []])
    assert out.read_text(encoding="utf-8") == "이전 결과\n"
    assert list(tmp_path.iterdir()) == [out]


def test_interrupted_write_leaves_nothing(tmp_path):
    out = tmp_path / "tok.txt"

    def sentences():
        yield ["가"]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_line_sentences(out, sentences())
    assert list(tmp_path.iterdir()) == []
