"""Analogy evaluation (``a : b :: c : d``), scored the ways the literature scores it.

Files are gensim's ``questions-words`` format, with ``: section`` or ``# section`` headers
(the published Korean set uses ``#``), UTF-8 with or without BOM, CRLF tolerated. For every
answered question, vectorised over the vocabulary:

- **3CosAdd** accuracy: the nearest vocabulary word to ``b - a + c`` (unit vectors, ``a``,
  ``b``, ``c`` excluded) is ``d``, as gensim's ``evaluate_word_analogies`` (tested equal);
- **3CosMul** accuracy (Levy & Goldberg 2014), as gensim's ``most_similar_cosmul``;
- **top-30 hit rate**: ``d`` among the 30 nearest, as the "한국어 임베딩" book counts;
- **mean cosine distance** between ``b - a + c`` and ``d`` (raw vectors), as Park et al.
  (ACL 2018) report for their Korean analogy set;

with 95% bootstrap intervals over the questions for the accuracies. The answer ``d`` must be
a vocabulary word; ``a``, ``b`` and ``c`` may get vectors from n-grams (subword vectors) or
from the mean of their pieces (``pieces=True``), and such questions are counted apart.
Questions the tokenizer splits, or with a word without a vector, are counted, never dropped
silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kow2v.errors import EvaluationFileError
from kow2v.evaluation.intervals import Interval, mean_interval
from kow2v.evaluation.json_values import finite_or_none
from kow2v.evaluation.lookup import OOV, PIECES, SPLIT, SUBWORD, VOCAB, WordLookup, unit
from kow2v.evaluation.text_file import read_text

Question = tuple[str, str, str, str]
TOP_K = 30


@dataclass
class Section:
    name: str
    questions: list[Question] = field(default_factory=list)


def read_analogies(path: str | os.PathLike[str]) -> list[Section]:
    """Parse an analogy file into sections; a malformed line raises with its line number."""
    text = read_text(path)
    sections: list[Section] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line[0] in ":#":
            sections.append(Section(line[1:].strip() or f"section {len(sections) + 1}"))
            continue
        words = line.split()
        if len(words) != 4:
            raise EvaluationFileError(f"{path}: line {number}: expected 4 words "
                                      f"(a b c d), got {len(words)}: {line!r}")
        if not sections:
            sections.append(Section("(no section)"))
        sections[-1].questions.append((words[0], words[1], words[2], words[3]))
    if not any(s.questions for s in sections):
        raise EvaluationFileError(f"{path}: no analogy questions found")
    return sections


@dataclass
class SectionResult:
    name: str
    questions: int  # in the file
    answered: int  # d a vocabulary word (within restrict_vocab), a, b, c with vectors
    split: int  # a word the tokenizer splits into several tokens
    correct_add: int
    correct_mul: int
    subword: int = 0  # answered, with a, b or c outside the vocabulary (vectors from n-grams)
    pieces: int = 0  # answered, with a split word scored by the mean of its pieces
    hits: int = 0  # d among the TOP_K nearest to b - a + c
    distance_sum: float = 0.0  # cosine distances between b - a + c and d, summed

    @property
    def accuracy_add(self) -> float:
        return self.correct_add / self.answered if self.answered else float("nan")

    @property
    def accuracy_mul(self) -> float:
        return self.correct_mul / self.answered if self.answered else float("nan")

    @property
    def hit_rate(self) -> float:
        return self.hits / self.answered if self.answered else float("nan")

    @property
    def mean_distance(self) -> float:
        return self.distance_sum / self.answered if self.answered else float("nan")


@dataclass
class AnalogyResult:
    sections: list[SectionResult]
    source: str | None = None  # the file the questions came from
    flags_add: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    flags_mul: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    flags_hit: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    distances: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    #: the intervals of a result read back from JSON (no flags): "add", "mul", "hit", "distance"
    stored_ci: dict[str, Interval] | None = field(default=None, repr=False)

    def _sum(self, attr: str) -> Any:
        return sum(getattr(s, attr) for s in self.sections)

    @property
    def questions(self) -> int:
        return int(self._sum("questions"))

    @property
    def answered(self) -> int:
        return int(self._sum("answered"))

    @property
    def subword(self) -> int:
        """Questions answered only thanks to subword vectors."""
        return int(self._sum("subword"))

    @property
    def pieces(self) -> int:
        """Questions answered with a split word scored by the mean of its pieces."""
        return int(self._sum("pieces"))

    def _share(self, attr: str) -> float:
        return self._sum(attr) / self.answered if self.answered else float("nan")

    @property
    def accuracy_add(self) -> float:
        return self._share("correct_add")

    @property
    def accuracy_mul(self) -> float:
        return self._share("correct_mul")

    @property
    def hit_rate(self) -> float:
        """Share of answered questions with ``d`` among the TOP_K nearest words."""
        return self._share("hits")

    @property
    def mean_distance(self) -> float:
        """Mean cosine distance between ``b - a + c`` and ``d`` (Park et al. 2018)."""
        return self._share("distance_sum")

    def _interval(self, key: str, values: np.ndarray) -> Interval:
        return self.stored_ci[key] if self.stored_ci is not None else mean_interval(values)

    @property
    def accuracy_add_ci(self) -> Interval:
        return self._interval("add", self.flags_add)

    @property
    def accuracy_mul_ci(self) -> Interval:
        return self._interval("mul", self.flags_mul)

    @property
    def hit_rate_ci(self) -> Interval:
        return self._interval("hit", self.flags_hit)

    @property
    def mean_distance_ci(self) -> Interval:
        return self._interval("distance", self.distances)

    @property
    def skipped_ratio(self) -> float:
        """Share of questions not answered (out of vocabulary or split by the tokenizer)."""
        return 1 - self.answered / self.questions if self.questions else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (docs/results-schema.md); NaN becomes null."""
        def section(s: SectionResult) -> dict[str, Any]:
            return {"name": s.name, "questions": s.questions, "answered": s.answered,
                    "split": s.split, "subword": s.subword, "pieces": s.pieces,
                    "accuracy_3cosadd": finite_or_none(s.accuracy_add),
                    "accuracy_3cosmul": finite_or_none(s.accuracy_mul),
                    f"hit_rate_top{TOP_K}": finite_or_none(s.hit_rate),
                    "mean_distance": finite_or_none(s.mean_distance)}

        return {"source": self.source, "questions": self.questions, "answered": self.answered,
                "split": int(self._sum("split")), "subword": self.subword,
                "pieces": self.pieces, "skipped_ratio": self.skipped_ratio,
                "accuracy_3cosadd": finite_or_none(self.accuracy_add),
                "accuracy_3cosadd_ci": [finite_or_none(x) for x in self.accuracy_add_ci],
                "accuracy_3cosmul": finite_or_none(self.accuracy_mul),
                "accuracy_3cosmul_ci": [finite_or_none(x) for x in self.accuracy_mul_ci],
                f"hit_rate_top{TOP_K}": finite_or_none(self.hit_rate),
                f"hit_rate_top{TOP_K}_ci": [finite_or_none(x) for x in self.hit_rate_ci],
                "mean_distance": finite_or_none(self.mean_distance),
                "mean_distance_ci": [finite_or_none(x) for x in self.mean_distance_ci],
                "sections": [section(s) for s in self.sections]}


