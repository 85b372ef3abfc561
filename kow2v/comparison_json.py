"""Read a ``report.json`` back into a :class:`~kow2v.comparison.Comparison`, and add the runs
of more tokenizers to it (``kow2v compare --add``).

A comparison of every tokenizer on a large corpus takes hours on a small machine; adding one
tokenizer should not mean running the others again. The runs read back carry every score and
interval of the file (``docs/results-schema.md``), so the report, its figures and "What the
evidence says" are made from them as from fresh runs; only their vectors are gone (the 2-D
map shows the tokenizers run last). Runs are added only to a report of the same corpus
(fingerprint), trainers, training settings and evaluation sets.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kow2v.comparison import SCHEMA, CompareConfig, Comparison, TokenizerSummary, TrainingRun
from kow2v.config import FastTextConfig
from kow2v.errors import Kow2vError
from kow2v.evaluation.analogies import TOP_K, AnalogyResult, SectionResult
from kow2v.evaluation.classification import ClassificationResult
from kow2v.evaluation.intervals import Interval
from kow2v.evaluation.similarity import PairResult
from kow2v.evaluation.suite import ClassificationSet, EvalSets, Evaluation

NAN = float("nan")


def _num(x: float | None) -> float:
    return NAN if x is None else float(x)


def _ci(pair: list[float | None] | None) -> Interval:
    lo, hi = pair or (None, None)
    return _num(lo), _num(hi)


def _count(share: float | None, answered: int) -> int:
    return 0 if share is None else round(share * answered)


def _section(d: dict[str, Any]) -> SectionResult:
    n = d["answered"]
    return SectionResult(
        name=d["name"], questions=d["questions"], answered=n, split=d["split"],
        correct_add=_count(d["accuracy_3cosadd"], n), correct_mul=_count(d["accuracy_3cosmul"], n),
        subword=d["subword"], pieces=d["pieces"], hits=_count(d[f"hit_rate_top{TOP_K}"], n),
        distance_sum=0.0 if d["mean_distance"] is None else d["mean_distance"] * n)


def _analogies(d: dict[str, Any]) -> AnalogyResult:
    return AnalogyResult(
        sections=[_section(s) for s in d["sections"]], source=d["source"],
        stored_ci={"add": _ci(d["accuracy_3cosadd_ci"]), "mul": _ci(d["accuracy_3cosmul_ci"]),
                   "hit": _ci(d[f"hit_rate_top{TOP_K}_ci"]),
                   "distance": _ci(d["mean_distance_ci"])})


def _pairs(d: dict[str, Any]) -> PairResult:
    return PairResult(spearman=_num(d["spearman"]), pearson=_num(d["pearson"]),
                      pairs=d["pairs"], oov_pairs=d["oov_pairs"], split_pairs=d["split_pairs"],
                      source=d["source"], subword_pairs=d["subword_pairs"],
                      pieces_pairs=d["pieces_pairs"], spearman_ci=_ci(d["spearman_ci"]))


def _classification(d: dict[str, Any] | None) -> ClassificationResult | None:
    if d is None:
        return None
    return ClassificationResult(
        method=d["method"], train_docs=d["train_docs"], test_docs=d["test_docs"],
        classes=list(d["classes"]), accuracy=_num(d["accuracy"]),
        accuracy_ci=_ci(d["accuracy_ci"]), macro_f1=_num(d["macro_f1"]),
        macro_f1_ci=_ci(d["macro_f1_ci"]), empty_docs=d["empty_docs"],
        train_source=d["train"], test_source=d["test"])


def _evaluation(d: dict[str, Any]) -> Evaluation:
    return Evaluation(analogies={k: _analogies(v) for k, v in d["analogies"].items()},
                      similarity={k: _pairs(v) for k, v in d["similarity"].items()},
                      classification=_classification(d.get("classification")))


def _run(trainer: str, d: dict[str, Any]) -> TrainingRun:
    return TrainingRun(trainer=trainer, seconds=d["seconds"], words_per_sec=d["words_per_sec"],
                       peak_mb=d["peak_mb"], epoch_losses=list(d["epoch_losses"]),
                       vocabulary=d["vocabulary"], quality=_evaluation(d),
                       quality_pieces=(_evaluation(d["with_pieces"]) if "with_pieces" in d
                                       else None),
                       added_mb=d.get("added_mb"))


def _tokenizer(name: str, d: dict[str, Any]) -> TokenizerSummary:
    return TokenizerSummary(
        name=name, lines=d["lines"], tokens=d["tokens"], chars=d["chars"],
        seconds=d["tokenize_seconds"], types=d["types"], eval_words=d["eval_words"],
        eval_words_split=d["eval_words_split"], eval_words_oov=d["eval_words_oov"],
        split_words={k: list(v) for k, v in d["split_words"].items()},
        overlap_kow2v_gensim=d["overlap_kow2v_gensim"], overlap_fasttext=d["overlap_fasttext"],
        tfidf=_classification(d["classification_baseline"]))


def _config(d: dict[str, Any]) -> CompareConfig:
    classification = d["classification"]
    sets = EvalSets(tuple(Path(p) for p in d["analogies"]),
                    tuple(Path(p) for p in d["similarity"]),
                    ClassificationSet(Path(classification[0]), Path(classification[1]))
                    if classification else None)
    return CompareConfig(tokenizers=list(d["tokenizers"]), trainers=list(d["trainers"]),
                         train=FastTextConfig(**d["train"]), sets=sets,
                         cache_dir=Path(d["cache_dir"]), pieces=d["pieces"])


def _commands_in_markdown(path: Path) -> list[str]:
    """The "Produced by" lines of the ``report.md`` beside an older ``report.json`` (which
    did not hold its command)."""
    try:
        text = (path.parent / "report.md").read_text(encoding="utf-8")
    except OSError:
        return []
    _, sep, rest = text.partition("Produced by")
    block = rest.split("```")
    return [line for line in block[1].splitlines() if line.strip()] if sep and len(block) > 2 \
        else []


def load_comparison(path: str | os.PathLike[str]) -> Comparison:
    """The :class:`Comparison` a ``report.json`` was written from (without its vectors)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Kow2vError(f"{path}: cannot read a comparison report: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise Kow2vError(f"{path}: not a kow2v comparison report (schema {SCHEMA})")
    try:
        return Comparison(
            config=_config(data["config"]), corpus=data["corpus"]["path"],
            fingerprint=data["corpus"]["fingerprint"],
            tokenizers={k: _tokenizer(k, v) for k, v in data["tokenizers"].items()},
            runs={name: {t: _run(t, r) for t, r in runs.items()}
                  for name, runs in data["runs"].items()},
            skipped=dict(data.get("skipped", {})),
            commands=list(data.get("commands") or _commands_in_markdown(Path(path))))
    except (KeyError, TypeError, ValueError) as exc:
        raise Kow2vError(f"{path}: a comparison report with a missing or malformed field "
                         f"({type(exc).__name__}: {exc})") from None


def _settings(cfg: CompareConfig) -> dict[str, Any]:
    """What must agree for runs to sit in one report (not the tokenizers or the cache)."""
    out = cfg.to_dict()
    for key in ("tokenizers", "cache_dir"):
        out.pop(key)
    out["train"].pop("workers")  # speed, not results: the report states the workers it used
    return out


def check_addable(earlier: Comparison, config: CompareConfig, fingerprint: str) -> None:
    """Raise :class:`Kow2vError` unless runs made with ``config`` on a corpus with this
    ``fingerprint`` can be added to ``earlier``, naming the first difference."""
    if earlier.fingerprint != fingerprint:
        raise Kow2vError(f"the report was made from another corpus (fingerprint "
                         f"{earlier.fingerprint}, this one {fingerprint}); use a new -o")
    old, new = _settings(earlier.config), _settings(config)
    for key in old:
        if old[key] != new.get(key):
            if key == "train":
                key = next(k for k in old["train"] if old["train"][k] != new["train"].get(k))
                old, new = old["train"], new["train"]
            raise Kow2vError(f"the report was made with {key}={old[key]!r}, this run has "
                             f"{new.get(key)!r}; runs with other settings need a new -o")


def add_runs(earlier: Comparison, later: Comparison) -> Comparison:
    """``earlier`` with ``later``'s tokenizers added after its own (a tokenizer in both takes
    ``later``'s runs); ``later``'s vectors are kept for the figures."""
    check_addable(earlier, later.config, later.fingerprint)
    names = [n for n in earlier.config.tokenizers if n not in later.config.tokenizers]
    names += later.config.tokenizers
    config = CompareConfig(**{**vars(later.config), "tokenizers": names})
    merged = Comparison(config=config, corpus=later.corpus, fingerprint=later.fingerprint,
                        vectors=dict(later.vectors),
                        commands=[*earlier.commands, *later.commands])
    for name in names:  # earlier ones first, then the added ones; a tokenizer run again: later's
        source = later if name in later.config.tokenizers else earlier
        if name in source.tokenizers:
            merged.tokenizers[name] = source.tokenizers[name]
        if name in source.runs:
            merged.runs[name] = source.runs[name]
        if name in source.skipped:
            merged.skipped[name] = source.skipped[name]
    return merged
