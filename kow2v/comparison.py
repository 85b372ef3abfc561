"""What a comparison is asked to do and what it found, as typed records.

:func:`kow2v.compare.run_compare` fills a :class:`Comparison`; ``report.py`` reads its
attributes; ``to_dict()`` gives ``report.json``, whose schema (shared with ``kow2v evaluate
--json``) is documented in ``docs/results-schema.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kow2v.config import FastTextConfig
from kow2v.errors import Kow2vError
from kow2v.evaluation.classification import ClassificationResult
from kow2v.evaluation.json_values import finite_or_none
from kow2v.evaluation.suite import EvalSets, Evaluation

TRAINERS = ("kow2v", "gensim", "kow2v-fasttext", "gensim-fasttext")
SCHEMA = "kow2v-results-1"


@dataclass
class CompareConfig:
    """Which tokenizers and trainers to compare, with which training settings and sets."""

    tokenizers: list[str]
    trainers: list[str] = field(default_factory=lambda: ["kow2v", "gensim"])
    train: FastTextConfig = field(default_factory=lambda: FastTextConfig(compute_loss=True))
    sets: EvalSets = field(default_factory=EvalSets)
    cache_dir: Path = Path(".kow2v-cache")
    pieces: bool = False  # also score split evaluation words by their pieces, apart
    keep_vectors: str = "all"  # "first": keep only each tokenizer's first trainer's vectors

    def validate(self) -> None:
        if not isinstance(self.train, FastTextConfig):  # a TrainConfig: fastText's defaults
            self.train = FastTextConfig(**self.train.to_dict())
        unknown = [t for t in self.trainers if t not in TRAINERS]
        if unknown:
            raise Kow2vError(f"unknown trainer(s) {unknown}; choose from {list(TRAINERS)}")
        if not self.tokenizers:
            raise Kow2vError("name at least one tokenizer")
        if self.keep_vectors not in ("all", "first"):
            raise Kow2vError(f"keep_vectors is 'all' or 'first', not {self.keep_vectors!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"tokenizers": list(self.tokenizers), "trainers": list(self.trainers),
                "train": self.train.to_dict(),
                "analogies": [str(p) for p in self.sets.analogies],
                "similarity": [str(p) for p in self.sets.similarity],
                "classification": ([str(self.sets.classification.train),
                                    str(self.sets.classification.test)]
                                   if self.sets.classification else None),
                "pieces": self.pieces, "cache_dir": str(self.cache_dir)}


@dataclass
class TokenizerSummary:
    """One tokenizer on the corpus: its speed, vocabulary and evaluation-word coverage."""

    name: str
    lines: int
    tokens: int
    chars: int
    seconds: float
    types: int
    eval_words: int = 0
    eval_words_split: float | None = None  # share the tokenizer splits into several tokens
    eval_words_oov: float | None = None  # share kept whole but without a vector
    split_words: dict[str, list[str]] = field(default_factory=dict)  # word -> its tokens
    overlap_kow2v_gensim: float | None = None  # top-10 neighbour overlap of the two trainers
    overlap_fasttext: float | None = None  # the same, kow2v's FastText against gensim's
    tfidf: ClassificationResult | None = None  # the classification baseline on these tokens

    @property
    def tokens_per_sec(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else float("inf")

    @property
    def chars_per_sec(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else float("inf")

    @property
    def type_token_ratio(self) -> float:
        return self.types / max(self.tokens, 1)

    def to_dict(self) -> dict[str, Any]:
        return {"lines": self.lines, "tokens": self.tokens, "chars": self.chars,
                "tokenize_seconds": self.seconds, "tokens_per_sec": self.tokens_per_sec,
                "chars_per_sec": self.chars_per_sec, "types": self.types,
                "type_token_ratio": self.type_token_ratio, "eval_words": self.eval_words,
                "eval_words_split": finite_or_none(self.eval_words_split),
                "eval_words_oov": finite_or_none(self.eval_words_oov),
                "split_words": self.split_words,
                "overlap_kow2v_gensim": finite_or_none(self.overlap_kow2v_gensim),
                "overlap_fasttext": finite_or_none(self.overlap_fasttext),
                "classification_baseline": self.tfidf.to_dict() if self.tfidf else None}


@dataclass
class TrainingRun:
    """One trainer on one tokenization: speed, memory, losses and quality."""

    trainer: str
    seconds: float
    words_per_sec: float
    peak_mb: float  # peak PSS of the process and its workers, build_vocab to end of train
    epoch_losses: list[float]
    vocabulary: int
    quality: Evaluation
    quality_pieces: Evaluation | None = None  # split words scored by the mean of their pieces
    added_mb: float | None = None  # peak_mb less the tree's PSS when build_vocab began

    def to_dict(self) -> dict[str, Any]:
        out = {"seconds": self.seconds, "words_per_sec": self.words_per_sec,
               "peak_mb": self.peak_mb, "added_mb": self.added_mb,
               "epoch_losses": self.epoch_losses, "vocabulary": self.vocabulary,
               **self.quality.to_dict()}
        if self.quality_pieces is not None:
            out["with_pieces"] = self.quality_pieces.to_dict()
        return out


@dataclass
class Comparison:
    """Everything a comparison measured; ``vectors`` holds the trained KeyedVectors by
    ``(tokenizer, trainer)`` for the figures and is not serialised."""

    config: CompareConfig
    corpus: str
    fingerprint: str
    tokenizers: dict[str, TokenizerSummary] = field(default_factory=dict)
    runs: dict[str, dict[str, TrainingRun]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    vectors: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    #: the command lines that made it (more than one when runs were added: ``compare --add``)
    commands: list[str] = field(default_factory=list)

    def all_runs(self) -> list[tuple[str, TrainingRun]]:
        """``(tokenizer, run)`` for every run, tokenizers in order."""
        return [(name, run) for name, runs in self.runs.items() for run in runs.values()]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "config": self.config.to_dict(),
                "corpus": {"path": self.corpus, "fingerprint": self.fingerprint},
                "tokenizers": {k: v.to_dict() for k, v in self.tokenizers.items()},
                "runs": {name: {t: r.to_dict() for t, r in runs.items()}
                         for name, runs in self.runs.items()},
                "skipped": dict(self.skipped), "commands": list(self.commands)}
