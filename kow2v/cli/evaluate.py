"""``kow2v evaluate``: analogy and similarity scores of a vectors file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kow2v.cli.options import add_eval_set_options, add_unicode_errors_option, eval_sets


def add_commands(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="analogy and similarity scores of a vectors file")
    p.add_argument("vectors", type=Path, help=".kv, .bin or .txt vectors")
    add_eval_set_options(p)
    p.add_argument("-t", "--tokenizer", help="pass evaluation words through this tokenizer "
                   "(the one the corpus was tokenized with)")
    p.add_argument("--restrict-vocab", type=int, default=300000)
    p.add_argument("--json", action="store_true",
                   help="print JSON (the schema of docs/results-schema.md) instead of tables")
    add_unicode_errors_option(p)
    p.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kow2v import tokenizers
    from kow2v.comparison import SCHEMA
    from kow2v.evaluation import TokenMapper, evaluate_sets
    from kow2v.keyedvectors import load_vectors

    kv = load_vectors(args.vectors, unicode_errors=args.unicode_errors)
    sets = eval_sets(args, with_bundled=not args.analogies and not args.similarity)
    mapper = TokenMapper(tokenizers.get(args.tokenizer)) if args.tokenizer else None
    result = evaluate_sets(kv, sets, map_word=mapper, restrict_vocab=args.restrict_vocab)
    if args.json:
        print(json.dumps({"schema": SCHEMA, "vectors": str(args.vectors), **result.to_dict()},
                         ensure_ascii=False, indent=2))
        return 0
    for name, r in result.analogies.items():
        through = f", {r.subword} through subwords" if r.subword else ""
        print(f"analogies {name}: 3CosAdd {r.accuracy_add:.3f}, 3CosMul {r.accuracy_mul:.3f} on "
              f"{r.answered}/{r.questions} questions{through} ({r.skipped_ratio:.0%} skipped: "
              "out of vocabulary or split)")
        for s in r.sections:
            print(f"  {s.name:<28} 3CosAdd {s.accuracy_add:.3f}  3CosMul {s.accuracy_mul:.3f}  "
                  f"answered {s.answered}/{s.questions}  split {s.split}")
    for name, p in result.similarity.items():
        through = f", {p.subword_pairs} through subwords" if p.subword_pairs else ""
        print(f"similarity {name}: Spearman {p.spearman:.3f}, Pearson {p.pearson:.3f} on "
              f"{p.pairs_used}/{p.pairs} pairs{through} ({p.oov_pairs} out of vocabulary, "
              f"{p.split_pairs} split)")
    return 0
