"""kow2v.FastText against gensim's FastText on the same n-grams: speed, memory, agreement,
and the Korean WS-353 answered in full.

Usage: python benchmarks/fasttext_vs_gensim.py [--corpus ../shared/corpora/nsmc-reviews.txt.gz]
       [--tokens whitespace,mecab] [--configs sg1w1,sg1w2,sg0w1,sg0w2] [--repeat 1]
       [--workdir /tmp/kow2v-ft-bench] [--no-ws353] [--epochs 1] [--shared-negatives N]

gensim's settings (min_n 3, max_n 6, bucket 2,000,000, vector_size 100, window 5, negative 5,
sample 1e-3, min_count 5), 1 epoch (``--epochs``). kow2v reads the tokens and takes jamo n-grams
(subwords="jamo"); gensim reads the same tokens spelt in jamo, so both hash exactly the same
n-grams (like for like). Both read their file with ``corpus_file=`` (gensim's fastest mode for
a file; kow2v's producer process). --repeat runs alternate the two trainers and report
medians. "vocab s" is ``build_vocab``'s seconds (median; kow2v's also keeps the corpus's token
codes for training, ``kow2v.coded_corpus``). Each training runs in its own process; words/s
is corpus words times epochs over training time; memory is the peak PSS of the process and
its workers from build_vocab until the vectors are saved (kow2v.memory, shared pages counted
once), as ``vs_gensim.py`` does and for its reason.
Agreement is the mean top-10 neighbour overlap between kow2v and gensim over the 500 most
frequent words, beside gensim against gensim with another seed (the noise floor); with
several workers both against gensim reading the file in order (``LineSentence``, the same
workers), as ``vs_gensim.py`` does.

Then the Korean WS-353 (../shared/eval/kor2vec/kor_ws353.csv): each fastText model answers
every pair (words outside the vocabulary through their n-grams), and kow2v's Word2Vec, trained
on the same tokens, on the pairs it covers (words passed through the tokenizer, whole and in
the vocabulary); fastText's Spearman on those same pairs is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shared_data import NSMC, SHARED
from vs_gensim import cpu_model

PARAMS = dict(vector_size=100, window=5, negative=5, sample=1e-3, min_count=5, epochs=1,
              min_n=3, max_n=6, bucket=2_000_000)
WS353 = SHARED / "eval/kor2vec/kor_ws353.csv"


def train_one(trainer: str, corpus: str, sg: int, workers: int, seed: int, out: str,
              epochs: int, shared: int = 0) -> None:
    from kow2v.memory import PeakMemory

    if trainer == "kow2v":
        from kow2v import FastText

        model = FastText(sg=sg, workers=workers, seed=seed, subwords="jamo",
                         shared_negatives=shared, **PARAMS)
    elif trainer == "kow2v-word2vec":
        from kow2v import Word2Vec

        w2v = {k: v for k, v in PARAMS.items() if k not in ("min_n", "max_n", "bucket")}
        model = Word2Vec(sg=sg, workers=workers, seed=seed, **w2v)
    else:
        from gensim.models import FastText

        model = FastText(sg=sg, workers=workers, seed=seed, **PARAMS)
    with PeakMemory() as peak:
        if trainer == "gensim-in-order":  # the quality reference for several workers
            from gensim.models.word2vec import LineSentence

            source = {"corpus_iterable": LineSentence(corpus)}
        else:
            source = {"corpus_file": corpus}
        vocab_start = time.perf_counter()
        model.build_vocab(**source)
        start = time.perf_counter()
        model.train(**source, total_examples=model.corpus_count,
                    total_words=model.corpus_total_words, epochs=epochs)
        seconds = time.perf_counter() - start
        if trainer.startswith("gensim"):
            model.wv.kow2v_subwords = "jamo"  # keys are jamo spellings, as kow2v's
        model.wv.save(out)
    print(json.dumps({"seconds": seconds, "vocab_seconds": start - vocab_start,
                      "words": model.corpus_total_words * epochs,
                      "peak_mb": peak.mb}))


def run(trainer: str, corpus: str, sg: int, workers: int, seed: int, tmp: str,
        epochs: int = 1, shared: int = 0) -> tuple:
    out = str(Path(tmp) / f"{trainer}-{Path(corpus).stem}-sg{sg}-w{workers}-s{seed}.kv")
    proc = subprocess.run([sys.executable, __file__, "--child", trainer, corpus, str(sg),
                           str(workers), str(seed), out, str(epochs), str(shared)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1]), out


def prepare(corpus: Path, tokens: str, workdir: Path) -> tuple[str, str]:
    """The tokenized corpus and its jamo spelling (made once, kept in ``workdir``)."""
    from kow2v.jamo import decompose

    workdir.mkdir(parents=True, exist_ok=True)
    plain = workdir / f"{tokens}.txt"
    if not plain.exists():
        subprocess.run([sys.executable, "-m", "kow2v", "-q", "tokenize", str(corpus), "-t",
                        tokens, "--workers", "2", "-o", str(plain)], check=True)
    jamo = workdir / f"{tokens}.jamo.txt"
    if not jamo.exists():
        with open(plain, encoding="utf-8") as src, open(jamo, "w", encoding="utf-8") as out:
            for line in src:
                out.write(" ".join(decompose(t) for t in line.split()) + "\n")
    return str(plain), str(jamo)


def ws353(tokens: str, fasttext_kv: str, word2vec_kv: str) -> str:
    from kow2v import tokenizers
    from kow2v.evaluation import TokenMapper, evaluate_pairs, read_pairs
    from kow2v.keyedvectors import load_vectors
    from kow2v.surface import SurfaceVectors

    pairs = read_pairs(WS353)
    ft, w2v = SurfaceVectors(load_vectors(fasttext_kv)), load_vectors(word2vec_kv)
    mapper = TokenMapper(tokenizers.get(tokens))
    covered = [(a, b, s) for a, b, s in pairs
               if mapper(a) in w2v.key_to_index and mapper(b) in w2v.key_to_index]
    whole = evaluate_pairs(ft, pairs)
    w = evaluate_pairs(w2v, covered, map_word=mapper)
    f_covered = evaluate_pairs(ft, covered)
    return (f"  WS-353 ({tokens}): fastText {whole.spearman:.3f} on {whole.pairs_used}/"
            f"{whole.pairs} pairs ({whole.subword_pairs} through subwords, "
            f"{whole.pairs - whole.pairs_used} dropped); on the {len(covered)} pairs Word2Vec "
            f"covers: Word2Vec {w.spearman:.3f}, fastText {f_covered.spearman:.3f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, trainer, corpus, sg, workers, seed, out, epochs, shared = sys.argv
        train_one(trainer, corpus, int(sg), int(workers), int(seed), out, int(epochs),
                  int(shared))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=NSMC)
    ap.add_argument("--tokens", default="whitespace,mecab")
    ap.add_argument("--configs", default="sg1w1,sg1w2,sg0w1,sg0w2")
    ap.add_argument("--repeat", type=int, default=1, help="runs per trainer; medians reported")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--shared-negatives", type=int, default=0,
                    help="kow2v's calls share this many negatives each (skip-gram and CBOW) "
                         "(kow2v's own, approximate; gensim trains as always)")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) /
                    "kow2v-ft-bench", help="where the tokenized corpora are kept")
    ap.add_argument("--no-ws353", action="store_true", help="skip the WS-353 lines (and the "
                    "Word2Vec training they need)")
    args = ap.parse_args()
    from gensim.models.fasttext import FastTextKeyedVectors

    from kow2v.evaluation import neighbour_overlap

    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {cpu_model()}; {os.cpu_count()} cores",
          flush=True)
    print(f"corpus {args.corpus}; {dict(PARAMS, epochs=args.epochs)}"
          + (f"; kow2v with shared_negatives={args.shared_negatives}"
             if args.shared_negatives else ""), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for tokens in args.tokens.split(","):
            plain, jamo = prepare(args.corpus, tokens, args.workdir)
            print(f"\n{tokens} tokens: {plain}", flush=True)
            print(f"{'config':<8}{'kow2v w/s':>11}{'gensim w/s':>12}{'ratio':>7}"
                  f"{'kow2v MB':>10}{'gensim MB':>11}{'vocab s k':>10}{'vocab s g':>10}"
                  f"{'overlap':>9}{'floor':>7}", flush=True)
            for config in args.configs.split(","):
                sg, workers = int(config[2]), int(config[4])
                speeds: dict[str, list[float]] = {"kow2v": [], "gensim": []}
                vocab: dict[str, list[float]] = {"kow2v": [], "gensim": []}
                for rep in range(args.repeat):
                    k, k_out = run("kow2v", plain, sg, workers, 1, tmp, args.epochs,
                                   args.shared_negatives)
                    g, g_out = run("gensim", jamo, sg, workers, 1, tmp, args.epochs)
                    speeds["kow2v"].append(k["words"] / k["seconds"])
                    speeds["gensim"].append(g["words"] / g["seconds"])
                    vocab["kow2v"].append(k["vocab_seconds"])
                    vocab["gensim"].append(g["vocab_seconds"])
                    if rep == 0:
                        first = (k, g, k_out, g_out)
                k, g, k_out, g_out = first
                kw, gw = statistics.median(speeds["kow2v"]), statistics.median(speeds["gensim"])
                row = (f"{config:<8}{kw:>11,.0f}{gw:>12,.0f}{kw / gw:>7.2f}{k['peak_mb']:>10,.0f}"
                       f"{g['peak_mb']:>11,.0f}{statistics.median(vocab['kow2v']):>10.2f}"
                       f"{statistics.median(vocab['gensim']):>10.2f}")
                if workers > 1:  # corpus_file trains a part of the file per thread side by
                    # side, an order no in-order trainer shares (see vs_gensim.py)
                    _, g_out = run("gensim-in-order", jamo, sg, workers, 1, tmp, args.epochs)
                    _, g2_out = run("gensim-in-order", jamo, sg, workers, 2, tmp, args.epochs)
                else:
                    _, g2_out = run("gensim", jamo, sg, 1, 2, tmp, args.epochs)
                kv_k, kv_g, kv_g2 = (FastTextKeyedVectors.load(p) for p in (k_out, g_out, g2_out))
                row += f"{neighbour_overlap(kv_g, kv_k):>9.3f}" \
                       f"{neighbour_overlap(kv_g, kv_g2):>7.3f}"
                print(row, flush=True)
                if workers == 1 and WS353.exists() and not args.no_ws353:
                    _, w_out = run("kow2v-word2vec", plain, sg, 1, 1, tmp, args.epochs)
                    print(ws353(tokens, k_out, w_out), flush=True)


if __name__ == "__main__":
    main()
