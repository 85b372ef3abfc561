"""The PNG figures of a comparison report (matplotlib, the ``plot`` extra).

Quality figures draw each score with its 95% bootstrap interval as an error bar, grouped by
tokenizer, one colour per trainer; the classification figure marks the TF-IDF baseline of each
tokenizer. Hangul labels need a Korean font (Debian: ``fonts-nanum``); without one a warning
says what to install.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.atomic import atomic_path
from kow2v.comparison import Comparison, TrainingRun
from kow2v.errors import MissingBackendError
from kow2v.evaluation.intervals import Interval
from kow2v.evaluation.sources import describe

log = logging.getLogger(__name__)

#: words placed on each tokenizer's 2-D map (those the tokenizer keeps whole and has vectors for)
MAP_WORDS = ["영화", "작품", "배우", "감독", "연기", "연출", "음악", "노래", "스토리", "내용",
             "결말", "최고", "최악", "명작", "감동", "재미", "눈물", "웃음", "코미디", "공포",
             "액션", "사랑", "가족", "친구", "아버지", "어머니", "한국", "일본", "미국", "시간",
             "돈", "사람"]
#: every figure a report may write
FIGURE_FILES = ("quality_classification.png", "quality_analogy.png", "quality_similarity.png",
                "speed_training.png", "loss.png", "pca.png")
KOREAN_FONTS = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR",
                "UnDotum", "Baekmuk Gulim", "AppleGothic", "Malgun Gothic")
NO_INTERVAL = (float("nan"), float("nan"))
Score = tuple[float, Interval]


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


def _bars(plt: Any, result: Comparison, metric: Callable[[TrainingRun], Score | None],
          title: str, ylabel: str, path: Path,
          baseline: Callable[[str], Score | None] | None = None) -> None:
    """Grouped bars (tokenizers on x, one bar per trainer), error bars where intervals exist;
    ``baseline`` adds a black marker with its interval per tokenizer."""
    names = list(result.runs)
    trainers = list(dict.fromkeys(t for runs in result.runs.values() for t in runs))
    fig, ax = plt.subplots(figsize=(max(6.5, 1.2 * len(names) * max(1, len(trainers) / 2)),
                                    4.2))
    width = 0.8 / len(trainers)
    x = np.arange(len(names))
    lows: list[float] = []
    for i, trainer in enumerate(trainers):
        scores = [metric(result.runs[n][trainer]) if trainer in result.runs[n] else None
                  for n in names]
        values = np.array([s[0] if s else np.nan for s in scores], dtype=float)
        lo = np.array([s[1][0] if s else np.nan for s in scores], dtype=float)
        hi = np.array([s[1][1] if s else np.nan for s in scores], dtype=float)
        err = np.nan_to_num(np.vstack([values - lo, hi - values]), nan=0.0)
        lows += [v for v in np.fmin(lo, values) if v == v]
        ax.bar(x + i * width, values, width, yerr=np.clip(err, 0, None), capsize=2,
               label=trainer, error_kw={"elinewidth": 0.8})
    if baseline is not None:
        marks = [baseline(n) for n in names]
        ys = np.array([m[0] if m else np.nan for m in marks], dtype=float)
        errs = np.array([[m[0] - m[1][0], m[1][1] - m[0]] if m else [0, 0] for m in marks]).T
        lows += [m[1][0] for m in marks if m]
        ax.errorbar(x + width * (len(trainers) - 1) / 2, ys, yerr=np.nan_to_num(errs), fmt="D",
                    color="black", markersize=5, capsize=3, label="TF-IDF baseline")
    ax.set_xticks(x + width * (len(trainers) - 1) / 2, names, rotation=20, ha="right")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    if baseline is not None and np.isfinite(lows).any():  # accuracies: zoom on the bars
        ax.set_ylim(max(0.0, float(np.nanmin(lows)) - 0.05), None)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="y", alpha=0.3)
    _save(fig, path)
    plt.close(fig)


def _first_set(names: list[str]) -> str | None:
    return names[0] if names else None


def write_figures(result: Comparison, out: Path) -> list[str]:
    """The PNGs of a comparison; returns their file names."""
    plt = _pyplot()
    sets = result.config.sets
    files: list[str] = []
    if sets.classification is not None:
        def probe(r: TrainingRun) -> Score | None:
            c = r.quality.classification
            return (c.accuracy, c.accuracy_ci) if c else None

        def tfidf(name: str) -> Score | None:
            t = result.tokenizers[name].tfidf
            return (t.accuracy, t.accuracy_ci) if t else None

        source = describe(sets.classification.test)
        _bars(plt, result, probe, f"sentiment classification ({source})",
              "accuracy (95% interval)", out / "quality_classification.png", tfidf)
        files.append("quality_classification.png")
    analogy = _first_set(sets.names(list(sets.analogies)))
    if analogy:
        def add(r: TrainingRun) -> Score | None:
            a = r.quality.analogies.get(analogy)
            return (a.accuracy_add, a.accuracy_add_ci) if a and a.answered else None

        source = describe(sets.analogies[0])
        _bars(plt, result, add, f"analogies, 3CosAdd ({source})",
              "accuracy on answered questions (95%)", out / "quality_analogy.png")
        files.append("quality_analogy.png")
    similarity = _first_set(sets.names(list(sets.similarity)))
    if similarity:
        def spearman(r: TrainingRun) -> Score | None:
            p = r.quality.similarity.get(similarity)
            return (p.spearman, p.spearman_ci) if p else None

        _bars(plt, result, spearman, f"word similarity ({describe(sets.similarity[0])})",
              "Spearman rho (95% interval)", out / "quality_similarity.png")
        files.append("quality_similarity.png")
    _bars(plt, result, lambda r: (r.words_per_sec, NO_INTERVAL), "training speed",
          "words / second", out / "speed_training.png")
    files += ["speed_training.png", _loss_figure(plt, result, out)]
    mapped = _map_figure(plt, result, out)  # none when every run was read back from a report
    return files + [mapped] if mapped else files


def _loss_figure(plt: Any, result: Comparison, out: Path) -> str:
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, run in result.all_runs():
        if run.epoch_losses:
            losses = np.array(run.epoch_losses)
            ax.plot(range(1, len(losses) + 1), losses / losses[0], marker="o",
                    label=f"{name} / {run.trainer}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss (relative to epoch 1)")
    ax.set_title("training loss per epoch")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    _save(fig, out / "loss.png")
    plt.close(fig)
    return "loss.png"


def _map_figure(plt: Any, result: Comparison, out: Path) -> str | None:
    """A 2-D PCA of :data:`MAP_WORDS` per tokenizer (its first trainer's vectors); runs read
    back from a report (``compare --add``) have no vectors and no panel."""
    from kow2v.surface import SurfaceVectors

    firsts = [(n, next(iter(runs))) for n, runs in result.runs.items()]
    mapped = [(name, trainer) for name, trainer in firsts if (name, trainer) in result.vectors]
    if not mapped:
        return None
    cols = min(3, len(mapped))
    rows = math.ceil(len(mapped) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 4.5 * rows), squeeze=False)
    for ax, (name, trainer) in zip(axes.ravel(), mapped, strict=False):
        surface = SurfaceVectors(result.vectors[(name, trainer)])
        words = [w for w in MAP_WORDS if surface.key(w) in surface.kv.key_to_index]
        ax.set_title(f"{name} ({trainer}), {len(words)} words")
        if len(words) >= 3:
            X = np.stack([surface.get_vector(w) for w in words])
            X = X / np.linalg.norm(X, axis=1, keepdims=True)
            X = X - X.mean(axis=0)
            _, _, vt = np.linalg.svd(X, full_matrices=False)  # PCA by SVD
            xy = X @ vt[:2].T
            ax.scatter(xy[:, 0], xy[:, 1], s=10)
            for (x, y), w in zip(xy, words, strict=True):
                ax.annotate(w, (x, y), fontsize=8, xytext=(2, 2), textcoords="offset points")
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes.ravel()[len(mapped):]:
        ax.axis("off")
    earlier = len(result.runs) - len(mapped)
    fig.suptitle("2-D PCA of a fixed word list" + (
        f" (not for the {earlier} tokenizers of an earlier run: their vectors were not kept)"
        if earlier else ""))
    _save(fig, out / "pca.png")
    plt.close(fig)
    return "pca.png"
