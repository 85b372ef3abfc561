"""Analogy evaluation (``a : b :: c : d``) with 3CosAdd and 3CosMul, per section and overall.

Files are gensim's ``questions-words`` format, with ``: section`` or ``# section`` headers
(the published Korean set uses ``#``), UTF-8 with or without BOM, CRLF tolerated. 3CosAdd is
gensim's own ``evaluate_word_analogies``, so its numbers are gensim's; 3CosMul (Levy &
Goldberg 2014) is computed here the way gensim's ``most_similar_cosmul`` does, vectorised.
Questions with a word outside the vocabulary are skipped and reported as such.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.errors import EvaluationFileError
from kow2v.evaluation.json_values import finite_or_none
from kow2v.surface import SurfaceVectors

Question = tuple[str, str, str, str]


@dataclass
class Section:
    name: str
    questions: list[Question] = field(default_factory=list)


def read_analogies(path: str | os.PathLike[str]) -> list[Section]:
    """Parse an analogy file into sections; a malformed line raises with its line number."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationFileError(f"{path}: cannot read as UTF-8: {exc}") from None
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
    answered: int  # the answer in the vocabulary (within restrict_vocab), a, b, c have vectors
    split: int  # a word the tokenizer splits into several tokens
    correct_add: int
    correct_mul: int
    subword: int = 0  # answered, with a, b or c outside the vocabulary (vectors from n-grams)

    @property
    def accuracy_add(self) -> float:
        return self.correct_add / self.answered if self.answered else float("nan")

    @property
    def accuracy_mul(self) -> float:
        return self.correct_mul / self.answered if self.answered else float("nan")


