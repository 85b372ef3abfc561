"""``kow2v evaluate``: analogy and similarity scores of a vectors file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kow2v.cli.options import (
    add_eval_set_options,
    add_unicode_errors_option,
    eval_sets,
    whole_number,
)


def add_commands(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="analogy and similarity scores of a vectors file")
    p.add_argument("vectors", type=Path, help=".kv, .bin or .txt vectors, or a model file "
                   "(kow2v's, or a gensim Word2Vec or FastText save)")
    add_eval_set_options(p)
    p.add_argument("-t", "--tokenizer", help="pass evaluation words (and documents) through "
                   "this tokenizer, the one the corpus was tokenized with (default: words as "
                   "they are, documents split at spaces)")
    p.add_argument("--workers", type=whole_number(1), default=1,
                   help="workers tokenizing the documents")
    p.add_argument("--restrict-vocab", type=whole_number(1), default=300000)
    p.add_argument("--json", action="store_true",
                   help="print JSON (the schema of docs/results-schema.md) instead of tables")
    add_unicode_errors_option(p)
    p.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kow2v import tokenizers
    from kow2v.any_vectors import load_any
    from kow2v.comparison import SCHEMA
    from kow2v.evaluation import TokenMapper, evaluate_sets
    from kow2v.evaluation.classification import tfidf_baseline
    from kow2v.evaluation.suite import tokenized_docs

    kv = load_any(args.vectors, args.unicode_errors)
    sets = eval_sets(args, with_bundled=not (args.analogies or args.similarity or
                                             args.classification))
    tokenizer = tokenizers.get(args.tokenizer or "whitespace")
    mapper = TokenMapper(tokenizer) if args.tokenizer else None
    docs = tokenized_docs(sets.classification, tokenizer, args.workers) \
        if sets.classification else None
    pieces = args.split_words == "mean"
    result = evaluate_sets(kv, sets, map_word=mapper, restrict_vocab=args.restrict_vocab,
                           pieces=pieces, docs=docs)
    baseline = tfidf_baseline(docs) if docs is not None else None
    if args.json:
        out = {"schema": SCHEMA, "vectors": str(args.vectors), **result.to_dict()}
        if baseline is not None:
            out["classification_baseline"] = baseline.to_dict()
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for name, r in result.analogies.items():
        through = f", {r.subword} through subwords" if r.subword else ""
        through += f", {r.pieces} by their pieces" if r.pieces else ""
        print(f"analogies {name}: 3CosAdd {r.accuracy_add:.3f} {_ci(r.accuracy_add_ci)}, "
              f"3CosMul {r.accuracy_mul:.3f}, top-30 {r.hit_rate:.3f}, distance "
              f"{r.mean_distance:.3f} on {r.answered}/{r.questions} questions{through} "
              f"({r.skipped_ratio:.0%} skipped: out of vocabulary or split)")
        for s in r.sections:
            print(f"  {s.name:<28} 3CosAdd {s.accuracy_add:.3f}  3CosMul {s.accuracy_mul:.3f}  "
                  f"answered {s.answered}/{s.questions}  split {s.split}")
    for name, p in result.similarity.items():
        through = f", {p.subword_pairs} through subwords" if p.subword_pairs else ""
        through += f", {p.pieces_pairs} by their pieces" if p.pieces_pairs else ""
        print(f"similarity {name}: Spearman {p.spearman:.3f} {_ci(p.spearman_ci)}, Pearson "
              f"{p.pearson:.3f} on {p.pairs_used}/{p.pairs} pairs{through} ({p.oov_pairs} out "
              f"of vocabulary, {p.split_pairs} split)")
    if result.classification is not None and baseline is not None:
        c = result.classification
        print(f"classification {sets.classification.name}: accuracy {c.accuracy:.3f} "
              f"{_ci(c.accuracy_ci)}, macro-F1 {c.macro_f1:.3f} {_ci(c.macro_f1_ci)} (mean "
              f"word vectors; {c.train_docs:,} / {c.test_docs:,} documents, {c.empty_docs:,} "
              f"without a vector); TF-IDF baseline: accuracy {baseline.accuracy:.3f} "
              f"{_ci(baseline.accuracy_ci)}, macro-F1 {baseline.macro_f1:.3f}")
    return 0


def _ci(interval: tuple[float, float]) -> str:
    return f"[{interval[0]:.3f}, {interval[1]:.3f}]"
