"""kow2v as an installed package: its data found in every kind of install, no stray warnings,
one version, advice when the corpus is too small for the settings."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_bundled_files_are_found_and_listed():
    from kow2v.bundled import bundled, bundled_names
    from kow2v.errors import CorpusError

    assert bundled_names() == ["constitution.txt", "eval/ko_analogies.txt",
                               "eval/ko_similarity.tsv", "eval/nsmc_sentiment_test.tsv.gz",
                               "eval/nsmc_sentiment_train.tsv.gz", "nsmc-sample.txt.gz"]
    assert all(bundled(n).is_file() for n in bundled_names())
    with pytest.raises(CorpusError, match="nsmc-sample.txt.gz"):  # names what there is
        bundled("nope.txt")


def test_the_data_is_found_from_a_zip_import(tmp_path):
    archive = tmp_path / "kow2v.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (ROOT / "kow2v").rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                zf.write(path, path.relative_to(ROOT).as_posix())
    code = ("import kow2v, sys; from kow2v.bundled import bundled; "
            "from kow2v.corpus import LineCorpus; "
            "assert kow2v.__file__.startswith(sys.argv[1]), kow2v.__file__; "
            "p = bundled('nsmc-sample.txt.gz'); print(p.exists(), len(list(LineCorpus(p))))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(archive)
    out = subprocess.run([sys.executable, "-c", code, str(archive)], capture_output=True,
                         text=True, cwd=tmp_path, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "11131"]


def test_one_version_everywhere():
    import kow2v
    from kow2v.cli import main

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {kow2v.__version__} " in changelog
    with pytest.raises(SystemExit):
        main(["--version"])
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = { attr = "kow2v.__version__" }' in pyproject


@pytest.mark.slow
@pytest.mark.plot
@pytest.mark.mecab
def test_plain_runs_print_no_warning(tmp_path):
    """train, similar, evaluate and compare as a user runs them, with Python warnings as
    errors: nothing the user did not cause is printed (settings the corpus can carry: 20
    epochs of mecab tokens, so the advice about too little text has no reason to speak; the
    quick demo's two epochs are a smoke run by design, so it leaves the advice out)."""
    from tests.conftest import require_tokenizer

    require_tokenizer("mecab")
    sample = ROOT / "kow2v" / "data" / "nsmc-sample.txt.gz"
    python = [sys.executable, "-W", "error", "-m", "kow2v"]
    enough = ["-t", "mecab", "--epochs", "20", "--min-count", "3"]
    runs = [["-q", "train", str(sample), *enough, "-o", "v.bin"],
            ["similar", "v.bin", "영화", "-n", "3"],
            ["evaluate", "v.bin", "-t", "mecab"],
            ["-q", "train", str(sample), *enough, "--model", "fasttext", "--bucket", "20000",
             "-o", "f.kv"],
            ["similar", "f.kv", "학굣길"],
            ["evaluate", "f.kv"],
            ["-q", "compare", str(sample), *enough[2:], "-t", "mecab", "--trainers",
             "kow2v,gensim,kow2v-fasttext,gensim-fasttext", "--bucket", "20000", "-o",
             "report"],
            ["-q", "demo", "--quick", "-o", "demo-report"]]  # undertrained, and says so once
    for args in runs:
        out = subprocess.run(python + args, capture_output=True, text=True, cwd=tmp_path,
                             timeout=600)
        assert out.returncode == 0, (args, out.stderr[-2000:])
        for stream in (out.stdout, out.stderr):
            assert "warning" not in stream.lower(), (args, stream[-2000:])


@pytest.mark.slow
def test_too_little_text_for_the_settings_says_what_to_change(caplog):
    import logging

    from kow2v import Word2Vec
    from kow2v.corpus import TokenizedCorpus

    sentences = TokenizedCorpus(ROOT / "kow2v" / "data" / "nsmc-sample.txt.gz")
    with caplog.at_level(logging.WARNING, logger="kow2v"):
        Word2Vec(sentences, min_count=5, epochs=5, seed=1)  # the example
    advice = [r.getMessage() for r in caplog.records if "moved apart" in r.getMessage()]
    assert len(advice) == 1 and "more epochs" in advice[0] and "85665 tokens" in advice[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="kow2v"):
        Word2Vec(sentences, min_count=3, epochs=40, sg=1, seed=1)  # mean cosine about 0.4
    assert not [r for r in caplog.records if "moved apart" in r.getMessage()]


def test_the_checkout_needs_no_install_for_the_data(tmp_path):
    code = "from kow2v.bundled import bundled; print(bundled('eval/ko_similarity.tsv'))"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=60)
    assert out.returncode == 0 and Path(out.stdout.strip()).is_file(), out.stderr
