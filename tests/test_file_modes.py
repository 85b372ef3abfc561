"""Every file kow2v writes gets the mode the user's umask gives (0644 under umask 022), or
keeps the mode of the file it replaces; the atomic write's private temporary file never shows."""

from __future__ import annotations

import os
import stat

import numpy as np
import pytest

from kow2v.cli import main


@pytest.fixture(params=[0o022, 0o027])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_atomic_writes_follow_the_umask_and_keep_a_replaced_files_mode(tmp_path, umask):
    from kow2v.atomic import atomic_open, current_umask

    assert current_umask() == umask
    target = tmp_path / "out.txt"
    with atomic_open(target) as fh:
        fh.write("가")
    assert mode(target) == 0o666 & ~umask
    os.chmod(target, 0o600)  # the user made it private: replacing it keeps that
    with atomic_open(target) as fh:
        fh.write("나")
    assert mode(target) == 0o600 and target.read_text(encoding="utf-8") == "나"


@pytest.mark.plot
def test_every_output_of_the_commands_follows_the_umask(tmp_path, umask):
    from kow2v.word2vec import Word2Vec

    expected = 0o666 & ~umask
    corpus = tmp_path / "c.txt"
    rng = np.random.default_rng(0)
    words = ["학교", "공부", "영화", "배우", "감독", "시험", "극장", "장면"]
    corpus.write_text("\n".join(" ".join(rng.choice(words, 6)) for _ in range(300)) + "\n",
                      encoding="utf-8")
    written = []
    tokens = tmp_path / "tokens.txt"
    assert main(["-q", "tokenize", str(corpus), "-t", "whitespace", "-o", str(tokens)]) == 0
    written.append(tokens)
    for suffix in (".kv", ".bin", ".txt"):
        out = tmp_path / f"vectors{suffix}"
        args = ["-q", "train", str(corpus), "-t", "whitespace", "--min-count", "1",
                "--epochs", "1", "--vector-size", "8", "-o", str(out)]
        if suffix == ".kv":
            args += ["--save-model", str(tmp_path / "model.npz")]
            written.append(tmp_path / "model.npz")
        assert main(args) == 0
        written.append(out)
    model = Word2Vec([["학교", "공부"]] * 20, vector_size=4, min_count=1, epochs=1)
    model.save(tmp_path / "api-model.npz")
    written.append(tmp_path / "api-model.npz")
    report = tmp_path / "report"
    ana = tmp_path / "a.txt"
    ana.write_text(": s\n학교 공부 영화 배우\n", encoding="utf-8")
    sim = tmp_path / "s.tsv"
    sim.write_text("학교\t공부\t8\n영화\t배우\t7\n학교\t영화\t1\n", encoding="utf-8")
    assert main(["-q", "compare", str(corpus), "-t", "whitespace,soynlp-ltokenizer",
                 "--epochs", "1", "--min-count", "1", "--vector-size", "8", "--trainers",
                 "kow2v", "--analogies", str(ana), "--similarity", str(sim),
                 "--no-default-sets", "-o", str(report), "--cache-dir",
                 str(tmp_path / "cache")]) == 0
    written += [p for p in report.iterdir() if p.is_file()]
    written += [p for p in (tmp_path / "cache").iterdir() if p.suffix != ".lock"]
    assert {p.suffix for p in written} >= {".txt", ".kv", ".bin", ".npz", ".md", ".json",
                                           ".png"}
    assert any(p.name.endswith(".scores.json") for p in written)  # soynlp's learned model
    wrong = {p.name: oct(mode(p)) for p in written if mode(p) != expected}
    assert not wrong, (oct(expected), wrong)
    assert not list(tmp_path.rglob("*.part"))
