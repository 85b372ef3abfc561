"""Word-similarity evaluation: Spearman and Pearson of cosine similarity against human scores.

Reads ``word1,word2,score`` (CSV or TSV, header optional, UTF-8 BOM and CRLF tolerated, as the
published Korean sets come) and scores with gensim's own ``evaluate_word_pairs``, so the
numbers are gensim's. Out-of-vocabulary pairs are counted and reported.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.errors import EvaluationFileError
from kow2v.evaluation.delimited import delimiter_of, rows
from kow2v.evaluation.intervals import statistic_interval
from kow2v.evaluation.json_values import finite_or_none
from kow2v.evaluation.lookup import OOV, PIECES, SPLIT, SUBWORD, WordLookup, unit
from kow2v.evaluation.text_file import read_text

Pair = tuple[str, str, float]


@dataclass
class PairResult:
    """Correlations over the pairs whose words are in the vocabulary."""

    spearman: float
    pearson: float
    pairs: int
    oov_pairs: int
    split_pairs: int = 0  # pairs with a word the tokenizer splits into several tokens
    source: str | None = None  # the file the pairs came from
    subword_pairs: int = 0  # answered, with a word outside the vocabulary (n-gram vectors)
    pieces_pairs: int = 0  # answered, with a split word scored by the mean of its pieces
    spearman_ci: tuple[float, float] = (float("nan"), float("nan"))  # 95% bootstrap

    @property
    def oov_ratio(self) -> float:
        return (self.oov_pairs + self.split_pairs) / self.pairs if self.pairs else 0.0

    @property
    def pairs_used(self) -> int:
        return self.pairs - self.oov_pairs - self.split_pairs

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (docs/results-schema.md); NaN becomes null."""
        return {"source": self.source, "pairs": self.pairs, "oov_pairs": self.oov_pairs,
                "split_pairs": self.split_pairs, "subword_pairs": self.subword_pairs,
                "pieces_pairs": self.pieces_pairs, "pairs_used": self.pairs_used,
                "spearman": finite_or_none(self.spearman),
                "spearman_ci": [finite_or_none(x) for x in self.spearman_ci],
                "pearson": finite_or_none(self.pearson)}


def read_pairs(path: str | os.PathLike[str]) -> list[Pair]:
    """Parse a similarity file; a malformed line raises an error naming its line number."""
    text = read_text(path)
    delimiter = delimiter_of(text)
    pairs: list[Pair] = []
    for number, row in rows(text):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 3 or not row[0].strip() or not row[1].strip():
            raise EvaluationFileError(f"{path}: line {number}: expected word1{delimiter}word2"
                                      f"{delimiter}score, got {delimiter.join(row)!r}")
        try:
            score = float(row[2])
        except ValueError:
            if number == 1 and not pairs:  # a header line
                continue
            raise EvaluationFileError(f"{path}: line {number}: score {row[2]!r} is not a "
                                      "number") from None
        if not math.isfinite(score):
            raise EvaluationFileError(f"{path}: line {number}: score {row[2]!r} is not a "
                                      "finite number")
        pairs.append((row[0].strip(), row[1].strip(), score))
    if not pairs:
        raise EvaluationFileError(f"{path}: no word pairs found")
    return pairs


def evaluate_pairs(kv: Any, source: str | os.PathLike[str] | Sequence[Pair],
                   map_word: Callable[[str], str | None] | None = None,
                   pieces: bool = False) -> PairResult:
    """Spearman and Pearson of ``kv``'s cosine similarities against the gold scores.

    Parameters
    ----------
    kv : gensim KeyedVectors, FastTextKeyedVectors or :class:`~kow2v.surface.SurfaceVectors`
        Subword vectors answer pairs with a word outside the vocabulary (counted in
        ``subword_pairs``); jamo-keyed vectors (kow2v's FastText) are asked in ordinary
        spelling.
    source : path or list of (word1, word2, score)
    map_word : callable, optional
        Maps an evaluation word to the token the corpus tokenizer makes of it, or None when
        the tokenizer splits it (see :class:`~kow2v.evaluation.tokenized.TokenMapper`).
    pieces : bool
        Score a split word by the mean of its pieces' vectors (``pieces_pairs``).

    The Spearman interval is a 95% bootstrap over the pairs used.
    """
    if isinstance(source, (str, os.PathLike)):
        pairs, origin = read_pairs(source), str(source)
    else:
        pairs, origin = list(source), None
    lookup = WordLookup(kv, map_word, pieces)
    split = subword = by_pieces = 0
    used: list[Pair] = []
    for a, b, score in pairs:
        kinds = (lookup.kind(a), lookup.kind(b))
        if SPLIT in kinds:
            split += 1
        elif OOV not in kinds:
            used.append((a, b, score))
            subword += SUBWORD in kinds
            by_pieces += PIECES in kinds
    oov = len(pairs) - split - len(used)
    if len(used) < 3:
        return PairResult(float("nan"), float("nan"), len(pairs), oov, split, origin, subword,
                          by_pieces)
    from scipy import stats

    gold = np.array([s for _, _, s in used])
    model = np.array([float(unit(lookup.vector(a)) @ unit(lookup.vector(b)))
                      for a, b, _ in used])
    if subword or by_pieces:  # gensim's formula, with vectors gensim cannot give
        spearman, pearson = stats.spearmanr(gold, model)[0], stats.pearsonr(gold, model)[0]
    else:  # gensim's own evaluate_word_pairs
        key = lookup.surface.key
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "pairs.tsv"
            path.write_text("".join(f"{key(lookup.token(a) or a)}\t{key(lookup.token(b) or b)}"
                                    f"\t{s}\n" for a, b, s in used), encoding="utf-8")
            pear, spear, _ = lookup.kv.evaluate_word_pairs(str(path), delimiter="\t",
                                                           case_insensitive=False)
        spearman, pearson = spear[0], pear[0]
    interval = statistic_interval(len(used), lambda idx: float(stats.spearmanr(gold[idx],
                                                                               model[idx])[0]))
    return PairResult(float(spearman), float(pearson), len(pairs), oov, split, origin,
                      subword, by_pieces, interval)
