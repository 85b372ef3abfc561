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
