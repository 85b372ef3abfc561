from __future__ import annotations

import gzip
import subprocess
import sys

import pytest

from kow2v import tokenizers
from kow2v.cli import main
from kow2v.tokenizers import registry
from tests.conftest import ROOT, require_tokenizer


def test_tokenize_to_file_and_summary(tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text("학교에서 공부를 했다\n\n영화가 좋다\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["-q", "tokenize", str(src), "-t", "whitespace", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "학교에서 공부를 했다\n영화가 좋다\n"
    err = capsys.readouterr().err
    assert "2 lines, 5 tokens" in err and "tokens/s" in err


@pytest.mark.parametrize("output", [[], ["-o", "-"]])
def test_tokenize_to_stdout(tmp_path, capsys, monkeypatch, output):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "in.txt.gz"
    src.write_bytes(gzip.compress("가 나\n다\n".encode()))
    assert main(["tokenize", str(src), "-t", "whitespace", *output]) == 0
    assert capsys.readouterr().out == "가 나\n다\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt.gz"]  # no file named "-"


def test_tokenize_from_standard_input(tmp_path, capsys, monkeypatch):
    """`kow2v tokenize -` had said '-: no such file or directory' (and /dev/stdin the same)."""
    import io

    def stdin(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    stdin("가 나\n다\n".encode())
    assert main(["tokenize", "-", "-t", "whitespace", "-o", "-"]) == 0
    assert capsys.readouterr().out == "가 나\n다\n"
    stdin("한국어 문장\n".encode("cp949"))  # read twice: the encoding is detected first
    out = tmp_path / "out.txt"
    assert main(["-q", "tokenize", "-", "-t", "whitespace", "--encoding", "auto", "-o",
                 str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "한국어 문장\n"
    stdin("한국어 문장\n".encode("cp949"))
    assert main(["-q", "tokenize", "-", "-t", "whitespace", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "kow2v: error: standard input: line 1" in err and "kow2v-stdin" not in err


def test_cp949_needs_encoding_flag(tmp_path, capsys):
    src = tmp_path / "cp.txt"
    src.write_bytes("한국어 문장\n".encode("cp949"))
    out = tmp_path / "out.txt"
    assert main(["-q", "tokenize", str(src), "-t", "whitespace", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 1, byte offset 0" in err and "as utf-8;" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["-q", "tokenize", str(src), "-t", "whitespace", "--encoding", "auto",
                 "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "한국어 문장\n"


def test_unknown_tokenizer_and_empty_corpus_fail_cleanly(tmp_path, capsys):
    src = tmp_path / "empty.txt"
    src.write_text("\n  \n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["tokenize", str(src), "-t", "nope", "-o", str(out)]) == 2
    assert "unknown tokenizer 'nope'" in capsys.readouterr().err
    assert main(["-q", "tokenize", str(src), "-t", "whitespace", "-o", str(out)]) == 2
    assert "no tokens" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [src]


def test_missing_jvm_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(registry, "find_jvm", lambda: None)
    src = tmp_path / "in.txt"
    src.write_text("가\n", encoding="utf-8")
    assert main(["tokenize", str(src), "-t", "okt"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kow2v: error: tokenizer 'okt' is not available: no Java runtime")
    assert err.count("\n") == 1


def test_interrupted_run_leaves_no_output(tmp_path, capsys):
    class Exploding:
        name = "exploding"

        def __init__(self):
            self.calls = 0

        def tokenize(self, text):
            self.calls += 1
            if self.calls > 300:
                raise KeyboardInterrupt
            return text.split()

    tokenizers.register("test-exploding")(lambda **_: Exploding())
    src = tmp_path / "in.txt"
    src.write_text("가 나\n" * 1000, encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["-q", "tokenize", str(src), "-t", "test-exploding", "-o", str(out)]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [src]


def test_tokenizer_options_reach_the_tokenizer(tmp_path):
    require_tokenizer("mecab")
    src = tmp_path / "in.txt"
    src.write_text("학교에서 공부를 했습니다\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["-q", "tokenize", str(src), "-t", "mecab", "--pos", "NN", "--tagged",
                 "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "학교/NNG 공부/NNG\n"


@pytest.mark.soynlp
def test_soynlp_model_is_saved_then_reused(tmp_path, monkeypatch):
    require_tokenizer("soynlp-ltokenizer")
    from kow2v.tokenizers.soynlp import LTokenizer

    corpus = ROOT / "kow2v" / "data" / "nsmc-sample.txt.gz"
    model, out1, out2 = tmp_path / "l.json", tmp_path / "a.txt", tmp_path / "b.txt"
    args = ["-q", "tokenize", str(corpus), "-t", "soynlp-ltokenizer", "--tokenizer-model",
            str(model)]
    assert main([*args, "-o", str(out1)]) == 0 and model.exists()

    def no_second_fit(self, sentences):
        raise AssertionError("fitted again instead of loading the saved model")

    monkeypatch.setattr(LTokenizer, "fit", no_second_fit)
    assert main([*args, "-o", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()


@pytest.mark.slow
def test_console_entry_and_python_m(tmp_path):
    out = subprocess.run([sys.executable, "-m", "kow2v", "tokenizers"], capture_output=True,
                         text=True, check=True)
    assert "whitespace" in out.stdout and "mecab" in out.stdout


@pytest.mark.parametrize("argv, message", [
    (["tokenize", "in.txt", "-t", "whitespace", "--workers", "0"],
     "argument --workers: must be >= 1, got 0"),
    (["tokenize", "in.txt", "-t", "whitespace", "--shard-lines", "0", "-o", "s"],
     "argument --shard-lines: must be >= 1, got 0"),  # was taken as no shards
    (["tokenize", "in.txt", "-t", "whitespace", "--line-budget", "-1"],
     "argument --line-budget: must be a finite number >= 0, got -1"),
    (["tokenize", "in.txt", "-t", "whitespace", "--workers", "two"],
     "argument --workers: expected a whole number, got 'two'"),
    (["evaluate", "v.kv", "--workers", "0"], "argument --workers: must be >= 1, got 0"),
    (["evaluate", "v.kv", "--restrict-vocab", "0"],
     "argument --restrict-vocab: must be >= 1, got 0"),
    (["similar", "v.kv", "영화", "-n", "-3"], "argument -n/--topn: must be >= 1, got -3"),
])
def test_counts_out_of_range_are_usage_errors_not_tracebacks(tmp_path, capsys, monkeypatch,
                                                            argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.txt").write_text("가 나\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


@pytest.mark.mecab
def test_a_pos_filter_in_another_taggers_tags_says_which_tags_there_are(tmp_path, capsys):
    """``--pos Noun`` is Okt's spelling; with mecab it keeps nothing, and the error used to say
    only that the corpus gave no tokens."""
    require_tokenizer("mecab")
    src = tmp_path / "in.txt"
    src.write_text("학교에서 공부를 했다\n영화가 좋다\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["-q", "tokenize", str(src), "-t", "mecab", "--pos", "Noun", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "gave no tokens (2 non-blank lines read)" in err
    assert "pos=['Noun'] kept no morpheme: mecab tags the first line" in err and "NNG" in err
    assert main(["-q", "train", str(src), "-t", "mecab", "--pos", "Noun", "-o",
                 str(tmp_path / "v.kv")]) == 2
    assert "kept no morpheme: mecab tags the first line" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]
    shards = tmp_path / "shards"  # the sharded run said only that the corpus gave no tokens
    assert main(["-q", "tokenize", str(src), "-t", "mecab", "--pos", "Noun", "--shard-lines",
                 "1", "-o", str(shards)]) == 2
    err = capsys.readouterr().err
    assert "is left incomplete; pos=['Noun'] kept no morpheme: mecab tags the first line" in err
