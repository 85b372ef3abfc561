"""Evaluate word vectors: analogies (3CosAdd, 3CosMul), similarity, neighbour overlap.

The names below are imported on first use: training imports :mod:`.spread` (its check that
vectors moved apart) without paying for the rest (about 40 ms: the evaluation modules and the
jamo tables they build), which on a small corpus was a third of a ``train()`` call.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kow2v.evaluation.analogies import AnalogyResult, evaluate_analogies, read_analogies
    from kow2v.evaluation.neighbours import neighbour_overlap
    from kow2v.evaluation.similarity import PairResult, evaluate_pairs, read_pairs
    from kow2v.evaluation.suite import ClassificationSet, EvalSets, Evaluation, evaluate_sets
    from kow2v.evaluation.tokenized import TokenMapper

_MODULE_OF = {
    "AnalogyResult": "analogies", "evaluate_analogies": "analogies",
    "read_analogies": "analogies", "neighbour_overlap": "neighbours",
    "PairResult": "similarity", "evaluate_pairs": "similarity", "read_pairs": "similarity",
    "ClassificationSet": "suite", "EvalSets": "suite", "Evaluation": "suite",
    "evaluate_sets": "suite", "TokenMapper": "tokenized",
}

__all__ = ["AnalogyResult", "ClassificationSet", "EvalSets", "Evaluation", "PairResult",
           "TokenMapper", "evaluate_analogies", "evaluate_pairs", "evaluate_sets",
           "neighbour_overlap", "read_analogies", "read_pairs"]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'kow2v.evaluation' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kow2v.evaluation.{module}"), name)
