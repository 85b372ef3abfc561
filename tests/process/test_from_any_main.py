"""Worker processes from every way a user runs Python: none re-imports the user's script.

gensim's own tutorials have no ``if __name__ == "__main__":`` guard; with kow2v swapped in,
``Word2Vec(..., workers=2)`` and process tokenizer workers must run unchanged from a script,
a guarded script, ``python -c``, ``python - < script.py`` and IPython, and a dead worker or
Ctrl-C must end the run within seconds with no process or shared memory left behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]

#: what a gensim user writes, with kow2v's import: training and tokenizing with 2 processes
USER_CODE = textwrap.dedent("""\
    import numpy as np
    from kow2v import Word2Vec, tokenizers
    from kow2v.tokenizers.parallel import tokenize_lines

    rng = np.random.default_rng(0)
    words = [f"단어{i}" for i in range(300)]
    sentences = [list(rng.choice(words, 12)) for _ in range(3000)]
    model = Word2Vec(sentences, vector_size=16, min_count=1, workers=2, epochs=2,
                     batch_words=2000)
    lines = [" ".join(s) for s in sentences[:600]]
    out = list(tokenize_lines(lines, tokenizers.get("whitespace"), workers=2, chunk_size=50,
                              pool="processes"))
    assert out == [line.split() for line in lines]
    print("DONE", len(model.wv), flush=True)
""")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _shm() -> set[str]:
    return set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()


def _run(args: list[str], tmp_path: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=180,
                          cwd=tmp_path, env=_env())


@pytest.mark.slow
@pytest.mark.parametrize("how", ["unguarded script", "guarded script", "python -c",
                                 "python - on stdin", "IPython"])
def test_workers_start_from_every_kind_of_main(tmp_path, how):
    before = _shm()
    script = tmp_path / "train.py"
    if how == "guarded script":
        script.write_text('if __name__ == "__main__":\n' + textwrap.indent(USER_CODE, "    "),
                          encoding="utf-8")
    else:
        script.write_text(USER_CODE, encoding="utf-8")
    if how in ("unguarded script", "guarded script"):
        proc = _run([sys.executable, str(script)], tmp_path)
    elif how == "python -c":
        proc = _run([sys.executable, "-c", USER_CODE], tmp_path)
    elif how == "python - on stdin":
        proc = _run([sys.executable, "-"], tmp_path, stdin=USER_CODE)
    else:
        pytest.importorskip("IPython")
        proc = _run([sys.executable, "-m", "IPython", "--quick", "--no-banner",
                     "--colors=nocolor", "-c", USER_CODE], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "DONE 300" in proc.stdout
    assert _shm() == before


KILL_A_WORKER = textwrap.dedent("""\
    import os, signal, threading, time
    import numpy as np, psutil
    from kow2v import Word2Vec
    from kow2v.errors import TrainingError

    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(2000)]
    sentences = [list(rng.choice(words, 20)) for _ in range(20000)]
    killed = {}

    def kill_a_worker():
        deadline = time.monotonic() + 120  # the workers start after the vocabulary is built,
        while not psutil.Process().children() and time.monotonic() < deadline:  # later on
            time.sleep(0.1)                                                      # a busy machine
        time.sleep(2.0)  # mid-epoch
        child = psutil.Process().children()[0]
        killed["pid"] = child.pid
        killed["at"] = time.monotonic()
        os.kill(child.pid, signal.SIGKILL)

    def main():
        threading.Thread(target=kill_a_worker, daemon=True).start()
        try:
            Word2Vec(sentences, vector_size=50, min_count=1, workers=2, epochs=200, seed=1)
        except TrainingError as exc:
            print(f"REPORTED {time.monotonic() - killed['at']:.3f} {killed['pid']}", flush=True)
            print(exc, flush=True)
        else:
            print("NOT REPORTED", flush=True)
""")


@pytest.mark.slow
@pytest.mark.parametrize("guarded", [False, True])
def test_a_killed_training_worker_is_an_error_within_seconds_then_python_exits(tmp_path,
                                                                             guarded):
    before = _shm()
    body = KILL_A_WORKER + ('if __name__ == "__main__":\n    main()\n' if guarded else "main()\n")
    script = tmp_path / "kill.py"
    script.write_text(body, encoding="utf-8")
    start = time.monotonic()
    proc = _run([sys.executable, str(script)], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]  # the interpreter exited normally
    assert "REPORTED" in proc.stdout, proc.stdout + proc.stderr[-2000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("REPORTED"))
    delay, pid = float(line.split()[1]), int(line.split()[2])
    assert delay < 5.0
    assert "killed by signal SIGKILL" in proc.stdout
    assert time.monotonic() - start < 120
    assert not psutil.pid_exists(pid)
    assert _shm() == before


def test_a_worker_that_fails_at_start_is_an_error_naming_why(monkeypatch):
    from kow2v import Word2Vec
    from kow2v.errors import TrainingError

    monkeypatch.setattr("kow2v.fast.hogwild._worker", failing_at_start)
    sentences = [["가", "나", "다", "라"]] * 500
    start = time.monotonic()
    with pytest.raises(TrainingError, match="cannot map the weights"):
        Word2Vec(sentences, vector_size=8, min_count=1, workers=2, epochs=50)
    assert time.monotonic() - start < 5.0
    assert not psutil.Process().children()


def failing_at_start(channel, *args):  # stands in for a worker that cannot start
    raise OSError("cannot map the weights (simulated)")


INTERRUPT_TRAINING = textwrap.dedent("""\
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

