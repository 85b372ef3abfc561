"""Word-similarity evaluation: Spearman and Pearson of cosine similarity against human scores.

Reads ``word1,word2,score`` (CSV or TSV, header optional, UTF-8 BOM and CRLF tolerated), as
the published Korean sets come. Out-of-vocabulary pairs are counted and reported, never
silently dropped from the report.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scipy import stats

from kow2v.errors import EvaluationFileError


@dataclass
class PairResult:
    spearman: float
    pearson: float
    pairs: int
    oov_pairs: int

    @property
    def oov_ratio(self) -> float:
        return self.oov_pairs / self.pairs if self.pairs else 0.0


def read_pairs(path: str | os.PathLike[str]) -> list[tuple[str, str, float]]:
    """Parse a similarity file; a bad line raises an error naming its line number."""
    text = Path(path).read_bytes().decode("utf-8-sig")
    delimiter = "\t" if "\t" in text.split("\n", 1)[0] else ","
    pairs = []
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 3:
            raise EvaluationFileError(f"{path}: line {number}: expected word1,word2,score")
        try:
            score = float(row[2])
        except ValueError:
            if number == 1:  # a header line
                continue
            raise EvaluationFileError(f"{path}: line {number}: score {row[2]!r} is not a "
                                      "number") from None
        pairs.append((row[0].strip(), row[1].strip(), score))
    if not pairs:
        raise EvaluationFileError(f"{path}: no word pairs found")
    return pairs


def evaluate_pairs(kv: Any, path: str | os.PathLike[str]) -> PairResult:
    """Correlate cosine similarities of in-vocabulary pairs with the file's scores."""
    pairs = read_pairs(path)
    gold, pred = [], []
    for a, b, score in pairs:
        if a in kv.key_to_index and b in kv.key_to_index:
            gold.append(score)
            pred.append(float(kv.similarity(a, b)))
    if len(gold) < 2:
        return PairResult(float("nan"), float("nan"), len(pairs), len(pairs) - len(gold))
    return PairResult(float(stats.spearmanr(gold, pred)[0]), float(stats.pearsonr(gold, pred)[0]),
                      len(pairs), len(pairs) - len(gold))
