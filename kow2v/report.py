"""Write a :class:`~kow2v.comparison.Comparison` as ``report.md``, ``report.json`` (schema in
docs/results-schema.md) and PNG figures (:mod:`kow2v.figures`).

Every quality table gives each score with its 95% bootstrap interval and what it rests on
(pairs used, questions answered, test documents), and names its data set by source; the
"What the evidence says" section is computed (:mod:`kow2v.evidence`).
"""

from __future__ import annotations

import json
import logging
import math
import os
from pathlib import Path
from typing import Any

from kow2v.atomic import atomic_open
from kow2v.comparison import Comparison
from kow2v.evaluation.intervals import Interval
from kow2v.evaluation.sources import describe
from kow2v.evidence import evidence_lines
from kow2v.figures import FIGURE_FILES, figures_missing, write_figures

log = logging.getLogger(__name__)

#: every file a report writes into its directory
REPORT_FILES = ("report.md", "report.json", *FIGURE_FILES)
__all__ = ["REPORT_FILES", "figures_missing", "write_report"]


def _fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return "–" if math.isnan(x) else f"{x:,.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def _ci(value: float, interval: Interval) -> str:
    """``0.812 [0.805, 0.819]``, or a dash when there is no score."""
    if value != value:
        return "–"
    if any(x != x for x in interval):
        return _fmt(value)
    return f"{value:.3f} [{interval[0]:.3f}, {interval[1]:.3f}]"


