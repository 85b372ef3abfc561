"""Which trainers' vectors agree with which: top-10 neighbour overlap for every pair of models.

Usage: python benchmarks/agreement_matrix.py CORPUS.txt [--sg 0|1]

Trains, with vs_gensim's settings (1 epoch) and two seeds each: kow2v with 1 and 2 workers,
gensim reading the file with ``corpus_file=`` with 1 and 2 workers, and gensim reading it in
order (``TokenizedCorpus``) with 2 workers; prints the overlap of every pair. It showed why
kow2v with 2 workers seemed to agree less with gensim's ``corpus_file`` with 2 workers than
that did with itself: ``corpus_file`` gives each thread a contiguous part of the file, trained
side by side, and its vectors differ from those of every in-order trainer, gensim's own
one-worker mode included.
"""

from __future__ import annotations

import argparse
import tempfile

from vs_gensim import PARAMS, run

MODELS = [("kow2v", 1), ("kow2v", 2), ("gensim-file", 1), ("gensim-file", 2), ("gensim", 2)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", help="a whitespace-tokenized text file, one sentence a line")
    ap.add_argument("--sg", type=int, default=0)
    args = ap.parse_args()
    from gensim.models import KeyedVectors

    from kow2v.evaluation import neighbour_overlap

    kvs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for trainer, workers in MODELS:
            for seed in (1, 2):
                result, out = run(trainer, args.corpus, args.sg, workers, seed, tmp, PARAMS)
                name = f"{trainer} w{workers} s{seed}"
                kvs[name] = KeyedVectors.load(out)
                print(f"{name:<20}{result['words'] / result['seconds']:>12,.0f} words/s",
                      flush=True)
    names = list(kvs)
    print(f"{'':<20}" + "".join(f"{i:>7}" for i in range(len(names))))
    for i, a in enumerate(names):
        cells = "".join(f"{'':>7}" if a == b else f"{neighbour_overlap(kvs[a], kvs[b]):>7.3f}"
                        for b in names)
        print(f"{i} {a:<18}{cells}", flush=True)


if __name__ == "__main__":
    main()
