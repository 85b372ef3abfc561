"""``kow2v demo``: the main job on the bundled corpus, small enough for a laptop.

Tokenizes the bundled movie reviews with each available tokenizer of a fast set, trains
kow2v and gensim on each tokenization with the same settings, evaluates everything on the
project's evaluation sets, and writes the comparison report.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kow2v.bundled import bundled

#: fast enough together for the demo's time budget; hannanum and kkma can be asked for
DEMO_TOKENIZERS = ("whitespace", "mecab", "kiwi", "okt", "komoran", "soynlp-ltokenizer")


def run_demo(args: argparse.Namespace) -> int:
    from kow2v.cli_evaluate import cmd_compare

    corpus = args.corpus or bundled("nsmc-sample.txt.gz")
    out = Path(args.output)
    compare_args = argparse.Namespace(
        corpus=corpus, tokenizers=args.tokenizers or ",".join(DEMO_TOKENIZERS),
        trainers="kow2v,gensim", output=out, sg=False, epochs=10, vector_size=100, window=5,
        min_count=3, seed=1, workers=1, analogies=[], similarity=[], no_default_sets=False,
        cache_dir=out / "cache", encoding="utf-8", errors="strict", quiet=args.quiet)
    command = "kow2v demo" + (f" --corpus {args.corpus}" if args.corpus else "") + \
        (f" -t {args.tokenizers}" if args.tokenizers else "")
    return cmd_compare(compare_args, command=command)
