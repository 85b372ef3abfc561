"""Write a :class:`~kow2v.comparison.Comparison` as ``report.md``, ``report.json`` (schema in
docs/results-schema.md) and PNG figures (matplotlib)."""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.atomic import atomic_open, atomic_path
from kow2v.comparison import Comparison, TrainingRun
from kow2v.errors import MissingBackendError

log = logging.getLogger(__name__)

#: words placed on each tokenizer's 2-D map (those the tokenizer keeps whole and has vectors for)
MAP_WORDS = ["영화", "작품", "배우", "감독", "연기", "연출", "음악", "노래", "스토리", "내용",
             "결말", "최고", "최악", "명작", "감동", "재미", "눈물", "웃음", "코미디", "공포",
             "액션", "사랑", "가족", "친구", "아버지", "어머니", "한국", "일본", "미국", "시간",
             "돈", "사람"]
#: every file a report writes into its directory
REPORT_FILES = ("report.md", "report.json", "quality_analogy.png", "quality_similarity.png",
                "speed_training.png", "loss.png", "pca.png")
KOREAN_FONTS = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR",
                "UnDotum", "Baekmuk Gulim", "AppleGothic", "Malgun Gothic")


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError:
        raise MissingBackendError("figures need matplotlib: pip install 'kow2v[plot]'") from None
    installed = {f.name for f in font_manager.fontManager.ttflist}
    font = next((f for f in KOREAN_FONTS if f in installed), None)
    if font is None:  # installed after matplotlib cached its font list: register the files
        for path in font_manager.findSystemFonts():
            if any(k in Path(path).name for k in ("Nanum", "NotoSansCJK", "NotoSansKR", "UnDotum")):
                font_manager.fontManager.addfont(path)
        installed = {f.name for f in font_manager.fontManager.ttflist}
        font = next((f for f in KOREAN_FONTS if f in installed), None)
    if font:
        plt.rcParams["font.family"] = font
    else:
        log.warning("no Korean font found (Debian: apt-get install fonts-nanum); Hangul labels "
                    "will show as boxes")
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def figures_missing() -> str | None:
    """Why no figure can be drawn here (matplotlib missing, with what to install), or None."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        return "figures need matplotlib: pip install 'kow2v[plot]'"
    return None


def _save(fig: Any, path: Path) -> None:
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight")


def _fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return "–" if math.isnan(x) else f"{x:,.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def _grouped_bars(plt: Any, result: Comparison, metric: Callable[[TrainingRun], float],
                  title: str, ylabel: str, path: Path) -> None:
    names = list(result.runs)
    trainers = sorted({t for runs in result.runs.values() for t in runs})
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(names)), 4))
    width = 0.8 / len(trainers)
    for i, trainer in enumerate(trainers):
        values = [metric(result.runs[n][trainer]) if trainer in result.runs[n] else np.nan
                  for n in names]
        ax.bar(np.arange(len(names)) + i * width, values, width, label=trainer)
    ax.set_xticks(np.arange(len(names)) + width * (len(trainers) - 1) / 2, names, rotation=20)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.legend()
    _save(fig, path)
    plt.close(fig)


def _first(results: dict[str, Any], attr: str) -> float:
    if not results:
        return float("nan")
    return float(getattr(next(iter(results.values())), attr))


def write_figures(result: Comparison, out: Path) -> list[str]:
    """The PNGs of a comparison; returns their file names."""
    plt = _pyplot()
    sets = result.config.sets
    set_a = sets.names(list(sets.analogies))[0] if sets.analogies else "no analogy set"
    set_s = sets.names(list(sets.similarity))[0] if sets.similarity else "no similarity set"
    _grouped_bars(plt, result, lambda r: _first(r.quality.analogies, "accuracy_add"),
                  f"analogy accuracy (3CosAdd, {set_a})", "accuracy", out / "quality_analogy.png")
    _grouped_bars(plt, result, lambda r: _first(r.quality.similarity, "spearman"),
                  f"word similarity (Spearman, {set_s})", "Spearman rho",
                  out / "quality_similarity.png")
    _grouped_bars(plt, result, lambda r: r.words_per_sec, "training speed", "words / second",
                  out / "speed_training.png")
    files = ["quality_analogy.png", "quality_similarity.png", "speed_training.png"]

    fig, ax = plt.subplots(figsize=(7, 4))
    for name, run in result.all_runs():
        if run.epoch_losses:
            losses = np.array(run.epoch_losses)
            ax.plot(range(1, len(losses) + 1), losses / losses[0], marker="o",
                    label=f"{name} / {run.trainer}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss (relative to epoch 1)")
    ax.set_title("training loss per epoch")
    ax.legend(fontsize=7, ncol=2)
    _save(fig, out / "loss.png")
    plt.close(fig)
    files.append("loss.png")

    names = list(result.runs)
    cols = min(3, len(names))
    rows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 4.5 * rows), squeeze=False)
    for ax, name in zip(axes.ravel(), names, strict=False):
        trainer = next(iter(result.runs[name]))
        kv = result.vectors.get((name, trainer))
        words = [w for w in MAP_WORDS if kv is not None and w in kv.key_to_index]
        ax.set_title(f"{name} ({trainer}), {len(words)} words")
        if kv is not None and len(words) >= 3:
            X = np.stack([kv.get_vector(w, norm=True) for w in words])
            X = X - X.mean(axis=0)
            _, _, vt = np.linalg.svd(X, full_matrices=False)  # PCA by SVD
            xy = X @ vt[:2].T
            ax.scatter(xy[:, 0], xy[:, 1], s=10)
            for (x, y), w in zip(xy, words, strict=True):
                ax.annotate(w, (x, y), fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes.ravel()[len(names):]:
        ax.axis("off")
    fig.suptitle("2-D PCA of a fixed word list")
    _save(fig, out / "pca.png")
    plt.close(fig)
    files.append("pca.png")
    return files


def write_report(result: Comparison, out: str | os.PathLike[str], command: str | None = None,
                 figures: bool = True) -> Path:
    """Write ``report.md``, ``report.json`` and (with matplotlib) the figures into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with atomic_open(out / "report.json") as fh:
        json.dump(result.to_dict(), fh, ensure_ascii=False, indent=2)
    missing = figures_missing()
    if figures and missing:
        log.warning("%s; the report is written without them", missing)
    files = write_figures(result, out) if figures and not missing else []
    cfg = result.config.train
    lines = ["# kow2v comparison report", ""]
    if command:
        lines += ["Produced by:", "", "```", command, "```", ""]
    lines += [f"Corpus `{result.corpus}` (fingerprint `{result.fingerprint}`); "
              f"{'skip-gram' if cfg.sg else 'CBOW'}, vector_size {cfg.vector_size}, window "
              f"{cfg.window}, min_count {cfg.min_count}, epochs {cfg.epochs}, workers "
              f"{cfg.workers}, seed {cfg.seed}.", ""]
    if result.skipped:
        lines += ["Skipped: " + "; ".join(f"{k} ({v})" for k, v in result.skipped.items()), ""]
    lines += _tokenizer_table(result) + _quality_table(result) + _section_tables(result)
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


