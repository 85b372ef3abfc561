"""Which jamo n-gram lengths to default to: kow2v.FastText(subwords="jamo") with several
(min_n, max_n), scored on the Korean WS-353 and the syntactic analogies (every word answered
through its n-grams), with training speed.

Usage: python benchmarks/fasttext_ngrams.py [--reviews 200000] [--epochs 3]
       [--grid 2-4,3-5,3-6,3-9,4-9] [--tokens whitespace,mecab] [--workdir /tmp/kow2v-ft-bench]

A syllable is three jamo, so 3-6 covers one to two syllables, 3-9 up to three. Skip-gram,
vector_size 100, window 5, min_count 5, bucket 2,000,000, the first --reviews reviews of the
benchmark corpus, tokenized once (kept in --workdir, shared with fasttext_vs_gensim.py).
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shared_data import NSMC, SHARED

EVAL = SHARED / "eval/kor2vec"


def tokens_file(tokens: str, reviews: int, workdir: Path) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    full = workdir / f"{tokens}.txt"
    if not full.exists():
        subprocess.run([sys.executable, "-m", "kow2v", "-q", "tokenize", str(NSMC), "-t", tokens,
                        "--workers", "2", "-o", str(full)], check=True)
    part = workdir / f"{tokens}.{reviews}.txt"
    if not part.exists():
        with open(full, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as out:
            out.writelines(itertools.islice(src, reviews))
    return part


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reviews", type=int, default=200_000)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--grid", default="2-4,3-5,3-6,3-9,4-9")
    ap.add_argument("--tokens", default="whitespace,mecab")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) /
                    "kow2v-ft-bench")
    args = ap.parse_args()
    from kow2v import FastText
    from kow2v.corpus import TokenizedCorpus
    from kow2v.evaluation import evaluate_analogies, evaluate_pairs

    print(f"first {args.reviews:,} reviews, skip-gram, {args.epochs} epochs", flush=True)
    print(f"{'tokens':<11}{'n-grams':>8}{'WS-353 rho':>11}{'pairs':>8}{'syntactic':>10}"
          f"{'answered':>10}{'semantic':>9}{'words/s':>10}", flush=True)
    for tokens in args.tokens.split(","):
        corpus = TokenizedCorpus(tokens_file(tokens, args.reviews, args.workdir))
        for span in args.grid.split(","):
            min_n, max_n = (int(x) for x in span.split("-"))
            model = FastText(vector_size=100, window=5, min_count=5, sg=1, seed=1,
                             epochs=args.epochs, min_n=min_n, max_n=max_n, bucket=2_000_000)
            model.build_vocab(corpus)
            start = time.perf_counter()
            model.train(corpus, total_examples=model.corpus_count, epochs=args.epochs)
            speed = model.corpus_total_words * args.epochs / (time.perf_counter() - start)
            ws = evaluate_pairs(model.wv, EVAL / "kor_ws353.csv")
            syn = evaluate_analogies(model.wv, EVAL / "kor_analogy_syntactic.txt")
            sem = evaluate_analogies(model.wv, EVAL / "kor_analogy_semantic.txt")
            print(f"{tokens:<11}{span:>8}{ws.spearman:>11.3f}{ws.pairs_used:>5}/{ws.pairs:<3}"
                  f"{syn.accuracy_add:>9.3f}{syn.answered:>6}/{syn.questions:<4}"
                  f"{sem.accuracy_add:>8.3f}{speed:>10,.0f}", flush=True)


if __name__ == "__main__":
    main()
