"""The figures behind the README's "Reliability" section: how fast faults are reported, and the
memory bad vector files cost.

Usage: python benchmarks/reliability.py [--trials 5]

Each measurement runs in a fresh process:
- a training worker (workers=2) killed with SIGKILL mid-epoch: seconds until TrainingError;
- a tokenizer worker process killed the same way: seconds until TokenizerError;
- Ctrl-C (SIGINT) during workers=2 training: seconds until the process has exited;
- a word2vec file whose header lies (``50000000 300`` and nothing else), and a valid 40 MB
  binary file: peak RSS of loading it with kow2v and with gensim's own loader.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

KILL_TRAINING = textwrap.dedent("""\
    import os, signal, threading, time
    import numpy as np, psutil
    from kow2v import Word2Vec
    from kow2v.errors import TrainingError
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(2000)]
    sentences = [list(rng.choice(words, 20)) for _ in range(20000)]
    at = {}
    def kill():
        time.sleep(2.0)
        at["t"] = time.monotonic()
        os.kill(psutil.Process().children()[0].pid, signal.SIGKILL)
    threading.Thread(target=kill, daemon=True).start()
    try:
        Word2Vec(sentences, vector_size=50, min_count=1, workers=2, epochs=500)
    except TrainingError:
        print(time.monotonic() - at["t"])
""")

KILL_TOKENIZING = textwrap.dedent("""\
    import os, signal, sys, threading, time
    import psutil
    sys.path.insert(0, sys.argv[1])
    from reliability import SlowTokenizer
    from kow2v.errors import TokenizerError
    from kow2v.tokenizers.parallel import tokenize_lines
    at = {}
    def kill():
        time.sleep(2.0)
        at["t"] = time.monotonic()
        os.kill(psutil.Process().children()[0].pid, signal.SIGKILL)
    threading.Thread(target=kill, daemon=True).start()
    try:
        for _ in tokenize_lines(["학교 에서"] * 100000, SlowTokenizer(), workers=2):
            pass
    except TokenizerError:
        print(time.monotonic() - at["t"])
""")

INTERRUPT = textwrap.dedent("""\
    import numpy as np
    from kow2v import Word2Vec
    class Announce:
        def on_epoch_begin(self, model):
            print("TRAINING", flush=True)
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(2000)]
    sentences = [list(rng.choice(words, 20)) for _ in range(20000)]
    Word2Vec(sentences, vector_size=50, min_count=1, workers=2, epochs=500, callbacks=[Announce()])
""")

LOAD = textwrap.dedent("""\
    import json, resource, sys
    from gensim.models import KeyedVectors
    from kow2v.keyedvectors import load_vectors
    which, path, binary = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        if which == "kow2v":
            load_vectors(path)
        else:
            KeyedVectors.load_word2vec_format(path, binary=binary)
        outcome = "loaded"
    except BaseException as exc:
        outcome = f"{type(exc).__name__}: {str(exc)[:90]}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"outcome": outcome, "peak_mb": peak / 1024,
                      "added_mb": (peak - before) / 1024}))
""")


class SlowTokenizer:
    """1 ms a line; importable by worker processes as ``reliability.SlowTokenizer``."""

    name = "slow"

    def tokenize(self, text: str) -> list[str]:
        time.sleep(0.001)
        return text.split()


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def _python(code: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=_env(), timeout=600)
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    return proc.stdout.strip()


def interrupt_seconds() -> float:
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPT], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env())
    assert proc.stdout is not None
    proc.stdout.readline()
    time.sleep(1.5)
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    return time.monotonic() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=5)
    args = ap.parse_args()
    rows = []
    for label, measure in (
        ("training worker SIGKILL -> TrainingError",
         lambda: float(_python(KILL_TRAINING).splitlines()[-1])),
        ("tokenizer worker SIGKILL -> TokenizerError",
         lambda: float(_python(KILL_TOKENIZING, str(Path(__file__).parent)).splitlines()[-1])),
        ("Ctrl-C during workers=2 training -> exited", interrupt_seconds),
    ):
        times = [measure() for _ in range(args.trials)]
        rows.append(f"{label:<46} median {statistics.median(times):.3f} s, max {max(times):.3f} s"
                    f" ({args.trials} trials)")
        print(rows[-1], flush=True)
    import numpy as np

    with tempfile.TemporaryDirectory() as tmp:
        liar = Path(tmp) / "liar.bin"
        liar.write_bytes(b"50000000 300\n")
        valid = Path(tmp) / "valid.bin"
        vectors = np.random.default_rng(0).standard_normal((100_000, 100)).astype("<f4")
        with open(valid, "wb") as fh:
            fh.write(b"100000 100\n")
            for i, row in enumerate(vectors):
                fh.write(f"w{i} ".encode() + row.tobytes())
        for path in (liar, valid):
            size_mb = path.stat().st_size / 2**20
            for which in ("kow2v", "gensim"):
                r = json.loads(_python(LOAD, which, str(path), "1"))
                print(f"{path.name} ({size_mb:.2f} MB) {which:<6}: {r['outcome']}; peak RSS "
                      f"{r['peak_mb']:.0f} MB, {r['added_mb']:.0f} MB above the interpreter with "
                      "kow2v and gensim imported", flush=True)


if __name__ == "__main__":
    main()
