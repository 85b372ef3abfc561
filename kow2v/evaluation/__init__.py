"""Evaluate word vectors: analogies (3CosAdd, 3CosMul), similarity, neighbour overlap."""

from kow2v.evaluation.analogies import AnalogyResult, evaluate_analogies, read_analogies
from kow2v.evaluation.neighbours import neighbour_overlap
from kow2v.evaluation.similarity import PairResult, evaluate_pairs, read_pairs
from kow2v.evaluation.suite import ClassificationSet, EvalSets, Evaluation, evaluate_sets
from kow2v.evaluation.tokenized import TokenMapper

__all__ = ["AnalogyResult", "ClassificationSet", "EvalSets", "Evaluation", "PairResult",
           "TokenMapper", "evaluate_analogies", "evaluate_pairs", "evaluate_sets",
           "neighbour_overlap", "read_analogies", "read_pairs"]