@dataclass
class AnalogyResult:
    sections: list[SectionResult]
    source: str | None = None  # the file the questions came from

    def _sum(self, attr: str) -> int:
        return sum(getattr(s, attr) for s in self.sections)

    @property
    def questions(self) -> int:
        return self._sum("questions")

    @property
    def answered(self) -> int:
        return self._sum("answered")

    @property
    def accuracy_add(self) -> float:
        return self._sum("correct_add") / self.answered if self.answered else float("nan")

    @property
    def accuracy_mul(self) -> float:
        return self._sum("correct_mul") / self.answered if self.answered else float("nan")

    @property
    def subword(self) -> int:
        """Questions answered only thanks to subword vectors."""
        return self._sum("subword")

    @property
    def skipped_ratio(self) -> float:
        """Share of questions not answered (out of vocabulary or split by the tokenizer)."""
        return 1 - self.answered / self.questions if self.questions else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (docs/results-schema.md); NaN becomes null."""
        return {"source": self.source, "questions": self.questions, "answered": self.answered,
                "split": self._sum("split"), "subword": self.subword,
                "skipped_ratio": self.skipped_ratio,
                "accuracy_3cosadd": finite_or_none(self.accuracy_add),
                "accuracy_3cosmul": finite_or_none(self.accuracy_mul),
                "sections": [{"name": s.name, "questions": s.questions, "answered": s.answered,
                              "split": s.split, "subword": s.subword,
                              "accuracy_3cosadd": finite_or_none(s.accuracy_add),
                              "accuracy_3cosmul": finite_or_none(s.accuracy_mul)}
                             for s in self.sections]}


def _cosmul_correct(kv: Any, questions: list[Question], restrict_vocab: int) -> int:
    vectors = kv.get_normed_vectors()[:restrict_vocab]  # (V, D)
    index = kv.key_to_index
    correct = 0
    for lo in range(0, len(questions), 256):
        batch = questions[lo:lo + 256]
        ids = np.array([[index[w] for w in q] for q in batch])  # (Q, 4)
        # cosines shifted to [0, 1], as gensim's most_similar_cosmul
        sims = [(1 + vectors[ids[:, j]] @ vectors.T) / 2 for j in range(3)]  # 3 x (Q, V)
        scores = sims[1] * sims[2] / (sims[0] + 1e-6)  # b * c / a
        rows = np.arange(len(batch))
        for j in range(3):
            scores[rows, ids[:, j]] = -np.inf  # never answer with a question word
        correct += int(np.sum(scores.argmax(axis=1) == ids[:, 3]))
    return correct


def _subword_correct(surface: SurfaceVectors, questions: list[Question],
                     restrict_vocab: int) -> tuple[int, int]:
    """3CosAdd and 3CosMul, as gensim computes them, for questions whose a, b or c are outside
    the vocabulary: their vectors come from their n-grams; answers are vocabulary words."""
    kv = surface.kv
    vocab = kv.get_normed_vectors()[:restrict_vocab]  # (V, D)
    index = kv.key_to_index
    add = mul = 0
    for a, b, c, d in questions:
        unit = [surface.get_vector(w, norm=True) for w in (a, b, c)]  # 3 x (D,)
        target = unit[1] + unit[2] - unit[0]  # gensim: the mean of signed unit vectors
        cos_add = vocab @ (target / np.linalg.norm(target))  # (V,)
        sims = [(1 + vocab @ u) / 2 for u in unit]
        cos_mul = sims[1] * sims[2] / (sims[0] + 1e-6)
        for w in (a, b, c):
            i = index.get(surface.key(w))
            if i is not None and i < len(vocab):
                cos_add[i] = cos_mul[i] = -np.inf
        expected = index[surface.key(d)]
        add += int(cos_add.argmax() == expected)
        mul += int(cos_mul.argmax() == expected)
    return add, mul


def evaluate_analogies(kv: Any, source: str | os.PathLike[str] | list[Section],
                       restrict_vocab: int = 300000,
                       map_word: Callable[[str], str | None] | None = None) -> AnalogyResult:
    """Accuracy of ``kv`` on analogy questions, per section and overall.

    Parameters
    ----------
    kv : gensim KeyedVectors, FastTextKeyedVectors or :class:`~kow2v.surface.SurfaceVectors`
        Subword vectors answer questions whose ``a``, ``b`` or ``c`` is outside the
        vocabulary (counted as ``subword``); the answer ``d`` must be a vocabulary word.
        Jamo-keyed vectors (kow2v's FastText) are asked in ordinary spelling.
    source : path or list of :class:`Section`
    restrict_vocab : int
        Only the most frequent words are candidate answers and count as known (gensim's rule).
    map_word : callable, optional
        Maps an evaluation word to its token under the corpus tokenizer, None if split.
    """
    sections = read_analogies(source) if isinstance(source, (str, os.PathLike)) else source
    surface = kv if isinstance(kv, SurfaceVectors) else SurfaceVectors(kv)
    kv = surface.kv
    known = set(kv.index_to_key[:restrict_vocab])
    results = []
    for section in sections:
        split, kept, by_subwords = 0, [], []
        for q in section.questions:
            if map_word is not None:
                mapped = tuple(map_word(w) for w in q)
                if any(m is None for m in mapped):
                    split += 1
                    continue
                q = mapped  # type: ignore[assignment]
            keys: Question = (surface.key(q[0]), surface.key(q[1]), surface.key(q[2]),
                              surface.key(q[3]))
            if all(k in known for k in keys):
                kept.append(keys)
            elif (surface.has_subwords and keys[3] in known
                  and all(surface.can_answer(w) for w in q[:3])):
                by_subwords.append(q)
        correct_add = correct_mul = 0
        if kept:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "q.txt"
                path.write_text(f": {section.name}\n" + "".join(" ".join(q) + "\n" for q in kept),
                                encoding="utf-8")
                _, detail = kv.evaluate_word_analogies(str(path), restrict_vocab=restrict_vocab,
                                                       case_insensitive=False)
            correct_add = len(detail[0]["correct"])
            correct_mul = _cosmul_correct(kv, kept, restrict_vocab)
        if by_subwords:
            add, mul = _subword_correct(surface, by_subwords, restrict_vocab)
            correct_add, correct_mul = correct_add + add, correct_mul + mul
        results.append(SectionResult(section.name, len(section.questions),
                                     len(kept) + len(by_subwords), split, correct_add,
                                     correct_mul, len(by_subwords)))
    return AnalogyResult(results, None if isinstance(source, list) else str(source))
