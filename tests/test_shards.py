"""Sharded tokenized corpora: byte-identical to the single file, read in order by kow2v and
gensim, resumed after an interruption, refused while incomplete."""

from __future__ import annotations

import json

import pytest
from gensim.models.word2vec import PathLineSentences

from kow2v.corpus import LineCorpus, TokenizedCorpus
from kow2v.errors import CorpusError
from kow2v.tokenize import tokenize_to_file, tokenize_to_shards
from kow2v.tokenizers.whitespace import WhitespaceTokenizer


def _corpus(tmp_path, n=250):
    src = tmp_path / "in.txt"
    src.write_text("".join(f"문장 {i} 학교 에서 공부 {'!' * (i % 3)}\n" if i % 17 else "\n"
                           for i in range(n)), encoding="utf-8")
    return LineCorpus(src)


class Counting(WhitespaceTokenizer):
    """Whitespace that counts its lines and can fail on one marked line."""

    calls = 0

    def tokenize(self, text):
        type(self).calls += 1
        return super().tokenize(text)


def test_shards_concatenate_to_the_single_file_and_read_in_order(tmp_path):
    corpus = _corpus(tmp_path)
    tokenize_to_file(corpus, WhitespaceTokenizer(), tmp_path / "one.txt")
    root = tmp_path / "sharded"
    stats = tokenize_to_shards(corpus, WhitespaceTokenizer(), root, shard_lines=40, workers=2)
    shards = sorted((root / "shards").iterdir())
    assert len(shards) == 6  # 235 non-blank lines in blocks of 40
    assert b"".join(p.read_bytes() for p in shards) == (tmp_path / "one.txt").read_bytes()
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest["complete"] and manifest["lines"] == stats.lines == 235
    assert [s["first_line"] for s in manifest["shards"]] == [1, 41, 81, 121, 161, 201]
    assert sum(s["tokens"] for s in manifest["shards"]) == stats.tokens
    expected = list(TokenizedCorpus(tmp_path / "one.txt"))
    assert list(TokenizedCorpus(root)) == expected  # kow2v: the manifest's order
    assert list(PathLineSentences(str(root / "shards"))) == expected  # gensim
    assert list(LineCorpus(root)) == list(LineCorpus(tmp_path / "one.txt"))  # kow2v train


def test_a_rerun_redoes_only_what_is_missing_or_damaged(tmp_path):
    corpus = _corpus(tmp_path)
    root = tmp_path / "sharded"
    tokenize_to_shards(corpus, Counting(), root, shard_lines=40)
    before = {p.name: p.read_bytes() for p in (root / "shards").iterdir()}
    (root / "shards" / "00002.txt").unlink()  # as if the run had stopped there
    (root / "shards" / "00004.txt").write_text("damaged\n", encoding="utf-8")
    Counting.calls = 0
    tokenize_to_shards(corpus, Counting(), root, shard_lines=40)
    assert Counting.calls == 80  # two shards of 40 lines, nothing else
    assert {p.name: p.read_bytes() for p in (root / "shards").iterdir()} == before
    Counting.calls = 0
    tokenize_to_shards(corpus, Counting(), root, shard_lines=50)  # other settings: all again
    assert Counting.calls == 235 and len(list((root / "shards").iterdir())) == 5


def test_an_incomplete_set_is_refused_and_a_foreign_directory_kept(tmp_path):
    corpus = _corpus(tmp_path)
    root = tmp_path / "sharded"
    tokenize_to_shards(corpus, WhitespaceTokenizer(), root, shard_lines=40)
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["complete"] = False
    (root / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CorpusError, match="incomplete.*run the same kow2v tokenize"):
        list(TokenizedCorpus(root))
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(CorpusError, match="not a kow2v shard directory"):
        tokenize_to_shards(corpus, WhitespaceTokenizer(), other, shard_lines=40)
    assert (other / "notes.txt").read_text() == "keep me"
