from __future__ import annotations

import threading
import time

import pytest

from kow2v import tokenizers
from kow2v.tokenizers.parallel import pool_kind, tokenize_lines
from tests.conftest import require_tokenizer, started_children


def test_one_worker_keeps_order_and_empty_lines():
    tok = tokenizers.get("whitespace")
    assert list(tokenize_lines(["가 나", "", "다"], tok, chunk_size=1)) == [["가", "나"], [], ["다"]]


@pytest.mark.slow
def test_two_workers_give_identical_output(bundled_lines):
    tok = tokenizers.get("whitespace")
    lines = bundled_lines[:2000]
    assert list(tokenize_lines(lines, tok, workers=2, chunk_size=37)) == [
        line.split() for line in lines]


@pytest.mark.slow
@pytest.mark.konlpy
def test_two_okt_processes_each_with_a_jvm_match_one(bundled_lines):
    require_tokenizer("okt")
    tok = tokenizers.get("okt")
    tok.tokenize("가")  # the JVM is running in this process: workers must be spawned, not forked
    lines = bundled_lines[:300]
    assert list(tokenize_lines(lines, tok, workers=2, chunk_size=50, pool="processes")) == list(
        tokenize_lines(lines, tok, workers=1))


@pytest.mark.slow
@pytest.mark.konlpy
@pytest.mark.parametrize("name, n, shared", [("okt", 300, False), ("komoran", 600, True),
                                             ("hannanum", 300, False), ("kkma", 40, False)])
def test_jvm_taggers_run_in_threads_and_match_one_worker(bundled_lines, name, n, shared,
                                                         monkeypatch):
    """The threads share one JVM, and Komoran's threads one analyser (the others have one
    each); the output does not change."""
    require_tokenizer(name)
    tok = tokenizers.get(name)
    assert pool_kind(tok) == "threads"
    lines = bundled_lines[:n]
    seen: set[str] = set()
    backends: set[int] = set()
    original = type(tok).tokenize

    def spy(self, text):  # which threads really tokenized, and with which tagger object
        seen.add(threading.current_thread().name)
        backends.add(id(self.backend))
        return original(self, text)

    with monkeypatch.context() as patch:
        patch.setattr(type(tok), "tokenize", spy)
        threaded = list(tokenize_lines(lines, tok, workers=2, chunk_size=5, pool="threads"))
    assert threaded == list(tokenize_lines(lines, tok, workers=1))
    assert {"kow2v-tokenize-0", "kow2v-tokenize-1"} <= seen
    assert len(backends) == (1 if shared else 2)
    assert started_children() == []  # no process was started


@pytest.mark.slow
@pytest.mark.konlpy
def test_komoran_threads_share_an_analyser_that_survives_a_stopped_call(bundled_lines):
    """A line over the budget has its Java call stopped inside the analyser the threads share;
    the other thread and the replacement thread go on with that same analyser, unharmed."""
    import numpy as np

    from kow2v.tokenizers.base import SkippedLine

    require_tokenizer("komoran")
    rng = np.random.default_rng(0)  # 400 distinct 1,000-syllable pieces: about 5 s
    stuck = "".join(chr(0xAC00 + int(i)) for i in rng.integers(0, 11172, 400_000))
    lines = bundled_lines[:60] + [stuck] + bundled_lines[60:120]
    tok = tokenizers.get("komoran")
    out = list(tokenize_lines(lines, tok, workers=2, chunk_size=5, line_budget=1.0))
    assert isinstance(out[60], SkippedLine)
    normal = bundled_lines[:120]
    assert out[:60] + out[61:] == list(tokenize_lines(normal, tokenizers.get("komoran")))


def test_pool_kind():
    assert pool_kind(tokenizers.get("whitespace")) == "processes"
    assert pool_kind(tokenizers.get("whitespace"), "threads") == "threads"
    with pytest.raises(ValueError, match="pool must be one of"):
        pool_kind(tokenizers.get("whitespace"), "fibers")  # type: ignore[arg-type]


