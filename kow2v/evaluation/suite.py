"""A set of evaluation files scored together: what ``kow2v evaluate`` prints and what every
run of ``kow2v compare`` records, in one JSON schema (docs/results-schema.md): analogy and
similarity files, and a labelled train/test pair for the classification probe."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kow2v.evaluation.analogies import AnalogyResult, evaluate_analogies, read_analogies
from kow2v.evaluation.classification import (
    ClassificationResult,
    LabelledDocs,
    TokenizedDocs,
    check_splits,
    probe,
    read_labelled,
)
from kow2v.evaluation.similarity import PairResult, evaluate_pairs, read_pairs


@dataclass(frozen=True)
class ClassificationSet:
    """A labelled training and test file (see :mod:`kow2v.evaluation.classification`)."""

    train: Path
    test: Path
    label_column: str = "label"
    text_column: str | None = None
    encoding: str = "utf-8"

    def read(self) -> tuple[LabelledDocs, LabelledDocs]:
        def one(path: Path) -> LabelledDocs:
            return read_labelled(path, self.label_column, self.text_column, self.encoding)

        train, test = one(self.train), one(self.test)
        check_splits(train, test)
        return train, test

    @property
    def name(self) -> str:
        return f"{self.train.name} / {self.test.name}"


@dataclass(frozen=True)
class EvalSets:
    """Analogy and similarity files, each known by a short unique name (its file name), and a
    classification pair."""

    analogies: tuple[Path, ...] = ()
    similarity: tuple[Path, ...] = ()
    classification: ClassificationSet | None = None

    @classmethod
    def of(cls, analogies: Sequence[str | os.PathLike[str]] = (),
           similarity: Sequence[str | os.PathLike[str]] = ()) -> EvalSets:
        return cls(tuple(Path(p) for p in analogies), tuple(Path(p) for p in similarity))

    @classmethod
    def bundled(cls, classification: bool = True) -> EvalSets:
        """The project's own Korean sets, shipped with kow2v (``kow2v/data/eval``): analogies,
        similarity, and (``classification``) a small NSMC sentiment sample."""
        from kow2v.bundled import bundled

        docs = ClassificationSet(bundled("eval/nsmc_sentiment_train.tsv.gz"),
                                 bundled("eval/nsmc_sentiment_test.tsv.gz"))
        return cls((bundled("eval/ko_analogies.txt"),), (bundled("eval/ko_similarity.tsv"),),
                   docs if classification else None)

    def __bool__(self) -> bool:
        return bool(self.analogies or self.similarity or self.classification)

    def __add__(self, other: EvalSets) -> EvalSets:
        return EvalSets(self.analogies + other.analogies, self.similarity + other.similarity,
                        other.classification or self.classification)

    @staticmethod
    def names(paths: Sequence[Path]) -> list[str]:
        """File names, with the folder added where two files share a name.

        >>> EvalSets.names([Path("a/q.txt"), Path("b/q.txt"), Path("s.tsv")])
        ['a/q.txt', 'b/q.txt', 's.tsv']
        """
        taken = [p.name for p in paths]
        return [f"{p.parent.name}/{p.name}" if taken.count(p.name) > 1 else p.name
                for p in paths]

    def words(self) -> list[str]:
        """Every word the sets ask about, sorted."""
        words: set[str] = set()
        for path in self.analogies:
            words.update(w for s in read_analogies(path) for q in s.questions for w in q)
        for path in self.similarity:
            words.update(w for a, b, _ in read_pairs(path) for w in (a, b))
        return sorted(words)


@dataclass
class Evaluation:
    """Scores of one set of vectors on every set, by set name."""

    analogies: dict[str, AnalogyResult] = field(default_factory=dict)
    similarity: dict[str, PairResult] = field(default_factory=dict)
    classification: ClassificationResult | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "analogies": {k: v.to_dict() for k, v in self.analogies.items()},
            "similarity": {k: v.to_dict() for k, v in self.similarity.items()}}
        if self.classification is not None:
            out["classification"] = self.classification.to_dict()
        return out


def tokenized_docs(docs: ClassificationSet, tokenizer: Any, workers: int = 1) -> TokenizedDocs:
    """Both files of ``docs`` read and tokenized with ``tokenizer`` (in ``workers`` workers)."""
    from kow2v.tokenizers.parallel import tokenize_lines

    train, test = docs.read()
    return TokenizedDocs.make(train, test, lambda texts: list(
        tokenize_lines(texts, tokenizer, workers=workers)))


def evaluate_sets(kv: Any, sets: EvalSets, map_word: Callable[[str], str | None] | None = None,
                  restrict_vocab: int = 300000, pieces: bool = False,
                  docs: TokenizedDocs | None = None) -> Evaluation:
    """Score ``kv`` on every file of ``sets`` (words mapped through ``map_word`` if given;
    split words by the mean of their pieces with ``pieces``); the classification probe runs
    on ``docs``, the set's documents already tokenized."""
    result = Evaluation()
    for name, path in zip(EvalSets.names(list(sets.analogies)), sets.analogies, strict=True):
        result.analogies[name] = evaluate_analogies(kv, path, restrict_vocab, map_word=map_word,
                                                    pieces=pieces)
    for name, path in zip(EvalSets.names(list(sets.similarity)), sets.similarity, strict=True):
        result.similarity[name] = evaluate_pairs(kv, path, map_word=map_word, pieces=pieces)
    if docs is not None:
        result.classification = probe(kv, docs)
    return result
