"""The comparison run, its cache and the report writer."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kow2v.cli import main
from kow2v.compare import run_compare
from kow2v.comparison import CompareConfig
from kow2v.config import TrainConfig
from kow2v.corpus import LineCorpus
from kow2v.evaluation import EvalSets
from kow2v.report import write_report


@pytest.fixture
def small(tmp_path):
    rng = np.random.default_rng(0)
    a = ["학교", "공부", "선생님", "시험", "숙제", "교실"]
    b = ["영화", "배우", "감독", "극장", "장면", "연기"]
    corpus = tmp_path / "c.txt"
    corpus.write_text("\n".join(" ".join(rng.choice(a if i % 2 else b, 7)) for i in
                                range(400)) + "\n", encoding="utf-8")
    ana = tmp_path / "a.txt"
    ana.write_text("# 주제\n학교 공부 영화 배우\n선생님 시험 감독 극장\n학교 공부 없는말 배우\n",
                   encoding="utf-8")
    sim = tmp_path / "s.csv"
    sim.write_text("학교,공부,8\n영화,배우,8\n학교,영화,1\n공부,극장,1\n시험,숙제,7\n",
                   encoding="utf-8")
    cfg = CompareConfig(tokenizers=["whitespace", "soynlp-regex"],
                        train=TrainConfig(epochs=2, vector_size=16, min_count=1),
                        sets=EvalSets.of([ana], [sim]), cache_dir=tmp_path / "cache")
    return LineCorpus(corpus), cfg


@pytest.mark.plot
def test_compare_report_numbers_match_json_and_figures_exist(small, tmp_path):
    corpus, cfg = small
    results = run_compare(corpus, cfg)
    assert set(results.runs) == {"whitespace", "soynlp-regex"}
    for runs in results.runs.values():
        assert set(runs) == {"kow2v", "gensim"}
        for run in runs.values():
            assert len(run.epoch_losses) == 2 and run.words_per_sec > 0
            assert run.quality.analogies["a.txt"].questions == 3
            assert run.quality.analogies["a.txt"].answered == 2
    assert 0 <= results.tokenizers["whitespace"].overlap_kow2v_gensim <= 1
    out = tmp_path / "report"
    md = write_report(results, out, command="kow2v compare c.txt -t whitespace,soynlp-regex")
    text = md.read_text(encoding="utf-8")
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "kow2v compare c.txt" in text
    ws = data["runs"]["whitespace"]["kow2v"]
    assert f"| whitespace | kow2v | {ws['words_per_sec']:,.0f} |" in text
    assert data["tokenizers"]["whitespace"]["types"] == 12
    assert data["tokenizers"]["whitespace"]["split_words"] == {}
    for name in ("quality_analogy", "quality_similarity", "speed_training", "loss", "pca"):
        assert (out / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
        assert f"({name}.png)" in text


@pytest.mark.plot
def test_evaluate_json_and_report_json_share_one_schema(small, tmp_path, capsys):
    """The same vectors scored by `kow2v evaluate --json` and recorded by compare: equal."""
    from kow2v.keyedvectors import save_vectors

    corpus, cfg = small
    cfg.trainers = ["kow2v"]
    results = run_compare(corpus, cfg)
    write_report(results, tmp_path / "r", figures=False)
    recorded = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert recorded["schema"] == "kow2v-results-1"
    save_vectors(results.vectors[("whitespace", "kow2v")], tmp_path / "v.kv")
    assert main(["evaluate", str(tmp_path / "v.kv"), "--analogies", str(cfg.sets.analogies[0]),
                 "--similarity", str(cfg.sets.similarity[0]), "-t", "whitespace",
                 "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    run = recorded["runs"]["whitespace"]["kow2v"]
    assert printed["schema"] == recorded["schema"]
    assert printed["analogies"] == run["analogies"] and printed["similarity"] == run["similarity"]
    assert printed["analogies"]["a.txt"]["sections"][0]["name"] == "주제"


def test_tokenizations_are_cached(small, monkeypatch):
    corpus, cfg = small
    cfg.trainers = ["kow2v"]
    run_compare(corpus, cfg)

    def fail(*args, **kwargs):
        raise AssertionError("tokenized again despite the cache")

    monkeypatch.setattr("kow2v.compare.tokenize_to_file", fail)
    again = run_compare(corpus, cfg)
    assert again.tokenizers["whitespace"].tokens == 2800


def test_unknown_trainer_and_no_usable_tokenizer(small):
    from kow2v.errors import Kow2vError

    corpus, cfg = small
    cfg.trainers = ["fasttext"]
    with pytest.raises(Kow2vError, match="unknown trainer"):
        run_compare(corpus, cfg)
    cfg.trainers, cfg.tokenizers = ["kow2v"], ["nope"]
    with pytest.raises(Kow2vError, match="no tokenizer could be used"):
        run_compare(corpus, cfg)
    cfg.keep_vectors = "some"
    with pytest.raises(Kow2vError, match="keep_vectors"):
        run_compare(corpus, cfg)


def test_only_the_first_trainers_vectors_are_kept_when_asked(small):
    """The CLI and the demo keep one set per tokenizer: the figures need no more, and a
    FastText's n-gram matrix takes hundreds of MB on a real corpus."""
    corpus, cfg = small
    cfg.keep_vectors = "first"
    result = run_compare(corpus, cfg)
    assert set(result.vectors) == {("whitespace", "kow2v"), ("soynlp-regex", "kow2v")}
    assert set(result.runs["whitespace"]) == {"kow2v", "gensim"}  # both scored all the same
    assert result.tokenizers["whitespace"].overlap_kow2v_gensim is not None