def write_report(result: Comparison, out: str | os.PathLike[str], command: str | None = None,
                 figures: bool = True) -> Path:
    """Write ``report.md``, ``report.json`` and (with matplotlib) the figures into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    commands = [*result.commands, command] if command else result.commands
    with atomic_open(out / "report.json") as fh:
        json.dump({**result.to_dict(), "commands": commands}, fh, ensure_ascii=False, indent=2)
    missing = figures_missing()
    if figures and missing:
        log.warning("%s; the report is written without them", missing)
    files = write_figures(result, out) if figures and not missing else []
    cfg = result.config.train
    lines = ["# kow2v comparison report", ""]
    if commands:
        lines += ["Produced by" + (" (the runs of each added to the report)" if len(commands) > 1
                                   else "") + ":", "", "```", *commands, "```", ""]
    settings = (f"{'skip-gram' if cfg.sg else 'CBOW'}, vector_size {cfg.vector_size}, window "
                f"{cfg.window}, min_count {cfg.min_count}, epochs {cfg.epochs}, workers "
                f"{cfg.workers}, seed {cfg.seed}")
    if any(t.endswith("fasttext") for t in result.config.trainers):
        settings += f"; FastText n-grams {cfg.min_n}-{cfg.max_n} of {cfg.subwords}, " \
                    f"{cfg.bucket:,} buckets"
    lines += [f"Corpus `{result.corpus}` (fingerprint `{result.fingerprint}`); {settings}.", ""]
    if result.skipped:
        lines += ["Skipped: " + "; ".join(f"{k} ({v})" for k, v in result.skipped.items()), ""]
    lines += evidence_lines(result) + _tokenizer_table(result) + _speed_table(result)
    lines += _classification_table(result) + _similarity_tables(result)
    lines += _analogy_tables(result) + _section_tables(result) + _pieces_tables(result)
    if files:
        lines += ["## Figures", ""] + [f"![{f}]({f})" for f in files] + [""]
    with atomic_open(out / "report.md") as fh:
        fh.write("\n".join(lines))
    return out / "report.md"


def _tokenizer_table(result: Comparison) -> list[str]:
    lines = ["## Tokenizers", "",
             "| tokenizer | tokens/s | tokens | types | type/token | eval words split | "
             "eval words OOV | neighbour overlap kow2v–gensim |",
             "|---|---|---|---|---|---|---|---|"]
    for name, t in result.tokenizers.items():
        lines.append(f"| {name} | {_fmt(t.tokens_per_sec, 0)} | {_fmt(t.tokens)} | "
                     f"{_fmt(t.types)} | {_fmt(t.type_token_ratio)} | "
                     f"{_fmt(t.eval_words_split)} | {_fmt(t.eval_words_oov)} | "
                     f"{_fmt(t.overlap_kow2v_gensim)} |")
    examples = {n: t.split_words for n, t in result.tokenizers.items() if t.split_words}
    if examples:
        lines += ["", "Evaluation words each tokenizer splits (examples; all in report.json):", ""]
        for name, split in examples.items():
            shown = ", ".join(f"{w} → {' / '.join(toks)}" for w, toks in list(split.items())[:6])
            lines.append(f"- {name} ({len(split)}): {shown}")
    return lines


def _speed_table(result: Comparison) -> list[str]:
    lines = ["", "## Training speed and memory", "",
             "| tokenizer | trainer | words/s | seconds | added MB | process MB | vocabulary |",
             "|---|---|---|---|---|---|---|"]
    for name, r in result.all_runs():
        lines.append(f"| {name} | {r.trainer} | {_fmt(r.words_per_sec, 0)} | "
                     f"{_fmt(r.seconds, 1)} | {_fmt(r.added_mb, 0)} | {_fmt(r.peak_mb, 0)} | "
                     f"{_fmt(r.vocabulary)} |")
    lines += ["", "Training speed is measured untraced: raw corpus words times epochs over the "
              "training time. Memory is the proportional set size (PSS) of the process and its "
              "worker processes (shared memory counted once), sampled every 0.1 s from "
              "`build_vocab` to the end of `train`, for every trainer alike. *Added MB* is its "
              "peak above the size when `build_vocab` began, after a garbage collection: what "
              "that training needed, the column to compare. *Process MB* is the whole peak, "
              "which also holds what the comparison keeps from earlier runs (tokens, vectors, "
              "evaluation data), so it grows down the table.", ""]
    return lines


def _classification_table(result: Comparison) -> list[str]:
    docs = result.config.sets.classification
    if docs is None:
        return []
    first = next((r.quality.classification for _, r in result.all_runs()
                  if r.quality.classification), None)
    if first is None:
        return []
    lines = [f"## Sentiment classification: {describe(docs.test)}", "",
             f"`{docs.train}` ({first.train_docs:,} reviews) to train, `{docs.test}` "
             f"({first.test_docs:,}) to test, classes {', '.join(first.classes)}. Each review is "
             "the mean of its tokens' vectors (subword vectors answer unseen tokens), then a "
             "logistic regression (scikit-learn, standardised features, seed 0); the TF-IDF row "
             "is the same classifier on TF-IDF over the same tokens. Intervals: 95% bootstrap "
             "over the test reviews.", "",
             "| tokenizer | trainer | accuracy [95%] | macro-F1 [95%] | reviews without a "
             "vector (train + test) |", "|---|---|---|---|---|"]
    for name, runs in result.runs.items():
        for r in runs.values():
            c = r.quality.classification
            if c is not None:
                lines.append(f"| {name} | {r.trainer} | {_ci(c.accuracy, c.accuracy_ci)} | "
                             f"{_ci(c.macro_f1, c.macro_f1_ci)} | {_fmt(c.empty_docs)} |")
        t = result.tokenizers[name].tfidf
        if t is not None:
            lines.append(f"| {name} | *TF-IDF baseline* | {_ci(t.accuracy, t.accuracy_ci)} | "
                         f"{_ci(t.macro_f1, t.macro_f1_ci)} | – |")
    return lines + [""]


def _similarity_tables(result: Comparison) -> list[str]:
    sets = result.config.sets
    lines: list[str] = []
    for name, path in zip(sets.names(list(sets.similarity)), sets.similarity, strict=True):
        lines += [f"## Word similarity: {name} ({describe(path)})", "",
                  "Spearman's rho between cosine similarity and the human scores, over the pairs "
                  "used: both words kept whole by the tokenizer and given a vector (through "
                  "n-grams for subword vectors: *by subwords*).", "",
                  "| tokenizer | trainer | Spearman [95%] | Pearson | pairs used | by subwords "
                  "| split | out of vocabulary |", "|---|---|---|---|---|---|---|---|"]
        for tok, r in result.all_runs():
            p = r.quality.similarity.get(name)
            if p is not None:
                lines.append(f"| {tok} | {r.trainer} | {_ci(p.spearman, p.spearman_ci)} | "
                             f"{_fmt(p.pearson)} | {p.pairs_used}/{p.pairs} | "
                             f"{p.subword_pairs} | {p.split_pairs} | {p.oov_pairs} |")
        lines.append("")
    return lines


def _analogy_tables(result: Comparison) -> list[str]:
    sets = result.config.sets
    lines: list[str] = []
    for name, path in zip(sets.names(list(sets.analogies)), sets.analogies, strict=True):
        lines += [f"## Analogies: {name} ({describe(path)})", "",
                  "Three conventions over the answered questions (the four words kept whole by "
                  "the tokenizer, `d` in the vocabulary): 3CosAdd and 3CosMul accuracy (gensim's "
                  "`evaluate_word_analogies`, Levy & Goldberg), top-30 hit rate (the \"한국어 "
                  "임베딩\" book's count) and the mean cosine distance between `b - a + c` and "
                  "`d` (Park et al. 2018's measure; lower is better).", "",
                  "| tokenizer | trainer | 3CosAdd [95%] | 3CosMul [95%] | top-30 [95%] | "
                  "distance | answered | by subwords | split |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for tok, r in result.all_runs():
            a = r.quality.analogies.get(name)
            if a is not None:
                split = sum(sec.split for sec in a.sections)
                lines.append(f"| {tok} | {r.trainer} | {_ci(a.accuracy_add, a.accuracy_add_ci)} "
                             f"| {_ci(a.accuracy_mul, a.accuracy_mul_ci)} | "
                             f"{_ci(a.hit_rate, a.hit_rate_ci)} | {_fmt(a.mean_distance)} | "
                             f"{a.answered}/{a.questions} | {a.subword} | {split} |")
        lines.append("")
    return lines


def _pieces_tables(result: Comparison) -> list[str]:
    """Scores with split evaluation words as the mean of their pieces, apart from the rest."""
    runs = [(n, r) for n, r in result.all_runs() if r.quality_pieces is not None]
    if not runs:
        return []
    lines = ["## Split evaluation words scored by their pieces", "",
             "As the \"한국어 임베딩\" book does: a word the tokenizer splits gets the mean of its "
             "pieces' vectors. Reported apart from the whole-word scores above.", "",
             "| tokenizer | trainer | set | score [95%] | used | by pieces |",
             "|---|---|---|---|---|---|"]
    for tok, r in runs:
        q = r.quality_pieces
        assert q is not None
        for name, p in q.similarity.items():
            lines.append(f"| {tok} | {r.trainer} | {name} (Spearman) | "
                         f"{_ci(p.spearman, p.spearman_ci)} | {p.pairs_used}/{p.pairs} | "
                         f"{p.pieces_pairs} |")
        for name, a in q.analogies.items():
            lines.append(f"| {tok} | {r.trainer} | {name} (3CosAdd) | "
                         f"{_ci(a.accuracy_add, a.accuracy_add_ci)} | "
                         f"{a.answered}/{a.questions} | {a.pieces} |")
    return lines + [""]


def _section_tables(result: Comparison) -> list[str]:
    lines: list[str] = []
    sets = result.config.sets
    for s in sets.names(list(sets.analogies)):
        first = next(r for _, r in result.all_runs() if s in r.quality.analogies)
        sections = [sec.name for sec in first.quality.analogies[s].sections]
        lines += [f"### Analogy sections: {s}", "",
                  "| tokenizer | trainer | " + " | ".join(sections) + " |",
                  "|---|---|" + "---|" * len(sections)]
        for name, r in result.all_runs():
            secs = r.quality.analogies[s].sections
            lines.append(f"| {name} | {r.trainer} | " + " | ".join(
                f"{_fmt(sec.accuracy_add)} ({sec.answered}/{sec.questions})" for sec in secs)
                + " |")
        lines.append("")
    return lines
