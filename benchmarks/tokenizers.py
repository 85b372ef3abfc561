"""Tokenizer speed on a fixed slice of the shared NSMC corpus, and the --workers 2 speed-up.

Usage: python benchmarks/tokenizers.py [--corpus ../shared/corpora/nsmc-reviews.txt.gz]
       [--lines 3000] [--names okt,komoran,...] [--repeat 3]

Prints, per tokenizer: start-up seconds, chars/s and tokens/s in one process (median of
--repeat runs after a warm-up line), then for --workers 2 vs 1 the wall-clock speed-up of the
whole `tokenize_lines` call (process and JVM start-up included) on a longer slice
(--worker-lines): a JVM tagger's JIT compiler keeps a second core busy for its first ~10k
lines (measured for Okt: 1.36 cores, then 1.00), so a short slice measures start-up and JIT
warm-up, not throughput.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from pathlib import Path

from kow2v import tokenizers
from kow2v.corpus import LineCorpus
from kow2v.tokenize import fit_if_needed
from kow2v.tokenizers.parallel import tokenize_lines

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpora/nsmc-reviews.txt.gz"


def timed(lines, tok, workers):
    start = time.perf_counter()
    tokens = sum(len(t) for t in tokenize_lines(lines, tok, workers=workers, chunk_size=100))
    return time.perf_counter() - start, tokens


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--lines", type=int, default=3000)
    ap.add_argument("--names", default=",".join(tokenizers.tokenizer_names()))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers-for", default="okt,komoran,hannanum,kkma,kiwi,mecab")
    ap.add_argument("--worker-lines", type=int, default=60000)
    args = ap.parse_args()
    all_lines = list(itertools.islice(LineCorpus(args.corpus), max(args.lines,
                                                                   args.worker_lines)))
    lines = all_lines[:args.lines]
    worker_lines = all_lines[:args.worker_lines]
    chars = sum(map(len, lines))
    print(f"slice: first {len(lines):,} lines of {args.corpus.name}, {chars:,} chars")
    print(f"workers slice: first {len(worker_lines):,} lines")
    print(f"{'tokenizer':<20}{'start s':>8}{'chars/s':>12}{'tokens/s':>12}"
          f"{'w1 s':>8}{'w2 s':>8}{'w2/w1':>7}")
    status = tokenizers.available()
    for name in args.names.split(","):
        if status.get(name) is not None:
            print(f"{name:<20} unavailable: {status.get(name)}")
            continue
        t0 = time.perf_counter()
        tok = tokenizers.get(name)
        fit_if_needed(tok, lines)
        tok.tokenize("준비 운동")
        startup = time.perf_counter() - t0
        runs = [timed(lines, tok, 1) for _ in range(args.repeat)]
        secs = statistics.median(r[0] for r in runs)
        tokens = runs[0][1]
        row = f"{name:<20}{startup:>8.2f}{chars / secs:>12,.0f}{tokens / secs:>12,.0f}"
        if name in args.workers_for.split(","):
            w1 = timed(worker_lines, tok, 1)[0]
            w2 = timed(worker_lines, tok, 2)[0]
            row += f"{w1:>8.1f}{w2:>8.1f}{w1 / w2:>7.2f}"
        print(row, flush=True)


if __name__ == "__main__":
    main()
