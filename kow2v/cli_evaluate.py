"""``kow2v evaluate`` and ``kow2v compare``."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import Any


def add_commands(sub: Any) -> None:
    from kow2v.cli import add_corpus_options

    p = sub.add_parser("evaluate", help="analogy and similarity scores of a vectors file")
    p.add_argument("vectors", type=Path, help=".kv, .bin or .txt vectors")
    p.add_argument("--analogies", type=Path, action="append", default=[],
                   help="analogy file (': section' or '# section' headers); repeatable. "
                   "Default: the project's corpora/eval sets when neither option is given")
    p.add_argument("--similarity", type=Path, action="append", default=[],
                   help="word1,word2,score file (CSV/TSV, header optional); repeatable")
    p.add_argument("-t", "--tokenizer", help="pass evaluation words through this tokenizer "
                   "(the one the corpus was tokenized with)")
    p.add_argument("--restrict-vocab", type=int, default=300000)
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument("--unicode-errors", choices=("strict", "replace", "ignore"),
                   default="strict", help="word2vec files: what to do with keys that are not "
                   "valid UTF-8")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("compare", help="tokenizers x trainers on one corpus, as a report")
    p.add_argument("corpus", type=Path)
    p.add_argument("-t", "--tokenizers", required=True, help="comma-separated tokenizer names")
    p.add_argument("--trainers", default="kow2v,gensim", help="kow2v,gensim (default both)")
    p.add_argument("-o", "--output", type=Path, required=True, help="report directory")
    p.add_argument("--sg", action="store_true", help="skip-gram (default: CBOW)")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--vector-size", type=int, default=100)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--analogies", type=Path, action="append", default=[])
    p.add_argument("--similarity", type=Path, action="append", default=[])
    p.add_argument("--no-default-sets", action="store_true",
                   help="do not add the project's own evaluation sets")
    p.add_argument("--cache-dir", type=Path, default=Path(".kow2v-cache"),
                   help="where tokenized corpora are cached (default ./.kow2v-cache)")
    add_corpus_options(p)
    p.set_defaults(func=cmd_compare)


def _eval_sets(args: argparse.Namespace, use_defaults: bool) -> tuple[list[Path], list[Path]]:
    from kow2v.compare import default_eval_sets

    analogies, similarity = list(args.analogies), list(args.similarity)
    if use_defaults:
        default_a, default_s = default_eval_sets()
        analogies, similarity = default_a + analogies, default_s + similarity
    return analogies, similarity


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kow2v import tokenizers
    from kow2v.evaluation import TokenMapper, evaluate_analogies, evaluate_pairs
    from kow2v.keyedvectors import load_vectors

    kv = load_vectors(args.vectors, unicode_errors=args.unicode_errors)
    analogies, similarity = _eval_sets(args, not args.analogies and not args.similarity)
    mapper = TokenMapper(tokenizers.get(args.tokenizer)) if args.tokenizer else None
    report: dict[str, Any] = {"vectors": str(args.vectors), "analogies": {}, "similarity": {}}
    for path in analogies:
        r = evaluate_analogies(kv, path, args.restrict_vocab, map_word=mapper)
        report["analogies"][str(path)] = {
            "accuracy_3cosadd": r.accuracy_add, "accuracy_3cosmul": r.accuracy_mul,
            "questions": r.questions, "answered": r.answered, "skipped_ratio": r.skipped_ratio,
            "sections": [{"name": s.name, "questions": s.questions, "answered": s.answered,
                          "split": s.split, "accuracy_3cosadd": s.accuracy_add,
                          "accuracy_3cosmul": s.accuracy_mul} for s in r.sections]}
    for path in similarity:
        p = evaluate_pairs(kv, path, map_word=mapper)
        report["similarity"][str(path)] = {"spearman": p.spearman, "pearson": p.pearson,
                                           "pairs": p.pairs, "oov_pairs": p.oov_pairs,
                                           "split_pairs": p.split_pairs}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for path, r in report["analogies"].items():
        print(f"analogies {path}: 3CosAdd {r['accuracy_3cosadd']:.3f}, 3CosMul "
              f"{r['accuracy_3cosmul']:.3f} on {r['answered']}/{r['questions']} questions "
              f"({r['skipped_ratio']:.0%} skipped: out of vocabulary or split)")
        for s in r["sections"]:
            print(f"  {s['name']:<28} 3CosAdd {s['accuracy_3cosadd']:.3f}  3CosMul "
                  f"{s['accuracy_3cosmul']:.3f}  answered {s['answered']}/{s['questions']}"
                  f"  split {s['split']}")
    for path, p in report["similarity"].items():
        used = p["pairs"] - p["oov_pairs"] - p["split_pairs"]
        print(f"similarity {path}: Spearman {p['spearman']:.3f}, Pearson {p['pearson']:.3f} on "
              f"{used}/{p['pairs']} pairs ({p['oov_pairs']} out of vocabulary, "
              f"{p['split_pairs']} split)")
    return 0


def cmd_compare(args: argparse.Namespace, command: str | None = None) -> int:
    from kow2v.cli import _table
    from kow2v.compare import SUMMARY_HEADER, CompareConfig, run_compare, summary_rows
    from kow2v.corpus import LineCorpus
    from kow2v.report import write_report

    analogies, similarity = _eval_sets(args, not args.no_default_sets)
    cfg = CompareConfig(tokenizers=[t for t in args.tokenizers.split(",") if t],
                        trainers=[t for t in args.trainers.split(",") if t], sg=int(args.sg),
                        epochs=args.epochs, vector_size=args.vector_size, window=args.window,
                        min_count=args.min_count, seed=args.seed, workers=args.workers,
                        analogies=analogies, similarity=similarity, cache_dir=args.cache_dir)
    corpus = LineCorpus(args.corpus, encoding=args.encoding, errors=args.errors)
    results = run_compare(corpus, cfg, progress=not args.quiet)
    command = command or "kow2v " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    report = write_report(results, args.output, command=command)
    print(_table(summary_rows(results), SUMMARY_HEADER))
    print(f"\nreport: {report} (with report.json and figures in {args.output})")
    return 0
