"""Online vocabulary updates, kow2v against gensim: train on the first half of the corpus,
``build_vocab(second_half, update=True)``, train on the second half.

Usage: python benchmarks/online_update.py [--corpus ../shared/corpora/nsmc-reviews.txt.gz]
       [--epochs 3] [--workers 2] [--sg 0]

Whitespace tokens, vector_size 100, window 5, negative 5, sample 1e-3, min_count 5. After the
update, prints whether kow2v's vocabulary (words in order), counts and ``sample_int`` equal
gensim's after the same calls, then the mean top-10 neighbour overlap of the updated kow2v
model with the updated gensim model, beside two gensim models updated the same way with
different seeds (the floor), over the 500 most frequent words, and over the 200 most frequent
words the update added. Both read the halves as ``TokenizedCorpus``.
"""

from __future__ import annotations

import argparse
import gzip
import tempfile
import time
from pathlib import Path

import numpy as np
from shared_data import NSMC

PARAMS = dict(vector_size=100, window=5, negative=5, sample=1e-3, min_count=5)


def halves(corpus: Path, tmp: Path) -> tuple[Path, Path]:
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    a, b = tmp / "first.txt", tmp / "second.txt"
    a.write_text("".join(lines[:len(lines) // 2]), encoding="utf-8")
    b.write_text("".join(lines[len(lines) // 2:]), encoding="utf-8")
    return a, b


def updated(trainer: str, a: Path, b: Path, seed: int, args: argparse.Namespace):
    from kow2v.corpus import TokenizedCorpus

    if trainer == "kow2v":
        from kow2v import Word2Vec
    else:
        from gensim.models import Word2Vec
    model = Word2Vec(sg=args.sg, epochs=args.epochs, workers=args.workers, seed=seed, **PARAMS)
    first, second = TokenizedCorpus(a), TokenizedCorpus(b)
    start = time.perf_counter()
    model.build_vocab(first)
    model.train(first, total_examples=model.corpus_count, epochs=model.epochs)
    old = len(model.wv)
    model.build_vocab(second, update=True)
    model.train(second, total_examples=model.corpus_count, epochs=model.epochs)
    print(f"  {trainer} seed {seed}: {old:,} words, {len(model.wv):,} after the update, "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    return model, old


def state(model, kow2v: bool):
    if kow2v:
        return (model.wv.index_to_key, model.vocab.counts.tolist(),
                model.vocab.sample_int(model.sample).tolist())
    wv = model.wv
    return (wv.index_to_key, [int(wv.get_vecattr(i, "count")) for i in range(len(wv))],
            [int(wv.get_vecattr(i, "sample_int")) for i in range(len(wv))])


def overlap_on(a, b, words: list[str], topn: int = 10) -> float:
    return float(np.mean([len({w for w, _ in a.most_similar(x, topn=topn)}
                              & {w for w, _ in b.most_similar(x, topn=topn)}) / topn
                          for x in words]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=NSMC)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sg", type=int, default=0)
    args = ap.parse_args()
    print(f"corpus {args.corpus}; {PARAMS}; sg={args.sg}, epochs {args.epochs} per half, "
          f"workers {args.workers}")
    with tempfile.TemporaryDirectory() as tmp:
        a, b = halves(args.corpus, Path(tmp))
        ours, old = updated("kow2v", a, b, 1, args)
        theirs, _ = updated("gensim", a, b, 1, args)
        again, _ = updated("gensim", a, b, 2, args)
    k, g = state(ours, True), state(theirs, False)
    for name, x, y in zip(("words", "counts", "sample_int"), k, g, strict=True):
        same = x == y
        print(f"{name:<11} {'equal to gensim' if same else 'DIFFERENT from gensim'} "
              f"({len(x):,} entries)")
    frequent = ours.wv.index_to_key[:500]
    added = ours.wv.index_to_key[old:]
    added = sorted(added, key=lambda w: -ours.vocab.counts[ours.wv.key_to_index[w]])[:200]
    for label, words in (("500 most frequent words", frequent),
                         (f"{len(added)} most frequent added words", added)):
        print(f"top-10 overlap, {label}: kow2v-gensim {overlap_on(ours.wv, theirs.wv, words):.3f}"
              f", gensim-gensim (floor) {overlap_on(again.wv, theirs.wv, words):.3f}")


if __name__ == "__main__":
    main()