@pytest.mark.slow
def test_evaluate_command(small, tmp_path, capsys):
    corpus, cfg = small
    vec = tmp_path / "v.bin"
    assert main(["-q", "train", str(corpus.path), "--min-count", "1", "--vector-size", "16",
                 "-o", str(vec)]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(vec), "--analogies", str(cfg.sets.analogies[0]), "--similarity",
                 str(cfg.sets.similarity[0]), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (ana,) = report["analogies"].values()
    assert ana["questions"] == 3 and ana["answered"] == 2
    assert main(["evaluate", str(vec)]) == 0  # the project's own sets by default
    out = capsys.readouterr().out
    assert "capital-country" in out and "Spearman" in out
    bad = tmp_path / "bad.txt"
    bad.write_text(": s\n가 나 다\n", encoding="utf-8")
    assert main(["evaluate", str(vec), "--analogies", str(bad)]) == 2
    assert "line 2" in capsys.readouterr().err


def test_split_words_are_named_in_the_report(small, tmp_path):
    from kow2v import tokenizers

    @tokenizers.register("test-syllables")
    def make(**_):
        class Syllables:
            name = "test-syllables"

            def tokenize(self, text):
                return [ch for ch in text if not ch.isspace()]

        return Syllables()

    corpus, cfg = small
    cfg.tokenizers, cfg.trainers = ["test-syllables"], ["kow2v"]
    results = run_compare(corpus, cfg)
    entry = results.tokenizers["test-syllables"]
    assert entry.split_words["학교"] == ["학", "교"]
    md = write_report(results, tmp_path / "r", figures=False).read_text(encoding="utf-8")
    assert "- test-syllables (" in md and "감독 → 감 / 독" in md  # first words shown


def test_compare_trains_both_fasttexts_on_the_same_ngrams(small, tmp_path):
    from kow2v.config import FastTextConfig

    corpus, cfg = small
    cfg.tokenizers = ["whitespace"]
    cfg.trainers = ["kow2v", "kow2v-fasttext", "gensim-fasttext"]
    cfg.train = FastTextConfig(epochs=2, vector_size=16, min_count=1, bucket=5000)
    results = run_compare(corpus, cfg)
    runs = results.runs["whitespace"]
    assert set(runs) == {"kow2v", "kow2v-fasttext", "gensim-fasttext"}
    ours, theirs = (results.vectors[("whitespace", t)] for t in ("kow2v-fasttext",
                                                                  "gensim-fasttext"))
    assert ours.index_to_key == theirs.index_to_key  # both keyed by jamo spellings
    assert theirs.kow2v_subwords == "jamo"
    sim = runs["kow2v-fasttext"].quality.similarity["s.csv"]
    assert sim.pairs_used == sim.pairs  # nothing out of vocabulary for subword vectors
    ana = runs["gensim-fasttext"].quality.analogies["a.txt"]
    assert ana.answered == 3 and ana.subword == 1  # '없는말' answered through its n-grams
    assert results.tokenizers["whitespace"].overlap_fasttext is not None
    assert all(r.peak_mb > 10 for r in runs.values())
    assert all(0 < r.added_mb < r.peak_mb for r in runs.values())  # training's own share


def _labelled(path, rows):
    path.write_text("label\ttext\n" + "".join(f"{lab}\t{text}\n" for lab, text in rows),
                    encoding="utf-8")
    return path


def with_probe(cfg, tmp_path):
    """``cfg`` with a small labelled split for the classification probe, and pieces on."""
    from kow2v.evaluation.suite import ClassificationSet

    rng = np.random.default_rng(3)
    words = {"학교": ["학교", "공부", "선생님", "시험"], "영화": ["영화", "배우", "감독", "극장"]}
    rows = [(lab, " ".join(rng.choice(words[lab], 4))) for lab in ["학교", "영화"] * 60]
    cfg.sets = EvalSets(cfg.sets.analogies, cfg.sets.similarity, ClassificationSet(
        _labelled(tmp_path / "tr.tsv", rows[:80]), _labelled(tmp_path / "te.tsv", rows[80:])))
    cfg.pieces = True
    return cfg


@pytest.mark.plot
@pytest.mark.classify
def test_report_has_the_probe_intervals_pieces_and_computed_evidence(small, tmp_path):
    from kow2v.evaluation.classification import probe

    corpus, cfg = small
    cfg = with_probe(cfg, tmp_path)
    results = run_compare(corpus, cfg)
    out = tmp_path / "report"
    text = write_report(results, out).read_text(encoding="utf-8")
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    recorded = data["runs"]["whitespace"]["gensim"]["classification"]
    from kow2v.evaluation.suite import tokenized_docs
    from kow2v.tokenizers import get

    again = probe(results.vectors[("whitespace", "gensim")],
                  tokenized_docs(cfg.sets.classification, get("whitespace")))
    assert recorded["accuracy"] == pytest.approx(again.accuracy, abs=1e-12)
    assert recorded["test_docs"] == 40  # the probe again on the same vectors: the same score
    assert data["tokenizers"]["whitespace"]["classification_baseline"]["method"] == "TF-IDF"
    for heading in ("## What the evidence says", "## Sentiment classification",
                    "## Word similarity: s.csv", "## Analogies: a.txt",
                    "## Split evaluation words scored by their pieces",
                    "## Training speed and memory"):
        assert heading in text
    assert "| whitespace | *TF-IDF baseline* |" in text
    acc, (lo, hi) = again.accuracy, again.accuracy_ci
    assert f"{acc:.3f} [{lo:.3f}, {hi:.3f}]" in text
    sim = data["runs"]["whitespace"]["kow2v"]["similarity"]["s.csv"]
    assert len(sim["spearman_ci"]) == 2 and "with_pieces" in data["runs"]["whitespace"]["kow2v"]
    assert (out / "quality_classification.png").read_bytes()[:4] == b"\x89PNG"


def _fake_comparison(scores):
    """A comparison whose runs have only classification accuracies with given intervals."""
    from kow2v.comparison import Comparison, TrainingRun
    from kow2v.evaluation.classification import ClassificationResult
    from kow2v.evaluation.suite import ClassificationSet, Evaluation

    sets = EvalSets(classification=ClassificationSet(Path("train.tsv.gz"), Path("test.tsv.gz")))
    result = Comparison(CompareConfig(["x"], sets=sets), "c.txt", "0")
    for (tok, trainer), (acc, ci) in scores.items():
        probe = ClassificationResult("mean", 10, 10, ["0", "1"], acc, ci, acc, ci)
        run = TrainingRun(trainer, 1.0, 1.0, 1.0, [], 10, Evaluation(classification=probe))
        result.runs.setdefault(tok, {})[trainer] = run
    return result


def test_evidence_names_the_best_and_what_is_within_noise():
    from kow2v.evidence import evidence_lines, findings

    result = _fake_comparison({("mecab", "kow2v"): (0.80, (0.78, 0.82)),
                               ("mecab", "gensim"): (0.81, (0.79, 0.83)),
                               ("kiwi", "kow2v"): (0.79, (0.775, 0.80)),
                               ("whitespace", "kow2v"): (0.70, (0.68, 0.72))})
    (found,) = findings(result)
    assert found.best.label == "mecab / gensim" and "NSMC sentiment" in found.task
    assert [e.label for e in found.tied] == ["mecab / kow2v", "kiwi / kow2v"]
    assert [e.label for e in found.below] == ["whitespace / kow2v"]
    text = "\n".join(evidence_lines(result))
    assert "best mecab / gensim 0.810 [0.790, 0.830]" in text
    assert "Tokenizers not told apart: kiwi, mecab" in text
    assert "within noise in 1 of 1" in text  # mecab: kow2v against gensim
    apart = _fake_comparison({("mecab", "kow2v"): (0.80, (0.79, 0.81)),
                              ("kiwi", "kow2v"): (0.70, (0.69, 0.71))})
    assert "mecab is ahead of every other tokenizer" in "\n".join(evidence_lines(apart))
