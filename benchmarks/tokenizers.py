"""Tokenizer speed on a fixed slice of the shared NSMC corpus, and the --workers 2 speed-up.

Usage: python benchmarks/tokenizers.py [--corpus ../shared/corpora/nsmc-reviews.txt.gz]
       [--lines 3000] [--names okt,komoran,...] [--repeat 3]
       [--worker-lines 60000 | --worker-seconds 150] [--worker-repeat 3] [--no-controls]

Prints, per tokenizer: start-up seconds, chars/s and tokens/s in one process (median of
--repeat runs after a warm-up line). Then, for the --workers-for tokenizers, the speed-up of
`--workers 2` over `--workers 1` as a user sees it: `kow2v tokenize SLICE -t NAME --workers N`
run cold in a fresh process on the first --worker-lines lines (or, with --worker-seconds S, on
as many lines as one process tokenizes in about S seconds, from its speed once warmed up, so
that fast and slow taggers are compared on jobs of similar length), wall-clock seconds and the CPU
seconds of the whole process tree (start-up, JVM and JIT warm-up of every process included).
On 2 cores the speed-up is bounded by 2 x (w1 wall / w2 CPU) ("bound"): a single JVM already
runs its JIT compiler and garbage collector on the idle second core, and every worker
process pays its own JVM start and JIT warm-up. `--workers 2` is measured both ways: as
`kow2v tokenize` chooses (threads sharing one JVM for the KoNLPy taggers, processes for the
rest) and with the other `--pool` ("w2o"); all three runs must write the same file.

A control measured in the same run tells what the host itself allows: two independent
`--workers 1` runs at once, one on each half of the slice ("halves"). Its wall time (the later
of the two) is the best any two-process scheme can do on the machine at that moment (shared
hosts give far less than 2x: other tenants, shared caches); "w1/halves" is that bound as a
speed-up over `--workers 1`. A second control needs no tagger at all: two copies of a
pure-Python loop against one ("host"), the share of a second core this machine gives right
now to work that shares no memory. `--no-controls` skips "w2o" and "halves".

With `--worker-repeat R` every tagger is measured in R rounds, each round running its
w1, w2 (and controls) back to back so that a change in the host's load hits both sides of a
ratio; the last row per tagger gives the median of each column over the rounds.

These cold runs charge a short job's fixed costs (JVM start, dictionaries, JIT warm-up) to
both sides; `benchmarks/steady_workers.py` measures the speed-up once they are paid, which is
what a job over a whole corpus sees.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shared_data import NSMC

from kow2v import tokenizers
from kow2v.corpus import LineCorpus
from kow2v.tokenize import fit_or_load
from kow2v.tokenizers.base import tokenize_batch
from kow2v.tokenizers.parallel import pool_kind, tokenize_lines


def timed(lines, tok, workers):
    start = time.perf_counter()
    tokens = sum(len(t) for t in tokenize_lines(lines, tok, workers=workers, chunk_size=100))
    return time.perf_counter() - start, tokens


def steady_lines_per_sec(tok, lines, seconds: float = 12.0) -> float:  # type: ignore[no-untyped-def]
    """Lines/s over the second half of ``seconds`` of tokenizing, once the JIT has warmed up
    (a 3,000-line run underestimates a JVM tagger's speed on a long job by up to 2x)."""
    start = time.perf_counter()
    half = None
    done = 0
    for i in range(0, len(lines), 100):
        tokenize_batch(tok, lines[i:i + 100])
        now = time.perf_counter() - start
        if half is None and now >= seconds / 2:
            half, done = now, 0
        elif half is not None:
            done += len(lines[i:i + 100])
            if now >= seconds:
                return done / (now - half)
    return len(lines) / (time.perf_counter() - start)


def tokenize_command(path: Path, name: str, workers: int, out: Path,
                     pool: str = "auto") -> list[str]:
    """``kow2v tokenize`` as a user runs it, quiet."""
    return [sys.executable, "-m", "kow2v", "-q", "tokenize", str(path), "-t", name,
            "--workers", str(workers), "--pool", pool, "-o", str(out)]


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def cold_cli(path: Path, name: str, workers: int,
             pool: str = "auto") -> tuple[float, float, str]:
    """Wall and CPU seconds of ``kow2v tokenize`` in a fresh process (children included), and
    a digest of what it wrote (every worker setting must write the same file)."""
    before = os.times()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.txt"
        proc = subprocess.run(tokenize_command(path, name, workers, out, pool),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        digest = hashlib.sha256(out.read_bytes()).hexdigest() if out.exists() else ""
    if proc.returncode:
        raise SystemExit(f"kow2v tokenize -t {name} failed:\n{proc.stderr}")
    if "Exception" in proc.stderr:  # a Java stack trace the tagger printed and survived
        print(f"  ({name}, {workers} workers: the tagger printed "
              f"{proc.stderr.count('Exception')} Java exception traces)")
    after = os.times()
    cpu = (after.children_user - before.children_user) + \
        (after.children_system - before.children_system)
    return wall, cpu, digest


_SPIN = "x = 0\nfor i in range(30_000_000):\n    x += i\n"


def at_once(commands: list[list[str]], what: str) -> float:
    """Wall seconds of running ``commands`` side by side, until the last one ends."""
    start = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for cmd in commands]
    if any([proc.wait() for proc in procs]):  # a list: wait for every one
        raise SystemExit(f"{what} failed")
    return time.perf_counter() - start


def host_two_core_ratio(repeat: int = 3) -> list[float]:
    """Throughput of two copies of a pure-Python loop against one copy, ``repeat`` times."""
    spin = [sys.executable, "-c", _SPIN]
    return [2 * at_once([spin], "the host control") / at_once([spin, spin], "the host control")
            for _ in range(repeat)]


def halves_at_once(lines: list[str], name: str) -> float:
    """Wall seconds of two independent ``--workers 1`` runs, one per half of ``lines``, at once."""
    half = len(lines) // 2
    with tempfile.TemporaryDirectory() as tmp:
        parts = [Path(tmp) / "a.txt", Path(tmp) / "b.txt"]
        write_lines(parts[0], lines[:half])
        write_lines(parts[1], lines[half:])
        return at_once([tokenize_command(part, name, 1, part.with_suffix(".out"))
                        for part in parts], f"kow2v tokenize -t {name} on a half of the slice")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=NSMC)
    ap.add_argument("--lines", type=int, default=3000)
    ap.add_argument("--names", default=",".join(tokenizers.tokenizer_names()))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers-for", default="okt,komoran,hannanum,kkma,kiwi,mecab")
    ap.add_argument("--worker-lines", type=int, default=60000)
    ap.add_argument("--worker-seconds", type=float, default=None,
                    help="size each tagger's workers slice to about this many seconds in one "
                         "process (overrides --worker-lines)")
    ap.add_argument("--worker-repeat", type=int, default=1,
                    help="rounds of --workers runs per tagger; the median row ends each tagger")
    ap.add_argument("--no-controls", action="store_true",
                    help="skip the other-pool run and the halves control")
    args = ap.parse_args()
    lines = list(itertools.islice(LineCorpus(args.corpus), args.lines))
    chars = sum(map(len, lines))
    print(f"slice: first {len(lines):,} lines of {args.corpus.name}, {chars:,} chars")
    print(f"{'tokenizer':<20}{'start s':>8}{'chars/s':>12}{'tokens/s':>12}")
    status = tokenizers.available()
    names = args.names.split(",")
    lines_per_sec: dict[str, float] = {}
    for name in names:
        if status.get(name) is not None:
            print(f"{name:<20} unavailable: {status.get(name)}")
            continue
        t0 = time.perf_counter()
        tok = tokenizers.get(name)
        fit_or_load(tok, lines)
        tok.tokenize("준비 운동")
        startup = time.perf_counter() - t0
        runs = [timed(lines, tok, 1) for _ in range(args.repeat)]
        secs = statistics.median(r[0] for r in runs)
        tokens = runs[0][1]
        lines_per_sec[name] = len(lines) / secs
        print(f"{name:<20}{startup:>8.2f}{chars / secs:>12,.0f}{tokens / secs:>12,.0f}",
              flush=True)
    cold = [n for n in names if n in args.workers_for.split(",") and status.get(n) is None]
    if not cold:
        return
    if args.worker_seconds is not None:  # size each slice from the warmed-up speed
        more = list(itertools.islice(LineCorpus(args.corpus), args.lines, args.lines + 100_000))
        for name in cold:
            tok = tokenizers.get(name)
            fit_or_load(tok, lines)
            lines_per_sec[name] = steady_lines_per_sec(tok, more)
    sizes = {n: args.worker_lines if args.worker_seconds is None
             else int(args.worker_seconds * lines_per_sec[n]) for n in cold}
    what = (f"the first {args.worker_lines:,} lines" if args.worker_seconds is None else
            f"about {args.worker_seconds:.0f} s of work in one process")
    print(f"\n--workers 2 vs 1, `kow2v tokenize` run cold on {what} "
          "(wall s, CPU s of all processes)")
    print("w2: --workers 2 as kow2v chooses (pool: threads sharing one JVM for the KoNLPy "
          "taggers, processes for the rest); w2o: --workers 2 with the other pool")
    host = host_two_core_ratio()
    print(f"host: two copies of a pure-Python loop ran {statistics.median(host):.2f}x as fast as "
          f"one (median of {', '.join(f'{r:.2f}' for r in host)})")
    print(f"{'tokenizer':<12}{'lines':>9}{'w1 wall':>9}{'w1 CPU':>8}{'pool':>10}{'w2 wall':>9}"
          f"{'w2 CPU':>8}{'w2/w1':>7}{'bound':>7}{'w2o wall':>9}{'w2o CPU':>8}{'w2o/w1':>7}"
          f"{'halves':>8}{'w1/halves':>10}")
    nan = float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        for name in cold:
            path = Path(tmp) / f"{name}.txt"
            slice_lines = list(itertools.islice(LineCorpus(args.corpus), sizes[name]))
            write_lines(path, slice_lines)
            n = len(slice_lines)
            kind = pool_kind(tokenizers.get(name))
            other = "threads" if kind == "processes" else "processes"
            rows = []
            for _ in range(args.worker_repeat):
                w1, c1, d1 = cold_cli(path, name, 1)
                w2, c2, d2 = cold_cli(path, name, 2)
                if d2 != d1:
                    raise SystemExit(f"{name}: --workers 2 wrote a different file from --workers 1")
                wp = cp = both = nan
                if not args.no_controls:
                    wp, cp, dp = cold_cli(path, name, 2, other)
                    if dp != d1:
                        raise SystemExit(f"{name}: --pool {other} wrote a different file")
                    both = halves_at_once(slice_lines, name)
                row = (w1, c1, w2, c2, w1 / w2, 2 * w1 / c2, wp, cp, w1 / wp, both, w1 / both)
                rows.append(row)
                print(_row(name, f"{n:,}", kind, row), flush=True)
            if len(rows) > 1:
                median = tuple(statistics.median(col) for col in zip(*rows, strict=True))
                print(_row(f"  median of {len(rows)}", "", "", median), flush=True)


def _row(name: str, lines: str, kind: str, r: tuple[float, ...]) -> str:
    w1, c1, w2, c2, speedup, bound, wp, cp, speedup_other, both, speedup_halves = r
    return (f"{name:<12}{lines:>9}{w1:>9.1f}{c1:>8.1f}{kind:>10}{w2:>9.1f}{c2:>8.1f}"
            f"{speedup:>7.2f}{bound:>7.2f}{wp:>9.1f}{cp:>8.1f}{speedup_other:>7.2f}{both:>8.1f}"
            f"{speedup_halves:>10.2f}")


if __name__ == "__main__":
    main()
