"""Warmed-up throughput of ``--workers 2`` against ``--workers 1``: what a long job sees.

Usage: python benchmarks/steady_workers.py [--corpus ../shared/corpora/nsmc-reviews.txt.gz]
       [--names okt,komoran,hannanum,kkma] [--block 500] [--warm 40] [--span 80] [--rounds 3]

``benchmarks/tokenizers.py`` times ``kow2v tokenize`` cold on about two minutes of work, so
both sides of its ratio carry the fixed costs: the JVM start and dictionary loading (serial,
7.6 s for Kkma), and the JIT compiler's warm-up (about 16 s of compiler CPU for Kkma), which
one worker gets for free on the idle second core and two workers must share their cores
with. A job over a whole corpus (an hour with Okt, several with Kkma) pays those once.

This script measures the other end: each measurement is a fresh process that streams the
corpus's first ``--block`` lines, over and over, through
:func:`kow2v.tokenizers.parallel.tokenize_lines` (the code behind ``kow2v tokenize
--workers N``: same pool choice, same chunks, input order), lets ``--warm`` seconds pass,
then counts the lines that come out over the next ``--span`` seconds, and the CPU
seconds the process and its children (worker processes) spent in that window ("cores":
CPU seconds per wall second). Repeating one block gives every window the same mix of lines
(reading on through the corpus, two workers would be timed on later, different reviews than
one); the taggers keep no cache of earlier lines. Rounds run w1 and w2 back to back per
tagger so that a change in the host's load hits both sides of a ratio; the last row per
tagger holds the medians.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from shared_data import NSMC

from kow2v import tokenizers
from kow2v.corpus import LineCorpus
from kow2v.tokenizers.parallel import pool_kind, tokenize_lines

CHUNK = 256  # lines per chunk, tokenize_lines' default (kow2v tokenize uses it)


def tree_cpu_seconds(pid: int | None = None) -> float:
    """CPU seconds (user + system) of process ``pid`` (default: this one), its threads and
    its living descendants, from ``/proc`` (Linux)."""
    pid = os.getpid() if pid is None else pid
    tick = os.sysconf("SC_CLK_TCK")
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()  # the name may hold spaces
        total = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                    for c in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):  # a process that just ended
        return 0.0
    return total + sum(tree_cpu_seconds(c) for c in children)


def measure(corpus: Path, block_lines: int, name: str, workers: int, warm: float,
            span: float) -> dict[str, float]:
    """In this process: lines/s and cores busy over ``span`` seconds after ``warm``,
    tokenizing the first ``block_lines`` lines of ``corpus`` over and over."""
    block = list(itertools.islice(LineCorpus(corpus), block_lines))
    if not block:
        raise SystemExit(f"{corpus} holds no lines")
    start = time.perf_counter()
    out = tokenize_lines(itertools.cycle(block), tokenizers.get(name), workers=workers,
                         chunk_size=CHUNK)
    # Lines come out a chunk at a time, so the window opens and closes on the first line of
    # a chunk: it then holds whole chunks only.
    t0 = cpu0 = now = 0.0
    first = -1
    for i, _ in enumerate(out):
        if i % CHUNK:
            continue
        now = time.perf_counter()
        if first < 0 and now - start >= warm:
            t0, cpu0, first = now, tree_cpu_seconds(), i
        elif first >= 0 and now - t0 >= span:
            break
    cpu = tree_cpu_seconds() - cpu0
    out.close()  # stops the workers
    wall = now - t0
    return {"lines_per_sec": (i - first) / wall, "cores": cpu / wall}


def fresh(args: argparse.Namespace, name: str, workers: int) -> dict[str, float]:
    """:func:`measure` in a fresh Python process."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", name, str(workers), "--corpus", str(args.corpus),
         "--block", str(args.block), "--warm", str(args.warm), "--span", str(args.span)],
        capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{name} with {workers} workers failed:\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=NSMC)
    ap.add_argument("--names", default="okt,komoran,hannanum,kkma")
    ap.add_argument("--warm", type=float, default=40.0,
                    help="seconds to let pass before counting (start-up and JIT warm-up)")
    ap.add_argument("--span", type=float, default=80.0, help="seconds to count lines over")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--block", type=int, default=500,
                    help="tokenize the corpus's first BLOCK lines over and over, so that every "
                         "window holds the same mix of lines")
    ap.add_argument("--child", nargs=2, metavar=("NAME", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        name, workers = args.child
        print(json.dumps(measure(args.corpus, args.block, name, int(workers), args.warm,
                                 args.span)))
        sys.stdout.flush()
        os._exit(0)  # a tagger thread stuck in Java must not hold the process open

    print(f"the first {args.block} lines of {args.corpus.name}, over and over; counted over "
          f"{args.span:.0f} s after {args.warm:.0f} s of warm-up, in a fresh process each")
    print(f"{'tokenizer':<20}{'pool':>10}{'w1 lines/s':>12}{'w1 cores':>10}{'w2 lines/s':>12}"
          f"{'w2 cores':>10}{'w2/w1':>8}")
    for name in args.names.split(","):
        kind = pool_kind(tokenizers.get(name))
        rows = []
        for _ in range(args.rounds):
            one = fresh(args, name, 1)
            two = fresh(args, name, 2)
            row = (one["lines_per_sec"], one["cores"], two["lines_per_sec"], two["cores"],
                   two["lines_per_sec"] / one["lines_per_sec"])
            rows.append(row)
            print(_row(name, kind, row), flush=True)
        if len(rows) > 1:
            median = tuple(statistics.median(col) for col in zip(*rows, strict=True))
            print(_row(f"  median of {len(rows)}", "", median), flush=True)
            ratios = ", ".join(f"{r[-1]:.2f}" for r in rows)
            print(f"  {name}: w2/w1 per round {ratios}", flush=True)


def _row(name: str, kind: str, r: tuple[float, ...]) -> str:
    l1, c1, l2, c2, ratio = r
    return f"{name:<20}{kind:>10}{l1:>12.1f}{c1:>10.2f}{l2:>12.1f}{c2:>10.2f}{ratio:>8.2f}"


if __name__ == "__main__":
    main()