def _answer(lookup: WordLookup, questions: list[Question],
            batch: int = 64) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per question: 3CosAdd right, 3CosMul right, d in the top TOP_K, cosine distance."""
    vocab = lookup.kv.get_normed_vectors()[:lookup.limit]  # (V, D)
    out = [np.zeros(len(questions), bool) for _ in range(3)] + [np.zeros(len(questions))]
    for lo in range(0, len(questions), batch):
        chunk = questions[lo:lo + batch]
        raw = np.stack([np.stack([lookup.vector(w) for w in q]) for q in chunk])  # (Q, 4, D)
        a, b, c = (unit(raw[:, j]) for j in range(3))  # (Q, D) each
        target = unit(b + c - a)  # gensim: the mean of the signed unit vectors
        add = target @ vocab.T  # (Q, V)
        sims = [(1 + x @ vocab.T) / 2 for x in (a, b, c)]  # shifted to [0, 1], as gensim
        mul = sims[1] * sims[2] / (sims[0] + 1e-6)  # (Q, V)
        rows = np.arange(len(chunk))
        for j in range(3):  # never answer with a question word
            own = np.array([lookup.index(q[j]) if lookup.index(q[j]) is not None else -1
                            for q in chunk])
            mask = own >= 0
            add[rows[mask], own[mask]] = -np.inf
            mul[rows[mask], own[mask]] = -np.inf
        d = np.array([lookup.index(q[3]) for q in chunk])  # (Q,)
        d_score = add[rows, d]
        out[0][lo:lo + len(chunk)] = add.argmax(axis=1) == d
        out[1][lo:lo + len(chunk)] = mul.argmax(axis=1) == d
        out[2][lo:lo + len(chunk)] = (add > d_score[:, None]).sum(axis=1) < TOP_K
        offset = unit(raw[:, 1] - raw[:, 0] + raw[:, 2])  # b - a + c, raw vectors
        out[3][lo:lo + len(chunk)] = 1 - np.einsum("qd,qd->q", offset, unit(raw[:, 3]))
    return out[0], out[1], out[2], out[3]


def evaluate_analogies(kv: Any, source: str | os.PathLike[str] | list[Section],
                       restrict_vocab: int = 300000,
                       map_word: Callable[[str], str | None] | None = None,
                       pieces: bool = False) -> AnalogyResult:
    """Scores of ``kv`` on analogy questions, per section and overall.

    Parameters
    ----------
    kv : gensim KeyedVectors, FastTextKeyedVectors or :class:`~kow2v.surface.SurfaceVectors`
        Jamo-keyed vectors (kow2v's FastText) are asked in ordinary spelling.
    source : path or list of :class:`Section`
    restrict_vocab : int
        Only the most frequent words are candidate answers and count as known (gensim's rule).
    map_word : callable, optional
        Maps an evaluation word to its token under the corpus tokenizer, None if split (a
        :class:`~kow2v.evaluation.tokenized.TokenMapper`).
    pieces : bool
        Score a split ``a``, ``b`` or ``c`` by the mean of its pieces' vectors.
    """
    sections = read_analogies(source) if isinstance(source, (str, os.PathLike)) else source
    lookup = WordLookup(kv, map_word, pieces, restrict_vocab)
    results: list[SectionResult] = []
    flags: list[tuple[np.ndarray, ...]] = []
    for section in sections:
        split, answered, by_subwords, by_pieces = 0, [], 0, 0
        for q in section.questions:
            kinds = [lookup.kind(w) for w in q]
            if SPLIT in kinds or (kinds[3] == PIECES):
                split += 1
            elif kinds[3] == VOCAB and OOV not in kinds:
                answered.append(q)
                by_subwords += SUBWORD in kinds[:3]
                by_pieces += PIECES in kinds[:3]
        add, mul, hit, distance = _answer(lookup, answered) if answered else (
            np.zeros(0, bool), np.zeros(0, bool), np.zeros(0, bool), np.zeros(0))
        flags.append((add, mul, hit, distance))
        results.append(SectionResult(section.name, len(section.questions), len(answered),
                                     split, int(add.sum()), int(mul.sum()), by_subwords,
                                     by_pieces, int(hit.sum()), float(distance.sum())))
    columns = list(zip(*flags, strict=True)) or [(np.zeros(0),)] * 4
    add, mul, hit, distance = (np.concatenate(column).astype(float) for column in columns)
    return AnalogyResult(results, None if isinstance(source, list) else str(source),
                         add, mul, hit, distance)
