"""A report read back from its report.json, and `kow2v compare --add` (more tokenizers added to
an earlier report of the same corpus and settings)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from kow2v.cli import main
from kow2v.compare import run_compare
from kow2v.comparison_json import add_runs, load_comparison
from kow2v.errors import Kow2vError
from kow2v.report import write_report
from tests.test_report import small, with_probe  # noqa: F401  (small: a fixture)


@pytest.mark.classify
def test_a_report_read_back_writes_the_same_report(small, tmp_path):  # noqa: F811
    corpus, cfg = small
    cfg = with_probe(cfg, tmp_path)
    first = tmp_path / "first"
    md = write_report(run_compare(corpus, cfg), first, command="kow2v compare c.txt",
                      figures=False).read_text(encoding="utf-8")
    again = load_comparison(first / "report.json")
    assert again.commands == ["kow2v compare c.txt"] and not again.vectors
    second = tmp_path / "second"
    assert write_report(again, second, figures=False).read_text(encoding="utf-8") == md
    assert json.loads((second / "report.json").read_text(encoding="utf-8")) == \
        json.loads((first / "report.json").read_text(encoding="utf-8"))


@pytest.mark.classify
def test_runs_added_to_a_report_keep_the_earlier_ones_and_their_order(small, tmp_path):  # noqa: F811
    corpus, cfg = small
    cfg = with_probe(cfg, tmp_path)
    cfg.tokenizers = ["whitespace"]
    write_report(run_compare(corpus, cfg), tmp_path / "r", command="one", figures=False)
    earlier = load_comparison(tmp_path / "r" / "report.json")
    cfg.tokenizers = ["soynlp-regex"]
    later = run_compare(corpus, cfg)
    merged = add_runs(earlier, later)
    assert merged.config.tokenizers == ["whitespace", "soynlp-regex"]
    assert list(merged.runs) == ["whitespace", "soynlp-regex"]
    assert merged.runs["whitespace"] is earlier.runs["whitespace"]
    assert merged.runs["soynlp-regex"] is later.runs["soynlp-regex"]
    assert set(merged.vectors) == set(later.vectors)
    text = write_report(merged, tmp_path / "r", command="two", figures=False).read_text(
        encoding="utf-8")
    assert "```\none\ntwo\n```" in text
    for name in ("whitespace", "soynlp-regex"):
        assert f"| {name} | *TF-IDF baseline* |" in text
    # a tokenizer run again replaces its earlier rows, and moves to the end (the runs' order)
    cfg.tokenizers = ["whitespace"]
    rerun = run_compare(corpus, cfg)
    replaced = add_runs(merged, rerun)
    assert list(replaced.runs) == ["soynlp-regex", "whitespace"]
    assert replaced.runs["whitespace"] is rerun.runs["whitespace"]


def test_runs_with_other_settings_or_corpus_are_refused(small, tmp_path):  # noqa: F811
    corpus, cfg = small
    cfg.tokenizers = ["whitespace"]
    earlier = run_compare(corpus, cfg)
    other = dataclasses.replace(cfg, train=cfg.train.replace(epochs=3))
    with pytest.raises(Kow2vError, match="epochs=2.*3"):
        add_runs(earlier, run_compare(corpus, other))


def _argv(corpus, out, tokenizer, *extra):
    return ["-q", "compare", str(corpus), "-t", tokenizer, "--trainers", "kow2v",
            "--epochs", "1", "--min-count", "1", "--vector-size", "16", "--no-default-sets",
            "-o", str(out), *extra]


def test_compare_add_from_the_command_line(small, tmp_path, capsys):  # noqa: F811
    corpus, _ = small
    out = tmp_path / "report"
    assert main(_argv(corpus.path, out, "whitespace", "--add")) == 2  # nothing to add to yet
    assert "no report.json" in capsys.readouterr().err
    assert main(_argv(corpus.path, out, "whitespace")) == 0
    before = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert main(_argv(corpus.path, out, "soynlp-regex", "--add")) == 0
    after = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert after["config"]["tokenizers"] == ["whitespace", "soynlp-regex"]
    assert after["runs"]["whitespace"] == before["runs"]["whitespace"]
    assert len(after["commands"]) == 2 and after["commands"][1].endswith("--add")
    capsys.readouterr()
    # other settings, or another corpus: refused before any work, the report untouched
    assert main(_argv(corpus.path, out, "soynlp-regex", "--add", "--window", "3")) == 2
    assert "window=5" in capsys.readouterr().err
    other = tmp_path / "other.txt"
    other.write_text("학교 공부\n", encoding="utf-8")
    assert main(_argv(other, out, "whitespace", "--add")) == 2
    assert "another corpus" in capsys.readouterr().err
    assert json.loads((out / "report.json").read_text(encoding="utf-8")) == after


@pytest.mark.plot
def test_figures_of_runs_read_back_leave_out_the_map(small, tmp_path):  # noqa: F811
    corpus, cfg = small
    cfg.tokenizers = ["whitespace"]
    write_report(run_compare(corpus, cfg), tmp_path / "first")
    assert (tmp_path / "first" / "pca.png").exists()
    again = load_comparison(tmp_path / "first" / "report.json")
    text = write_report(again, tmp_path / "second").read_text(encoding="utf-8")
    assert "![loss.png](loss.png)" in text and "pca.png" not in text  # no vectors to map
    assert not (tmp_path / "second" / "pca.png").exists()
