"""What a comparison's evidence says, computed from its numbers, never written by hand.

For each task (the classification probe, every similarity set, every analogy set) the runs
are ranked by their score; the best is named with its 95% interval, and every other run is
either *within noise* of it (the intervals overlap: :func:`~kow2v.evaluation.intervals.
within_noise`) or *below* it. Tokenizers are ranked the same way by their best run. Word
scores rest on different words for different tokenizers (those each keeps whole), so each
line says how many items the best run answered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kow2v.comparison import Comparison, TrainingRun
from kow2v.evaluation.intervals import Interval, within_noise
from kow2v.evaluation.sources import describe


@dataclass
class Entry:
    tokenizer: str
    trainer: str
    score: float
    interval: Interval
    basis: str = ""  # what the score rests on, e.g. "186/323 pairs"

    @property
    def label(self) -> str:
        return f"{self.tokenizer} / {self.trainer}"


@dataclass
class Finding:
    """One task: the runs by score, the best, and which runs are within noise of it."""

    task: str
    entries: list[Entry]  # best first
    tied: list[Entry] = field(default_factory=list)  # within noise of the best
    below: list[Entry] = field(default_factory=list)
    baseline: Entry | None = None  # TF-IDF, when the task has one

    @property
    def best(self) -> Entry:
        return self.entries[0]


def _finding(task: str, result: Comparison,
             score: Callable[[str, TrainingRun], Entry | None]) -> Finding | None:
    entries = [e for name, run in result.all_runs() if (e := score(name, run)) is not None
               and e.score == e.score]
    if not entries:
        return None
    entries.sort(key=lambda e: -e.score)
    best = entries[0]
    tied = [e for e in entries[1:] if within_noise(e.interval, best.interval)]
    below = [e for e in entries[1:] if not within_noise(e.interval, best.interval)]
    return Finding(task, entries, tied, below)


def findings(result: Comparison) -> list[Finding]:
    """One :class:`Finding` per task the comparison scored."""
    sets = result.config.sets
    out: list[Finding] = []
    if sets.classification is not None:
        def probe(name: str, run: TrainingRun) -> Entry | None:
            c = run.quality.classification
            return Entry(name, run.trainer, c.accuracy, c.accuracy_ci,
                         f"{c.test_docs:,} test reviews") if c else None

        found = _finding(f"sentiment accuracy, {describe(sets.classification.test)}", result,
                         probe)
        if found is not None:
            baselines = [Entry(n, "TF-IDF", t.tfidf.accuracy, t.tfidf.accuracy_ci)
                         for n, t in result.tokenizers.items() if t.tfidf is not None]
            found.baseline = max(baselines, key=lambda e: e.score, default=None)
            out.append(found)
    for set_name, path in zip(sets.names(list(sets.similarity)), sets.similarity, strict=True):
        def spearman(name: str, run: TrainingRun, s: str = set_name) -> Entry | None:
            p = run.quality.similarity.get(s)
            return Entry(name, run.trainer, p.spearman, p.spearman_ci,
                         f"{p.pairs_used}/{p.pairs} pairs") if p else None

        found = _finding(f"similarity Spearman, {set_name}: {describe(path)}", result,
                         spearman)
        if found is not None:
            out.append(found)
    for set_name, path in zip(sets.names(list(sets.analogies)), sets.analogies, strict=True):
        def add(name: str, run: TrainingRun, s: str = set_name) -> Entry | None:
            a = run.quality.analogies.get(s)
            return Entry(name, run.trainer, a.accuracy_add, a.accuracy_add_ci,
                         f"{a.answered}/{a.questions} questions") if a and a.answered else None

        found = _finding(f"analogy 3CosAdd, {set_name}: {describe(path)}", result, add)
        if found is not None:
            out.append(found)
    return out


def trainer_agreement(result: Comparison) -> tuple[int, int]:
    """(within noise, compared): kow2v against gensim and kow2v-fasttext against
    gensim-fasttext on the same tokens, over every task with intervals."""
    pairs = (("kow2v", "gensim"), ("kow2v-fasttext", "gensim-fasttext"))
    agree = total = 0
    for f in findings(result):
        by_run = {(e.tokenizer, e.trainer): e for e in f.entries}
        for name in result.runs:
            for ours, theirs in pairs:
                a, b = by_run.get((name, ours)), by_run.get((name, theirs))
                if a and b:
                    total += 1
                    agree += within_noise(a.interval, b.interval)
    return agree, total


def _short(entries: list[Entry], limit: int = 8) -> str:
    shown = ", ".join(f"{e.label} {e.score:.3f}" for e in entries[:limit])
    return shown + (f" and {len(entries) - limit} more" if len(entries) > limit else "")


def evidence_lines(result: Comparison) -> list[str]:
    """The report's "What the evidence says" section, as Markdown lines."""
    lines = ["## What the evidence says", "",
             "Computed from the tables below: the best run per task with its 95% bootstrap "
             "interval; runs whose intervals overlap it are *within noise* (not shown to be "
             "worse), the rest are below it. Word-level scores rest on the items each tokenizer "
             "keeps whole, so two tokenizers may be scored on different pairs or questions: "
             "read them with their counts.", ""]
    for f in findings(result):
        b = f.best
        lines.append(f"- **{f.task}**: best {b.label} {b.score:.3f} "
                     f"[{b.interval[0]:.3f}, {b.interval[1]:.3f}] on {b.basis}.")
        lines.append(f"  Within noise: {_short(f.tied) if f.tied else 'none'}.")
        if f.below:
            lines.append(f"  Below: {_short(f.below)}.")
        tokenizers = list(dict.fromkeys(e.tokenizer for e in f.entries))
        leaders = sorted({b.tokenizer} | {e.tokenizer for e in f.tied})
        if len(tokenizers) > 1:
            lines.append(f"  {b.tokenizer} is ahead of every other tokenizer." if leaders ==
                         [b.tokenizer] else f"  Tokenizers not told apart: {', '.join(leaders)}.")
        if f.baseline is not None:
            base = f.baseline
            relation = ("within noise of" if within_noise(base.interval, b.interval) else
                        "above" if base.score > b.score else "below")
            lines.append(f"  TF-IDF on the same tokens (best: {base.tokenizer}) "
                         f"{base.score:.3f} [{base.interval[0]:.3f}, {base.interval[1]:.3f}] "
                         f"is {relation} the best word-vector run.")
    agree, total = trainer_agreement(result)
    if total:
        lines.append(f"- **kow2v against gensim on the same tokens**: within noise in {agree} "
                     f"of {total} (tokenizer, task, model) comparisons.")
    if len(lines) == 5:
        lines.append("- No task was scored.")
    return lines + [""]
