"""``kow2v demo``: the main job on the bundled corpus, small enough for a laptop."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from kow2v import tokenizers
from kow2v.bundled import bundled
from kow2v.corpus import LineCorpus
from kow2v.tokenize import TokenizeStats, fit_if_needed, tokenize_to_file

log = logging.getLogger(__name__)

#: fast enough together for the demo's time budget; hannanum and kkma can be asked for
DEMO_TOKENIZERS = ("whitespace", "mecab", "kiwi", "okt", "komoran", "soynlp-ltokenizer")


def tokenize_all(
    corpus: LineCorpus, names: list[str], out_dir: Path, progress: bool
) -> list[TokenizeStats]:
    """Tokenize ``corpus`` with each available tokenizer into ``out_dir/NAME.txt``."""
    status = tokenizers.available()
    results = []
    for name in names:
        if status.get(name, "unknown tokenizer") is not None:
            log.warning("skipping %s: %s", name, status.get(name, "unknown tokenizer"))
            continue
        tokenizer = tokenizers.get(name)
        fit_if_needed(tokenizer, corpus)
        results.append(tokenize_to_file(corpus, tokenizer, out_dir / f"{name}.txt",
                                        progress=progress))
    return results


def run_demo(args: argparse.Namespace) -> int:
    corpus = LineCorpus(args.corpus or bundled("nsmc-sample.txt.gz"))
    names = args.tokenizers.split(",") if args.tokenizers else list(DEMO_TOKENIZERS)
    out_dir = Path(args.output)
    stats = tokenize_all(corpus, names, out_dir / "tokenized", progress=not args.quiet)
    print(f"\ncorpus: {corpus.path} ({stats[0].lines:,} lines, {stats[0].chars:,} chars)\n")
    header = f"{'tokenizer':<20}{'tokens':>10}{'vocabulary':>12}{'tokens/s':>12}{'chars/s':>12}"
    print(header)
    print("-" * len(header))
    for s in stats:
        print(f"{s.tokenizer:<20}{s.tokens:>10,}{s.vocabulary:>12,}{s.tokens_per_sec:>12,.0f}"
              f"{s.chars_per_sec:>12,.0f}")
    print(f"\ntokenized corpora are in {out_dir / 'tokenized'}")
    return 0
