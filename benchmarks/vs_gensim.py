"""kow2v.Word2Vec against gensim 4 on the same pre-tokenized corpus, one run, same settings.

Usage: python benchmarks/vs_gensim.py [--corpus ../shared/corpora/nsmc-reviews.txt.gz]
       [--configs sg1w1,sg1w2,sg0w1,sg0w2] [--similarity ../shared/eval/kor2vec/kor_ws353.csv]
       [--epochs N] [--min-count N] [--hs] [--corpus-file] [--repeat 3] [--shared-negatives N]

Tokens as the file has them (whitespace-separated), vector_size 100, window 5, negative 5,
sample 1e-3, min_count 5 (``--min-count``), 1 epoch (``--epochs``); ``--hs``: hierarchical
softmax alone instead (hs=1, negative=0). ``--corpus-file``: gensim reads the file with
``corpus_file=`` (its fastest mode for a file: C reading, no GIL; the corpus is decompressed
once first), else both read it as ``TokenizedCorpus``.

Each training runs in its own process; kow2v and gensim alternate, --repeat times, and the
median of each figure is reported (the machine is shared and noisy: single runs of the same
config varied by 10-20%). Prints raw words/s and the kow2v/gensim ratio; peak memory: the
largest proportional set size (PSS) of the training process and its children (kow2v's
producer or Hogwild processes), sampled every 0.5 s from build_vocab until the vectors are
saved (``kow2v.memory.PeakMemory``, for both trainers alike; no tracing: kow2v's Word2Vec
makes its gensim ``KeyedVectors``, and so imports gensim, when ``wv`` is first used, so the
window runs on past training to where every script uses the vectors); the mean top-10
neighbour overlap between kow2v and gensim over the 500 most frequent words next to
gensim-vs-gensim with another seed and the same workers (the noise floor; with several
workers neither trainer is deterministic), and Spearman on the similarity set. With several
workers and ``--corpus-file``, the quality columns (overlap, floor, gensim's Spearman) come from
gensim reading the file in order (``TokenizedCorpus``, the same workers): ``corpus_file`` with
N workers trains N contiguous parts of the file side by side, each with its own decaying
learning rate, and after one epoch its vectors agree less with every in-order trainer, its own
one-worker mode included (CBOW, whitespace tokens, 1 epoch: 0.28-0.32 against 0.42-0.45
among gensim with one worker, gensim reading in order with two, and kow2v with one or two).
"vocab s" is ``build_vocab``'s seconds (median), not in words/s: kow2v's count of a corpus file
also keeps its token codes for the training that follows (``kow2v.coded_corpus``), so that
work moved there from training is shown. "CPU/wall" is the cores each trainer kept busy while
training (median): gensim with
``corpus_file`` and one worker uses one thread; kow2v with one worker trains in one thread
while the corpus is read, encoded and drawn in a producer thread, or, for a file of 2M words
or more, in a producer process (``kow2v.fast.producer``).
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

PARAMS = dict(vector_size=100, window=5, negative=5, sample=1e-3, min_count=5, epochs=1)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (kow2v's Hogwild workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


#: what a row reports of one training (a child's JSON line), as a median over the repeats
SPEED, PEAK, CORES = (lambda r: r["words"] / r["seconds"]), (lambda r: r["peak_mb"]), \
    (lambda r: r["cpu"] / r["seconds"])
VOCAB = lambda r: r["vocab_seconds"]  # noqa: E731


def median(results: list[dict], figure) -> float:  # noqa: ANN001
    return statistics.median(figure(r) for r in results)


def cpu_model() -> str:
    """The ``Model name`` line of ``lscpu`` (or of /proc/cpuinfo)."""
    from kow2v.fast.host_cpu import cpu_field

    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    except OSError:  # no lscpu: the same field of /proc/cpuinfo, its spaces collapsed alike
        return " ".join((cpu_field("model name") or "CPU model unknown").split())
    for line in out.splitlines():
        if line.lower().startswith("model name"):
            return " ".join(line.split(":", 1)[1].split())
    return "CPU model unknown"


def train_one(trainer: str, corpus: str, sg: int, workers: int, seed: int, out: str,
              params: dict) -> None:
    from kow2v.corpus import TokenizedCorpus
    from kow2v.memory import PeakMemory

    sentences = TokenizedCorpus(corpus)
    with PeakMemory(interval=0.5) as peak:
        if trainer == "kow2v":
            from kow2v import Word2Vec
        else:
            from gensim.models import Word2Vec
        model = Word2Vec(sg=sg, workers=workers, seed=seed, **params)
        file_mode = trainer == "gensim-file"
        vocab_start = time.perf_counter()
        if file_mode:
            model.build_vocab(corpus_file=corpus)
        else:
            model.build_vocab(sentences)
        start, cpu_start = time.perf_counter(), cpu_seconds()
        vocab_seconds = start - vocab_start
        if file_mode:
            model.train(corpus_file=corpus, total_examples=model.corpus_count,
                        total_words=model.corpus_total_words, epochs=model.epochs)
        else:
            model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
        model.wv.save(out)  # in the window: kow2v's Word2Vec imports gensim only for wv
    print(json.dumps({"seconds": seconds, "cpu": cpu, "vocab_seconds": vocab_seconds,
                      "words": model.corpus_total_words * model.epochs,
                      "peak_mb": peak.mb}))


def run(trainer, corpus, sg, workers, seed, tmp, params=PARAMS):
    out = str(Path(tmp) / f"{trainer}-sg{sg}-w{workers}-s{seed}.kv")
    proc = subprocess.run([sys.executable, __file__, "--child", trainer, corpus, str(sg),
                           str(workers), str(seed), out, json.dumps(params)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1]), out


def spearman(kv, path: Path) -> tuple[float, float]:
    from kow2v.evaluation import evaluate_pairs

    result = evaluate_pairs(kv, path)
    return result.spearman, result.oov_ratio


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, trainer, corpus, sg, workers, seed, out, params = sys.argv
        train_one(trainer, corpus, int(sg), int(workers), int(seed), out, json.loads(params))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(NSMC))
    ap.add_argument("--configs", default="sg1w1,sg1w2,sg0w1,sg0w2")
    ap.add_argument("--similarity", type=Path, default=SHARED / "eval/kor2vec/kor_ws353.csv")
    ap.add_argument("--repeat", type=int, default=3, help="runs per trainer; medians reported")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--hs", action="store_true", help="hierarchical softmax: hs=1, negative=0")
    ap.add_argument("--corpus-file", action="store_true",
                    help="gensim reads the file with corpus_file= (its fastest mode)")
    ap.add_argument("--shared-negatives", type=int, default=0,
                    help="kow2v's calls share this many negatives each (skip-gram and CBOW) "
                         "(kow2v's own, approximate; gensim trains as always)")
    args = ap.parse_args()
    params = {**PARAMS, "epochs": args.epochs, "min_count": args.min_count}
    if args.hs:
        params.update(hs=1, negative=0)
    theirs = "gensim-file" if args.corpus_file else "gensim"
    from gensim.models import KeyedVectors

    from kow2v.evaluation import neighbour_overlap as overlap
    from kow2v.fast.scatter import implementation

    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {cpu_model()}; {os.cpu_count()} cores; "
          f"median of {args.repeat} interleaved runs")
    print(f"corpus {args.corpus}; {params}; gensim reads it as "
          f"{'corpus_file' if args.corpus_file else 'TokenizedCorpus'}; scatter: "
          f"{implementation()}"
          + (f"; kow2v with shared_negatives={args.shared_negatives}"
             if args.shared_negatives else ""))
    configs = [(name, int(name[2]), int(name[4])) for name in args.configs.split(",")]
    if args.corpus_file and any(workers > 1 for _, _, workers in configs):
        print("with several workers, overlap, floor and gensim's rho are against gensim "
              "reading the file in order (TokenizedCorpus, same workers), not corpus_file")
    header = (f"{'config':<8}{'kow2v w/s':>11}{'gensim w/s':>12}{'ratio':>7}{'kow2v MB':>10}"
              f"{'gensim MB':>10}{'CPU/wall k':>11}{'CPU/wall g':>11}{'vocab s k':>10}"
              f"{'vocab s g':>10}{'overlap':>9}{'floor':>7}"
              f"{'rho kow2v':>10}{'rho gensim':>11}")
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if args.corpus_file and corpus.endswith(".gz"):  # gensim's corpus_file reads plain text
            import gzip
            import shutil

            corpus = str(Path(tmp) / "corpus.txt")
            with gzip.open(args.corpus, "rb") as src, open(corpus, "wb") as dst:
                shutil.copyfileobj(src, dst)
        for config, sg, workers in configs:
            runs: dict[str, list[dict]] = {"kow2v": [], "gensim": []}
            ours = {**params, "shared_negatives": args.shared_negatives}
            for rep in range(args.repeat):
                k, k_out_rep = run("kow2v", corpus, sg, workers, 1, tmp, ours)
                g, g_out_rep = run(theirs, corpus, sg, workers, 1, tmp, params)
                if rep == 0:
                    k_out, g_out = k_out_rep, g_out_rep
                runs["kow2v"].append(k)
                runs["gensim"].append(g)
            k, g = runs["kow2v"], runs["gensim"]
            kw, gw = median(k, SPEED), median(g, SPEED)
            row = f"{config:<8}{kw:>11,.0f}{gw:>12,.0f}{kw / gw:>7.2f}" \
                  f"{median(k, PEAK):>10,.0f}{median(g, PEAK):>10,.0f}" \
                  f"{median(k, CORES):>11.2f}{median(g, CORES):>11.2f}" \
                  f"{median(k, VOCAB):>10.2f}{median(g, VOCAB):>10.2f}"
            # the floor: gensim against gensim with another seed, the same workers (with
            # several, neither trainer is deterministic, and the floor shows how much)
            if workers > 1 and theirs == "gensim-file":  # in order: see the docstring
                _, g_out = run("gensim", corpus, sg, workers, 1, tmp, params)
                _, g2_out = run("gensim", corpus, sg, workers, 2, tmp, params)
            else:
                _, g2_out = run(theirs, corpus, sg, workers, 2, tmp, params)
            kv_k, kv_g, kv_g2 = (KeyedVectors.load(p) for p in (k_out, g_out, g2_out))
            row += f"{overlap(kv_g, kv_k):>9.3f}{overlap(kv_g, kv_g2):>7.3f}"
            if args.similarity.exists():
                row += f"{spearman(kv_k, args.similarity)[0]:>10.3f}" \
                       f"{spearman(kv_g, args.similarity)[0]:>11.3f}"
            print(row, flush=True)


if __name__ == "__main__":
    main()
