"""KoNLPy adapters on real sentences, with the tokens each tagger really gives."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kow2v import tokenizers
from tests.conftest import require_tokenizer

pytestmark = pytest.mark.konlpy

EXPECTED = {
    "okt": {
        "아버지가 방에 들어가신다": ["아버지", "가", "방", "에", "들어가신다"],
        "대한민국의 주권은 국민에게 있다": ["대한민국", "의", "주권", "은", "국민", "에게", "있다"],
    },
    "komoran": {
        "아버지가 방에 들어가신다": ["아버지", "가", "방", "에", "들어가", "시", "ㄴ다"],
        "영화가 정말 재미있었어요": ["영화", "가", "정말", "재미있", "었", "어요"],
    },
    "hannanum": {
        "대한민국의 주권은 국민에게 있다": ["대한민국", "의", "주권", "은", "국민", "에게", "있", "다"],
        "영화가 정말 재미있었어요": ["영화", "가", "정말", "재미있", "었어요"],
    },
    "kkma": {
        "아버지가 방에 들어가신다": ["아버지", "가", "방", "에", "들어가", "시", "ㄴ다"],
        "영화가 정말 재미있었어요": ["영화", "가", "정말", "재미있", "었", "어요"],
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_tokens(name):
    require_tokenizer(name)
    tok = tokenizers.get(name)
    for sentence, expected in EXPECTED[name].items():
        assert tok.tokenize(sentence) == expected


def test_okt_stem_and_norm():
    require_tokenizer("okt")
    assert tokenizers.get("okt", stem=True).tokenize("영화가 정말 재미있었어요") == [
        "영화", "가", "정말", "재미있다"]
    plain, norm = tokenizers.get("okt"), tokenizers.get("okt", norm=True)
    assert plain.tokenize("그랰ㅋㅋㅋㅋ") == ["그랰", "ㅋㅋㅋㅋ"]
    assert norm.tokenize("그랰ㅋㅋㅋㅋ") == ["그래", "ㅋㅋㅋ"]
    assert norm.tokenize("재밌닼ㅋㅋㅋㅋㅋ") == ["재밌다", "ㅋㅋㅋ"]
    assert norm.tokenize("사릉해") == ["사릉", "해"]  # spelling is not corrected


def test_okt_pos_filter_uses_okt_tags():
    require_tokenizer("okt")
    tok = tokenizers.get("okt", pos=["Noun"], tagged=True)
    assert tok.tokenize("대한민국의 주권은 국민에게 있다") == [
        "대한민국/Noun", "주권/Noun", "국민/Noun"]


def test_komoran_tagged_nouns():
    require_tokenizer("komoran")
    tok = tokenizers.get("komoran", pos="NN", tagged=True)
    assert tok.tokenize("대한민국의 주권은 국민에게 있다") == [
        "대한민국/NNP", "주권/NNP", "국민/NNG"]


def test_okt_never_emits_newline_tokens():
    require_tokenizer("okt")
    assert tokenizers.get("okt").tokenize("첫줄\n둘째줄") == ["첫", "줄", "둘째", "줄"]


@pytest.mark.slow
def test_komoran_one_call_per_line_matches_konlpy_pos(bundled_lines):
    """kow2v parses Komoran's printed token list; it must equal KoNLPy's own pos()."""
    require_tokenizer("komoran")
    tok = tokenizers.get("komoran")
    tricky = ["사랑아 사랑아보고 좋겠닼ㅋ ㅡ완죤", "a, pos=NNG 가", "Token [morph=가, 나]",
              "[] ] [ , ,, 1/2 a/b", "x=y 학교=집", "'인용' \"따옴표\" (괄호)"]
    pieces = [p for line in bundled_lines[:1500] + tricky for p in tok._pieces(line)]
    backend = tok.backend
    for piece in pieces:
        assert tok._analyze(backend, piece) == backend.pos(piece), piece


def _run_fresh(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.slow
def test_jvm_ignores_jpypes_explicit_full_collections():
    """kow2v starts the JVM with -XX:+DisableExplicitGC (JPype calls System.gc() as the
    process grows: a full collection of the dictionaries each time); a JVM the user started
    first is used as it is."""
    require_tokenizer("komoran")
    args = ("import jpype\n"
            "from kow2v import tokenizers\n"
            "{first}"
            "print(tokenizers.get('komoran').tokenize('아버지가 방에 들어가신다'))\n"
            "mx = jpype.JClass('java.lang.management.ManagementFactory').getRuntimeMXBean()\n"
            "print(list(mx.getInputArguments()))\n")
    ours = _run_fresh(args.format(first=""))
    assert "-XX:+DisableExplicitGC" in ours and "-ea" in ours and "-Xmx2048m" in ours
    theirs = _run_fresh(args.format(first="import konlpy.tag; konlpy.tag.Okt()\n"))
    assert "'아버지'" in theirs and "-XX:+DisableExplicitGC" not in theirs
