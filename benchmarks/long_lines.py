"""How each tagger's time and memory grow with the length of a line without spaces.

Usage: python benchmarks/long_lines.py curve  [--names okt,komoran,...] [--timeout 120]
       python benchmarks/long_lines.py lines  [--names ...] [--sizes 10000,100000,1000000]
       python benchmarks/long_lines.py budget [--names ...] [--size 1000000]

- ``curve``: one call on one piece of N characters with the cutting switched off
  (``max_chars`` and the word caps set out of the way), for N = 250 ... 8000, on natural text
  (reviews with their spaces removed) and on one syllable repeated: where the time per
  character stops being flat is where ``max_chars`` and the word caps belong.
- ``lines``: ``tokenize()`` of a line of N repeated syllables with the defaults, time and peak
  RSS (the tagger's JVM included), each in a fresh process killed after --timeout seconds.
- ``budget``: the same line through ``tokenize_lines`` with the default time budget: how long
  until it is answered or given up.

Run it from another checkout's root with ``PYTHONPATH`` pointing there to measure that code.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import subprocess
import sys
import textwrap

from shared_data import NSMC

TAGGERS = "okt,komoran,hannanum,kkma,mecab,kiwi,soynlp-regex"

CHILD = textwrap.dedent("""\
    import json, resource, sys, time
    from kow2v import tokenizers
    mode, name, size, text_kind = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    tok = tokenizers.get(name)
    if mode == "curve":  # cutting out of the way: one piece, no word caps
        tok.max_chars = 10**9
        type(tok).max_word_chars = None
    tok.tokenize("준비")
    text = sys.stdin.read() if text_kind == "natural" else "가" * size
    start = time.perf_counter()
    if mode == "budget":
        from kow2v.tokenizers.parallel import tokenize_lines
        out = list(tokenize_lines([text], tok, line_budget=getattr(tok, "line_budget", None)))
        result = "skipped" if type(out[0]).__name__ == "SkippedLine" else f"{len(out[0])} tokens"
    else:
        result = f"{len(tok.tokenize(text))} tokens"
    print(json.dumps({"seconds": time.perf_counter() - start, "result": result,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def natural_text(size: int) -> str:
    with gzip.open(NSMC, "rt", encoding="utf-8") as fh:
        text = "".join(line.strip().replace(" ", "") for line in itertools.islice(fh, 20000))
    return (text * (size // len(text) + 1))[:size]


def measure(mode: str, name: str, size: int, kind: str, timeout: float) -> str:
    stdin = natural_text(size) if kind == "natural" else ""
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, mode, name, str(size), kind],
                              input=stdin, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s (killed)"
    if proc.returncode:
        return "failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:80]
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    return f"{r['seconds']:.2f} s, {r['rss_mb']:.0f} MB, {r['result']}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("curve", "lines", "budget"))
    ap.add_argument("--names", default=TAGGERS)
    ap.add_argument("--sizes", default="")
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()
    sizes = {"curve": "250,500,1000,2000,4000,8000", "lines": "10000,100000,1000000",
             "budget": "1000000"}[args.mode]
    sizes = args.sizes or sizes
    kinds = ("natural", "repeated") if args.mode == "curve" else ("repeated",)
    for name in args.names.split(","):
        for kind in kinds:
            for size in (int(s) for s in sizes.split(",")):
                print(f"{args.mode} {name:<13} {kind:<9} {size:>9,} chars: "
                      f"{measure(args.mode, name, size, kind, args.timeout)}", flush=True)


if __name__ == "__main__":
    main()
