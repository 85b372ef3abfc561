"""``kow2v compare`` and ``kow2v demo`` (the comparison on the bundled corpus)."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

from kow2v.cli.options import (
    add_corpus_options,
    add_eval_set_options,
    add_train_options,
    corpus_from_args,
    eval_sets,
    guard_outputs,
    table,
    train_config,
)


def add_commands(sub: Any) -> None:
    p = sub.add_parser("compare", help="tokenizers x trainers on one corpus, as a report")
    p.add_argument("corpus", type=Path)
    p.add_argument("-t", "--tokenizers", required=True, help="comma-separated tokenizer names")
    p.add_argument("--trainers", default="kow2v,gensim",
                   help="comma-separated: kow2v, gensim (word2vec), kow2v-fasttext, "
                   "gensim-fasttext (default kow2v,gensim); gensim's FastText reads the jamo "
                   "spelling of the tokens when --subwords is jamo")
    p.add_argument("-o", "--output", type=Path, required=True, help="report directory")
    add_train_options(p)
    add_eval_set_options(p)
    p.add_argument("--no-default-sets", action="store_true",
                   help="no evaluation sets unless given (the project's own are used when "
                   "neither --analogies nor --similarity is given)")
    p.add_argument("--add", action="store_true",
                   help="add these tokenizers' runs to the report already in -o (same corpus, "
                   "trainers, settings and sets), instead of starting a new one: a tokenizer "
                   "already there is run again and replaced")
    p.add_argument("--cache-dir", type=Path, default=Path(".kow2v-cache"),
                   help="where tokenized corpora are cached (default ./.kow2v-cache), keyed "
                   "by the corpus, the tokenizer and its options, and the versions of kow2v's "
                   "text handling and the tokenizer's packages")
    add_corpus_options(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("demo", help="the main job on the bundled corpus")
    p.add_argument("--corpus", type=Path, help="corpus to use instead of the bundled sample")
    p.add_argument("-t", "--tokenizers", help="comma-separated tokenizers (default: a fast set)")
    p.add_argument("--quick", action="store_true",
                   help="a smoke run: whitespace and mecab only, 2 epochs (about 20 s)")
    p.add_argument("-o", "--output", type=Path, default=Path("demo-report"),
                   help="report directory (default ./demo-report)")
    p.set_defaults(func=cmd_demo)


def _report_files(out: Path) -> list[Path]:
    from kow2v.report import REPORT_FILES

    return [out / name for name in REPORT_FILES]


def _split(text: str) -> list[str]:
    return [t for t in text.split(",") if t]


def _summary(result: Any, report: Path, out: Path) -> None:
    from kow2v.compare import SUMMARY_HEADER, summary_rows
    from kow2v.figures import figures_missing

    print(table(summary_rows(result), SUMMARY_HEADER))
    if result.skipped:
        print("\nskipped: " + "; ".join(f"{k} ({v})" for k, v in result.skipped.items()))
    missing = figures_missing()
    print(f"\nreport: {report} (with report.json" +
          (f" in {out}; no figures: {missing})" if missing else f" and figures in {out})"))


def cmd_compare(args: argparse.Namespace) -> int:
    from kow2v.compare import run_compare
    from kow2v.comparison import CompareConfig
    from kow2v.config import FastTextConfig
    from kow2v.report import write_report

    guard_outputs(args, [args.output, args.cache_dir, *_report_files(args.output)], args.corpus)
    cfg = CompareConfig(tokenizers=_split(args.tokenizers), trainers=_split(args.trainers),
                        train=train_config(args, FastTextConfig, compute_loss=True),
                        sets=eval_sets(args, with_bundled=not (args.no_default_sets or
                                                               args.analogies or
                                                               args.similarity or
                                                               args.classification)),
                        cache_dir=args.cache_dir, pieces=args.split_words == "mean",
                        keep_vectors="first")
    corpus = corpus_from_args(args, args.corpus)
    earlier, fingerprint = _earlier_report(args.output, cfg, corpus) if args.add else (None, None)
    result = run_compare(corpus, cfg, progress=not args.quiet, fingerprint=fingerprint)
    if earlier is not None:
        from kow2v.comparison_json import add_runs

        result = add_runs(earlier, result)
    command = "kow2v " + " ".join(shlex.quote(a) for a in args.argv)
    _summary(result, write_report(result, args.output, command=command), args.output)
    return 0


def _earlier_report(out: Path, cfg: Any, corpus: Any) -> tuple[Any, str]:
    """The report in ``out`` that ``--add`` adds to, checked before any work is done, and the
    corpus's fingerprint (hashed once, here)."""
    from kow2v.compare import corpus_fingerprint
    from kow2v.comparison_json import check_addable, load_comparison
    from kow2v.errors import Kow2vError

    if not (out / "report.json").is_file():
        raise Kow2vError(f"--add: no report.json in {out} to add to (run without --add first)")
    earlier = load_comparison(out / "report.json")
    cfg.validate()
    fingerprint = corpus_fingerprint(corpus)
    check_addable(earlier, cfg, fingerprint)
    return earlier, fingerprint


def cmd_demo(args: argparse.Namespace) -> int:
    from kow2v.demo import run_demo

    names = _split(args.tokenizers) if args.tokenizers else None
    if args.corpus is not None:
        guard_outputs(args, [args.output, *_report_files(args.output)], args.corpus)
    result, report = run_demo(args.corpus, names, args.output, progress=not args.quiet,
                              quick=args.quick)
    _summary(result, report, args.output)
    return 0
