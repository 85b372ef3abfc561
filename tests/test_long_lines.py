"""Lines that stall or flood a tagger, and outputs that would overwrite their input."""

from __future__ import annotations

import os
import time

import pytest

from kow2v.cli import main
from kow2v.tokenize import skipped_report_path, tokenize_to_file
from kow2v.tokenizers.base import SkippedLine, TaggerTokenizer, best_cut, split_pieces
from kow2v.tokenizers.parallel import tokenize_lines
from tests.conftest import require_tokenizer


# -- bounded pieces ------------------------------------------------------------------------------
@pytest.mark.parametrize("line, limit, cut", [
    ("가나 다라마바", 5, 2),          # a space first
    ("가나다라!마바사", 6, 5),         # after punctuation
    ("가나다라mbcd", 6, 4),           # where the script changes
    ("2024년에만듦", 6, 4),            # digits to Hangul
    ("가" * 20, 6, 6),                 # nothing better: a hard cut
])
def test_the_best_boundary_is_taken(line, limit, cut):
    assert best_cut(line, limit) == cut


def test_pieces_never_exceed_the_limit_and_lose_nothing():
    line = ("가나다라마바사" * 300) + "http://example.com/" + "a" * 700 + " 끝"
    pieces = split_pieces(line, 100)
    assert max(map(len, pieces)) <= 100
    assert "".join(pieces) == line.replace(" ", "")


MILLION = "가" * 1_000_000

_MILLION_SCRIPT = """
import json, sys, time
from kow2v import tokenizers
from kow2v.tokenizers.base import SkippedLine
from kow2v.tokenizers.parallel import tokenize_lines
tok = tokenizers.get(sys.argv[1])
tok.tokenize("준비")  # the backend's start is not the line's time
start = time.perf_counter()
(tokens,) = tokenize_lines(["가" * 1_000_000], tok, line_budget=getattr(tok, "line_budget", None))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "skipped": isinstance(tokens, SkippedLine),
                  "chars": sum(map(len, tokens))}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("name", ["okt", "komoran", "hannanum", "kkma", "mecab", "kiwi",
                                  "soynlp-regex", "whitespace"])
def test_a_million_characters_without_a_space_end_in_bounded_time(name):
    """Analysed in pieces of at most max_chars; the pieces are equal, so each is analysed
    once and every tagger answers within its default budget (before pieces were analysed
    once, Okt, Hannanum and Kkma were given up after 30 s).

    Each tagger runs in a fresh interpreter, as a user's command would: it must exit cleanly
    afterwards (a thread left inside Java used to crash the interpreter at exit), and a
    skipped line's Java call is stopped, not left running (except Hannanum's, see its class).
    """
    import json
    import subprocess
    import sys

    require_tokenizer(name)
    done = subprocess.run([sys.executable, "-c", _MILLION_SCRIPT, name], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, (name, done.returncode, done.stderr[-2000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert not result["skipped"] and result["seconds"] < 30, (name, result)
    # the whole line was analysed (Hannanum's forms add characters: 1.99M for this line)
    assert result["chars"] >= len(MILLION) // 2, (name, result)


_STUCK_SCRIPT = """
import json, sys, threading, time
from kow2v import tokenizers
from kow2v.tokenizers.base import SkippedLine
from kow2v.tokenizers.parallel import tokenize_lines
tok = tokenizers.get("okt")
tok.max_word_chars = None  # no cap on space-less runs: 5,000 syllables take Okt minutes
tok.tokenize("준비")
start = time.perf_counter()
(tokens,) = tokenize_lines(["가" * 5000], tok, line_budget=2.0)
seconds = time.perf_counter() - start
time.sleep(1)
stuck = [t.name for t in threading.enumerate() if t.name.startswith("kow2v-tokenize")]
print(json.dumps({"seconds": seconds, "skipped": isinstance(tokens, SkippedLine),
                  "stuck": stuck}))
