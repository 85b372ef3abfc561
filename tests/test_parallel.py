from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
import time

import pytest

from kow2v import tokenizers
from kow2v.tokenizers.parallel import tokenize_lines
from tests.conftest import require_tokenizer


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
def test_two_okt_workers_each_with_a_jvm_match_one(bundled_lines):
    require_tokenizer("okt")
    tok = tokenizers.get("okt")
    tok.tokenize("가")  # the JVM is running in this process: workers must be spawned, not forked
    lines = bundled_lines[:300]
    assert list(tokenize_lines(lines, tok, workers=2, chunk_size=50)) == list(
        tokenize_lines(lines, tok, workers=1))


def test_bad_worker_count():
    with pytest.raises(ValueError):
        list(tokenize_lines(["가"], tokenizers.get("whitespace"), workers=0))


@pytest.mark.slow
def test_a_script_without_a_main_guard_gets_an_error_not_a_hang(tmp_path):
    """spawn re-imports the main script; its workers die, which must end the run clearly."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from kow2v import tokenizers\n"
        "from kow2v.tokenizers.parallel import tokenize_lines\n"
        "print(list(tokenize_lines(['가 나'] * 50, tokenizers.get('whitespace'), workers=2)))\n",
        encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode != 0
    assert 'if __name__ == "__main__":' in proc.stderr
    assert "TokenizerError" in proc.stderr


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
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []
