from __future__ import annotations

import pytest

from kow2v.cli import main
from tests.conftest import ROOT


@pytest.mark.slow
def test_train_then_similar(tmp_path, capsys):
    out = tmp_path / "vec.bin"
    corpus = ROOT / "kow2v" / "data" / "nsmc-sample.txt.gz"
    assert main(["-q", "train", str(corpus), "-t", "whitespace", "--epochs", "2",
                 "--vector-size", "32", "-o", str(out)]) == 0
    assert out.exists()
    captured = capsys.readouterr()
    assert "vectors of 32 dimensions" in captured.out and "epoch 2: loss" in captured.err
    assert main(["similar", str(out), "영화", "-n", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and all(len(line.split()) == 2 for line in lines)
    import unicodedata  # pasted in NFD (macOS), the word prints alike and had no vector
    assert main(["similar", str(out), unicodedata.normalize("NFD", "영화"), "-n", "3"]) == 0
    assert capsys.readouterr().out.strip().splitlines() == lines
    assert main(["similar", str(out), "없는단어xyz"]) == 2
    assert "not in the vocabulary" in capsys.readouterr().err


def test_interrupted_training_leaves_no_vectors(tmp_path, capsys, monkeypatch):
    from kow2v.fast.engine import Engine

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Engine, "train_epoch", interrupted)
    src = tmp_path / "in.txt"
    src.write_text("학교 에 간다\n" * 50, encoding="utf-8")
    out = tmp_path / "vec.kv"
    assert main(["-q", "train", str(src), "--min-count", "1", "-o", str(out)]) == 130
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


def test_train_errors_are_one_line(tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text("학교 에 간다\n", encoding="utf-8")
    assert main(["-q", "train", str(src), "-o", str(tmp_path / "v.txt")]) == 2
    assert "min_count=5 removed every word" in capsys.readouterr().err
    assert main(["-q", "train", str(src), "-o", str(tmp_path / "v.zip")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err


def test_resume_goes_on_training_a_saved_model_on_new_text(tmp_path, capsys):
    from kow2v import Word2Vec

    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("학교 에서 공부 를 한다\n영화 를 극장 에서 본다\n" * 40, encoding="utf-8")
    new.write_text("학교 에서 새말 을 배운다\n극장 에서 신작 을 본다\n" * 40, encoding="utf-8")
    first, second = tmp_path / "m1.npz", tmp_path / "m2.npz"
    args = ["-q", "train", "-t", "whitespace", "--vector-size", "8", "--min-count", "2"]
    assert main([*args[:2], str(old), *args[2:], "-o", str(tmp_path / "v1.kv"),
                 "--save-model", str(first)]) == 0
    assert main([*args[:2], str(new), *args[2:], "--epochs", "2", "--resume", str(first),
                 "-o", str(tmp_path / "v2.kv"), "--save-model", str(second)]) == 0
    before, after = Word2Vec.load(first), Word2Vec.load(second)
    assert after.wv.index_to_key[:len(before.wv)] == before.wv.index_to_key  # old words first
    assert {"새말", "신작"} <= set(after.wv.index_to_key[len(before.wv):])
    assert after.vocab.counts[after.wv.key_to_index["학교"]] == 80  # 40 + 40
    assert after.epochs == 2 and after.vector_size == 8
    assert "epoch 2: loss" in capsys.readouterr().err
    # refused, one line each, nothing written: a reshaping setting, its own input as output
    assert main([*args[:2], str(new), *args[2:4], "--vector-size", "16", "--resume", str(first),
                 "-o", str(tmp_path / "v3.kv")]) == 2
    assert "shapes its weights" in capsys.readouterr().err
    assert main([*args[:2], str(new), *args[2:], "--resume", str(first), "-o",
                 str(tmp_path / "v4.kv"), "--save-model", str(first)]) == 2
    assert not (tmp_path / "v3.kv").exists() and not (tmp_path / "v4.kv").exists()


def test_resume_a_fasttext_model_and_refuse_the_other_kind(tmp_path, capsys):
    from kow2v import FastText

    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("학교 에서 공부 를 한다\n영화 를 극장 에서 본다\n" * 40, encoding="utf-8")
    new.write_text("학교 에서 새말 을 배운다\n극장 에서 신작 을 본다\n" * 40, encoding="utf-8")
    first, second = tmp_path / "f1.npz", tmp_path / "f2.npz"
    args = ["-q", "train", "-t", "whitespace", "--model", "fasttext", "--vector-size", "8",
            "--min-count", "2", "--bucket", "1000"]
    assert main([*args[:2], str(old), *args[2:], "-o", str(tmp_path / "f1.kv"),
                 "--save-model", str(first)]) == 0
    assert main([*args[:2], str(new), *args[2:], "--epochs", "2", "--resume", str(first),
                 "-o", str(tmp_path / "f2.bin"), "--save-model", str(second)]) == 0
    before, after = FastText.load(first), FastText.load(second)
    n = len(before.wv)
    assert after.wv.index_to_key[:n] == before.wv.index_to_key
    assert {"새말", "신작"} <= set(after.surface.index_to_key[n:])
    assert "epoch 2: loss" in capsys.readouterr().err
    # a word2vec resume of a fastText model file: one line naming what the file holds
    assert main(["-q", "train", "-t", "whitespace", str(new), "--resume", str(first), "-o",
                 str(tmp_path / "w.kv")]) == 2
    assert "not a Word2Vec model file (it holds a kow2v-fasttext-1)" in capsys.readouterr().err


def test_an_empty_corpus_names_the_users_files_not_a_temporary_one(tmp_path, capsys):
    src, out = tmp_path / "blank.txt", tmp_path / "v.kv"
    src.write_text("\n  \n\n", encoding="utf-8")
    assert main(["-q", "train", str(src), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{src}: the corpus gave no tokens (0 non-blank lines read)" in err
    assert f"nothing was written to {out}" in err and "tokens.txt" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blank.txt"]
    assert main(["-q", "compare", str(src), "-t", "whitespace", "-o", str(tmp_path / "r"),
                 "--cache-dir", str(tmp_path / "cache")]) == 2
    err = capsys.readouterr().err
    assert f"{src}: whitespace gave no tokens (0 non-blank lines read)" in err
    assert ".kow2v-cache" not in err


def test_verbosity_options_work_before_and_after_the_command():
    from kow2v.cli.app import build_parser

    parser = build_parser()

    def given(*argv: str) -> tuple[int, bool]:
        args = parser.parse_args(argv)
        return args.verbose, args.quiet

    assert given("train", "in.txt", "-o", "v.kv") == (0, False)
    assert given("-q", "train", "in.txt", "-o", "v.kv") == (0, True)
    assert given("train", "in.txt", "-o", "v.kv", "-q") == (0, True)
    assert given("-vv", "similar", "v.kv", "영화") == (2, False)
    assert given("similar", "v.kv", "영화", "-vv") == (2, False)
    assert given("-q", "evaluate", "v.kv", "-v") == (1, True)