"""


@pytest.mark.slow
def test_a_java_call_over_its_budget_is_stopped_and_the_interpreter_exits_cleanly():
    """The second line of defence: a line a JVM tagger cannot finish in its budget is given
    up, its Java call stopped (not left running), and the process still exits with 0 (a thread
    left inside Java used to crash the interpreter at exit)."""
    import json
    import subprocess
    import sys

    require_tokenizer("okt")
    done = subprocess.run([sys.executable, "-c", _STUCK_SCRIPT], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["skipped"] and 2.0 <= result["seconds"] < 20, result
    assert result["stuck"] == [], result


class CountingTagger(TaggerTokenizer):
    """A stand-in analyser: one morpheme per word, and a count of the calls it got."""

    name = "counting"
    max_word_chars = 4

    def __init__(self) -> None:
        super().__init__(max_chars=10)
        self.calls: list[str] = []

    def _make_backend(self) -> object:
        return object()

    def _analyze(self, backend: object, piece: str) -> list[tuple[str, str]]:
        self.calls.append(piece)
        return [(word, "W") for word in piece.split()]


def test_a_piece_that_recurs_in_a_line_is_analysed_once():
    tok = CountingTagger()
    line = "가" * 1000 + " 끝"
    pieces = tok._pieces(line)
    assert len(pieces) > 100 and len(set(pieces)) == 2  # 100 equal pieces and the last one
    expected = [word for piece in pieces for word in piece.split()]
    assert tok.tokenize(line) == expected  # the same tokens, in order
    assert sorted(tok.calls) == sorted(set(pieces))
    tok.calls.clear()
    assert tok.pos_tags("사랑해" * 400) == [(w, "W") for p in tok._pieces("사랑해" * 400)
                                           for w in p.split()]
    assert len(tok.calls) <= 3  # a period of 3 syllables: at most 3 different pieces
    tok.calls.clear()
    tok.tokenize("하나 둘")
    tok.tokenize("하나 둘")
    assert len(tok.calls) == 2  # remembered within a line only, never across lines


# -- a time budget per line ------------------------------------------------------------------------
class StallingTokenizer:
    """Takes 60 s on the line "멈춤" (a stand-in for a tagger stuck on a line)."""

    name = "stalling"
    line_budget = 0.5

    def tokenize(self, text: str) -> list[str]:
        if text == "멈춤":
            time.sleep(60)
        return text.split()


LINES = [f"줄 {i}" for i in range(30)] + ["멈춤"] + [f"끝 {i}" for i in range(30)]


@pytest.mark.parametrize("pool, workers", [("threads", 1), ("threads", 2), ("processes", 2)])
def test_a_line_over_its_budget_is_skipped_and_the_rest_is_kept(pool, workers):
    start = time.perf_counter()
    out = list(tokenize_lines(LINES, StallingTokenizer(), workers=workers, pool=pool,
                              chunk_size=7, line_budget=0.5))
    assert time.perf_counter() - start < 20  # not 60 s
    assert len(out) == len(LINES)
    assert isinstance(out[30], SkippedLine) and out[30] == [] and out[30].seconds >= 0.5
    assert out[:30] == [line.split() for line in LINES[:30]]
    assert out[31:] == [line.split() for line in LINES[31:]]


def test_the_output_stays_aligned_and_the_skipped_line_is_reported(tmp_path, capsys):
    from kow2v.corpus import LineCorpus

    corpus = tmp_path / "in.txt"
    corpus.write_text("\n".join(LINES[:5] + ["", "멈춤"] + LINES[31:35]) + "\n",
                      encoding="utf-8")
    out = tmp_path / "out.txt"
    stats = tokenize_to_file(LineCorpus(corpus), StallingTokenizer(), out, workers=1)
    lines = out.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(lines) == 10 and lines[5] == ""  # one output line per non-blank input line
    assert stats.lines_skipped == 1
    report = skipped_report_path(out).read_text(encoding="utf-8").splitlines()
    assert report[0].split("\t") == ["output_line", "file", "file_line", "seconds"]
    row = report[1].split("\t")
    assert row[0] == "6" and row[1] == str(corpus) and row[2] == "7"  # the blank line counts


def test_no_budget_means_no_skipping():
    tok = StallingTokenizer()
    lines = ["가 나", "다"]
    assert list(tokenize_lines(lines, tok, line_budget=None)) == [["가", "나"], ["다"]]
    with pytest.raises(ValueError, match="positive"):
        list(tokenize_lines(lines, tok, line_budget=0))


# -- outputs never overwrite inputs -------------------------------------------------------------
@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "same.txt"
    path.write_text("학교 에서 공부\n", encoding="utf-8")
    return path


def _refused(capsys, argv, corpus, before):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kow2v: error:") and "\n" not in err
    assert corpus.read_bytes() == before
    return err


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link"])
def test_tokenize_and_train_refuse_to_write_over_their_input(tmp_path, capsys, corpus, how):
    before = corpus.read_bytes()
    target = {"same path": corpus, "symlink": tmp_path / "link.txt",
              "hard link": tmp_path / "hard.txt"}[how]
    if how == "symlink":
        target.symlink_to(corpus)
    elif how == "hard link":
        os.link(corpus, target)
    err = _refused(capsys, ["tokenize", str(corpus), "-t", "whitespace", "-o", str(target)],
                   corpus, before)
    assert "is the input" in err
    err = _refused(capsys, ["train", str(corpus), "--min-count", "1", "-o", str(target)],
                   corpus, before)  # a .txt output is a word2vec text file: still refused
    assert "is the input" in err


def test_outputs_inside_an_input_directory_are_refused(tmp_path, capsys):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("학교 에서\n", encoding="utf-8")
    before = (folder / "a.txt").read_bytes()
    err = _refused(capsys, ["tokenize", str(folder), "-t", "whitespace", "-o",
                            str(folder / "tokens.txt")], folder / "a.txt", before)
    assert "inside the input directory" in err
    assert not (folder / "tokens.txt").exists()
    _refused(capsys, ["compare", str(folder), "-t", "whitespace", "-o", str(folder / "report"),
                      "--no-default-sets"], folder / "a.txt", before)


def test_overwriting_an_unrelated_earlier_output_is_still_allowed(tmp_path, corpus):
    out = tmp_path / "tokens.txt"
    out.write_text("old\n", encoding="utf-8")
    assert main(["-q", "tokenize", str(corpus), "-t", "whitespace", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "학교 에서 공부\n"