INTERRUPT_TOKENIZING = textwrap.dedent("""\
    import sys
    from kow2v.corpus import LineCorpus
    from kow2v.tokenize import tokenize_to_file
    from tests.process.test_from_any_main import SlowTokenizer

    print("TRAINING", flush=True)
    tokenize_to_file(LineCorpus(sys.argv[1]), SlowTokenizer(), sys.argv[2], workers=2)
""")


#: A job started from a shell's background (``(pytest ... &)``) inherits SIGINT ignored, and
#: Python then installs no handler for it; a user's script run from a terminal has one.
AS_FROM_A_TERMINAL = "import signal\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"


def _signal_masks(pid: int) -> str:
    """The job's and this process's signal masks, as /proc shows them (for a hang's report)."""
    lines = []
    for who, proc_pid in (("job", pid), ("pytest", os.getpid())):
        try:
            status = Path(f"/proc/{proc_pid}/status").read_text().splitlines()
        except OSError:
            continue
        lines.append(who + " " + " ".join(x.replace("\t", "") for x in status
                                          if x.startswith(("SigBlk", "SigIgn", "SigCgt"))))
    return "; ".join(lines)


class SlowTokenizer:
    """A tokenizer that takes 1 ms a line, importable by worker processes."""

    name = "slow"

    def tokenize(self, text: str) -> list[str]:
        time.sleep(0.001)
        return text.split()


@pytest.mark.slow
@pytest.mark.parametrize("job", ["training", "tokenizing"])
def test_ctrl_c_stops_within_two_seconds_leaving_nothing(tmp_path, job):
    before = _shm()
    script = tmp_path / "job.py"
    corpus, output = tmp_path / "corpus.txt", tmp_path / "out" / "tokens.txt"
    corpus.write_text("학교 에서 공부 를 했다\n" * 50_000, encoding="utf-8")
    script.write_text(AS_FROM_A_TERMINAL + (INTERRUPT_TRAINING if job == "training"
                                            else INTERRUPT_TOKENIZING), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(corpus), str(output)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=tmp_path, env={**_env(), "PYTHONFAULTHANDLER": "1"})
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "TRAINING"
        deadline = time.monotonic() + 30  # both workers running
        while len(psutil.Process(proc.pid).children()) < (1 if job == "training" else 2):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(1.0)
        children = [c.pid for c in psutil.Process(proc.pid).children()]
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # hung: faulthandler prints every thread's stack
            masks = _signal_masks(proc.pid)
            proc.send_signal(signal.SIGABRT)
            _, err = proc.communicate(timeout=10)
            pytest.fail(f"still running 30 s after Ctrl-C; {masks}; its threads:\n"
                        f"{err[-8000:]}")
        stopped = time.monotonic() - start
    finally:
        proc.kill()
    stderr = proc.stderr.read() if proc.stderr else ""
    assert stopped < 2.0, stderr[-2000:]
    assert "KeyboardInterrupt" in stderr
    assert proc.returncode != 0
    time.sleep(0.2)
    assert not [pid for pid in children if psutil.pid_exists(pid)
                and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    assert _shm() == before
    if job == "tokenizing":
        assert not output.exists()
        assert not list(output.parent.glob("*")) if output.parent.exists() else True


def test_a_tokenizer_class_from_the_main_script_is_refused_with_a_hint():
    from kow2v.errors import TokenizerError
    from kow2v.tokenizers.parallel import tokenize_lines

    Local = type("Local", (), {"name": "local", "tokenize": lambda self, t: t.split(),
                               "__module__": "__main__"})
    with pytest.raises(TokenizerError, match="pool='threads'"):
        list(tokenize_lines(["가 나"], Local(), workers=2, pool="processes"))


def test_a_dead_tokenizer_worker_is_an_error_within_seconds():
    from kow2v.errors import TokenizerError
    from kow2v.tokenizers.parallel import tokenize_lines

    lines = [f"줄 {i}" for i in range(50)] + ["죽음"] + [f"줄 {i}" for i in range(50)]
    start = time.monotonic()
    with pytest.raises(TokenizerError, match="killed by signal SIGKILL"):
        list(tokenize_lines(lines, DyingTokenizer(), workers=2, chunk_size=5))
    assert time.monotonic() - start < 10.0  # two interpreters start, then at once
    assert not psutil.Process().children()


class DyingTokenizer:
    """Kills its own process on the line "죽음", as an out-of-memory kill would."""

    name = "dying"

    def tokenize(self, text: str) -> list[str]:
        if text == "죽음":
            os.kill(os.getpid(), signal.SIGKILL)
        return text.split()
