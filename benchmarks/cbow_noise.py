"""Why one epoch of CBOW gives noisier neighbours than skip-gram, seed to seed.

Usage: python benchmarks/cbow_noise.py [--corpus ../shared/corpora/nsmc-reviews.txt.gz]

Trains gensim 4 (the reference, so the finding is about the method, not kow2v) twice with
different seeds per setting and prints the mean top-10 neighbour overlap of the two runs over
the 500 most frequent words, overall and by frequency band (ranks 1-100, 101-300, 301-500).
Settings: skip-gram and CBOW at gensim's default alpha 0.025, CBOW at word2vec.c's CBOW
default alpha 0.05, and CBOW with 5 epochs. Whitespace tokens, vector_size 100, window 5,
negative 5, sample 1e-3, min_count 5, workers 1.
"""

from __future__ import annotations

import argparse

import numpy as np
from shared_data import NSMC

SETTINGS = {
    "skip-gram, alpha 0.025, 1 epoch": dict(sg=1, alpha=0.025, epochs=1),
    "CBOW, alpha 0.025, 1 epoch": dict(sg=0, alpha=0.025, epochs=1),
    "CBOW, alpha 0.05, 1 epoch": dict(sg=0, alpha=0.05, epochs=1),
    "CBOW, alpha 0.025, 5 epochs": dict(sg=0, alpha=0.025, epochs=5),
}
BANDS = ((0, 100), (100, 300), (300, 500))


def overlaps(a, b, n: int = 500, k: int = 10) -> np.ndarray:
    """Top-k neighbour overlap of each of the n most frequent words between two models."""
    words = a.index_to_key[:n]
    return np.array([len({w for w, _ in a.most_similar(x, topn=k)}
                         & {w for w, _ in b.most_similar(x, topn=k)}) / k for x in words])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(NSMC))
    args = ap.parse_args()
    from gensim.models import Word2Vec

    from kow2v.corpus import TokenizedCorpus

    corpus = TokenizedCorpus(args.corpus)
    base = dict(vector_size=100, window=5, negative=5, sample=1e-3, min_count=5, workers=1)
    print(f"{'setting':<32}{'overlap':>8}" + "".join(f"{f'ranks {lo + 1}-{hi}':>14}"
                                                    for lo, hi in BANDS)
          + f"{'mean |v|':>10}")
    for name, params in SETTINGS.items():
        a, b = (Word2Vec(corpus, seed=seed, **base, **params).wv for seed in (1, 2))
        o = overlaps(a, b)
        norms = np.linalg.norm(a.vectors[:500], axis=1).mean()
        print(f"{name:<32}{o.mean():>8.3f}" + "".join(f"{o[lo:hi].mean():>14.3f}"
                                                      for lo, hi in BANDS)
              + f"{norms:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