def _quality_table(result: Comparison) -> list[str]:
    lines = ["", "## Training and quality", "",
             "Analogy accuracy counts only answered questions; *answered* is the share of the "
             "set's questions whose four words the tokenizer keeps whole and the vectors know.",
             ""]
    sets = result.config.sets
    names_a, names_s = sets.names(list(sets.analogies)), sets.names(list(sets.similarity))
    header = "| tokenizer | trainer | words/s | peak MB |"
    for s in names_a:
        header += f" {s} 3CosAdd | 3CosMul | answered |"
    for s in names_s:
        header += f" {s} Spearman | pairs used |"
    lines += [header, "|" + "---|" * (header.count("|") - 1)]
    for name, r in result.all_runs():
        row = f"| {name} | {r.trainer} | {_fmt(r.words_per_sec, 0)} | {_fmt(r.peak_mb, 0)} |"
        for s in names_a:
            a = r.quality.analogies.get(s)
            row += (f" {_fmt(a.accuracy_add)} | {_fmt(a.accuracy_mul)} | "
                    f"{a.answered}/{a.questions} |") if a else " – | – | – |"
        for s in names_s:
            p = r.quality.similarity.get(s)
            row += f" {_fmt(p.spearman)} | {p.pairs_used}/{p.pairs} |" if p else " – | – |"
        lines.append(row)
    lines += ["", "Training speed is measured untraced: raw corpus words times epochs over the "
              "training time. Peak MB is the largest proportional set size (PSS) of the process "
              "and its worker processes, sampled every 0.1 s from `build_vocab` to the end of "
              "`train` (shared memory counted once), for every trainer alike.", ""]
    return lines


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