def test_threads_keep_order_and_give_each_thread_its_own_copy():
    lines = [f"줄 {i} 끝" for i in range(500)]
    tok = ThreadCountingTokenizer()
    out = list(tokenize_lines(lines, tok, workers=3, chunk_size=7, pool="threads"))
    assert out == [line.split() for line in lines]
    assert tok.threads == set()  # the caller's own object was never used by a worker


class ThreadCountingTokenizer:
    name = "counting"

    def __init__(self) -> None:
        self.threads: set[str] = set()

    def __copy__(self) -> ThreadCountingTokenizer:
        return ThreadCountingTokenizer()

    def tokenize(self, text: str) -> list[str]:
        name = threading.current_thread().name
        if name.startswith("kow2v-tokenize-"):  # (the first copy also warms up in the caller)
            self.threads.add(name)
        if len(self.threads) > 1:
            raise AssertionError("one tokenizer object used by two threads")
        return text.split()


class FailingTokenizer:
    name = "failing"

    def tokenize(self, text: str) -> list[str]:
        if text == "오류":
            raise RuntimeError("the backend failed on 오류")
        return text.split()


@pytest.mark.parametrize("workers, pool, budget", [(1, "auto", None), (1, "auto", 5.0),
                                                    (2, "threads", None),
                                                    (2, "processes", None),
                                                    (2, "processes", 5.0)])
def test_an_error_on_a_line_reaches_the_caller_naming_the_line(workers, pool, budget):
    """A tokenizer (a plugin's) that raised on one line ended `kow2v tokenize` with a bare
    traceback that named neither the tokenizer nor the line."""
    from kow2v.errors import TokenizerError

    lines = [f"줄 {i}" for i in range(50)] + ["오류"] + [f"줄 {i}" for i in range(50)]
    with pytest.raises(TokenizerError, match="tokenizer 'failing' failed on the line '오류': "
                       "RuntimeError: the backend failed on 오류"):
        list(tokenize_lines(lines, FailingTokenizer(), workers=workers, chunk_size=4,
                            pool=pool, line_budget=budget))


def test_bad_worker_count():
    with pytest.raises(ValueError):
        list(tokenize_lines(["가"], tokenizers.get("whitespace"), workers=0))


class HangingTokenizer:
    """Hangs on the line "멈춤", as Hannanum does on a blank line (picklable for spawn)."""

    name = "hanging"

    def tokenize(self, text: str) -> list[str]:
        if text == "멈춤":
            time.sleep(3600)
        return text.split()


def test_an_abandoned_run_stops_its_workers_even_a_stuck_one():
    lines = ["첫 줄"] + ["멈춤"] + [f"줄 {i}" for i in range(100)]
    stream = tokenize_lines(lines, HangingTokenizer(), workers=2, chunk_size=1)
    assert next(stream) == ["첫", "줄"]
    closer = threading.Thread(target=stream.close)  # the consumer gives up early
    closer.start()
    closer.join(timeout=30)
    assert not closer.is_alive(), "closing waited for a stuck worker"
    deadline = time.monotonic() + 10  # the executor's own thread may still be reaping them
    while started_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started_children() == []


def test_an_abandoned_threaded_run_does_not_wait_for_a_stuck_thread():
    lines = ["첫 줄"] + ["멈춤"] + [f"줄 {i}" for i in range(100)]
    stream = tokenize_lines(lines, HangingTokenizer(), workers=2, chunk_size=1, pool="threads")
    assert next(stream) == ["첫", "줄"]
    closer = threading.Thread(target=stream.close)
    closer.start()
    closer.join(timeout=30)
    assert not closer.is_alive(), "closing waited for a stuck thread"
    stuck = [t for t in threading.enumerate() if t.name.startswith("kow2v-tokenize-")]
    assert stuck and all(t.daemon for t in stuck)  # a stuck tagger cannot keep Python alive
