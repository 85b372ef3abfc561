"""Shared fixtures. Optional-backend tests skip locally when a backend is missing, but fail
when KOW2V_REQUIRE_ALL is set (scripts/test.sh, CI), so CI can never skip them silently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def require_tokenizer(name: str) -> None:
    from kow2v import tokenizers

    reason = tokenizers.available().get(name, "unknown")
    if reason is None:
        return
    if os.environ.get("KOW2V_REQUIRE_ALL"):
        pytest.fail(f"{name} must be available in this run: {reason}")
    pytest.skip(f"{name}: {reason}")


def require_module(name: str, install: str) -> None:
    """Skip a test module without ``name`` locally; fail it where every extra must be there."""
    import importlib.util

    if importlib.util.find_spec(name) is not None:
        return
    if os.environ.get("KOW2V_REQUIRE_ALL"):
        pytest.fail(f"{name} must be installed in this run: {install}", pytrace=False)
    pytest.skip(f"{name} is not installed: {install}", allow_module_level=True)


def random_corpus_file(tmp_path: Path, lines: int, words: int, stem: str = "단어",
                       seed: int = 3) -> Path:
    """A tokenized corpus file of ``lines`` random sentences (2 to 14 tokens) over ``words``
    distinct words ``stem0``, ``stem1``..."""
    import numpy as np

    rng = np.random.default_rng(seed)
    vocabulary = [f"{stem}{i}" for i in range(words)]
    path = tmp_path / "corpus.txt"
    text = "\n".join(" ".join(rng.choice(vocabulary, rng.integers(3, 15)))
                     for _ in range(lines))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def count_text_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one at each pass over a ``TokenizedCorpus``'s text (a vocabulary
    count, an epoch read from the text)."""
    from kow2v.corpus import TokenizedCorpus

    reads: list[int] = []
    original = TokenizedCorpus.text_blocks

    def counted(self, *args, **kwargs):
        reads.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TokenizedCorpus, "text_blocks", counted)
    return reads


def started_children() -> list:
    """This process's children that kow2v or a test started: multiprocessing's resource
    tracker, which Dask's LocalCluster (tests/test_distributed.py) starts once and which lives
    until the interpreter exits, is not one of them."""
    import psutil

    def tracker(p: psutil.Process) -> bool:
        try:
            return any("resource_tracker" in part for part in p.cmdline())
        except psutil.Error:
            return False

    return [p for p in psutil.Process().children() if not tracker(p)]


@pytest.fixture(autouse=True)
def restore_tokenizer_registry():
    """A test may register tokenizers; the next test sees the registry as it was."""
    from kow2v.tokenizers import registry

    saved = dict(registry._registered)
    yield
    registry._registered.clear()
    registry._registered.update(saved)
    registry.refresh_plugins()


@pytest.fixture
def bundled_lines() -> list[str]:
    from kow2v.corpus import LineCorpus

    return list(LineCorpus(ROOT / "kow2v" / "data" / "nsmc-sample.txt.gz"))


#: lines that broke one backend or another (docs/backends.md); every tokenizer must survive them
TRAP_LINES = [
    " ", "\t", " \n ", "\n", "", "\u3000",
    "정말 재밌어요😀😀 최고🎬", "😀", "ㅋ😀ㅋ", "𝕂𝕠𝕣𝕖𝕒𝕟 텍스트",
    "첫줄\n둘째줄", "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ", "ㅠㅠ", "!!!!!!", "...", "10점 만점에 10점",
    "Good movie!! 강추", "♥♥♥ ★★★★☆", "가" * 3000, "영화 " * 1500, "헐" * 200, "하하" * 300, "ㅋ" * 5000,
    "\ufeff첫 줄", "a\u0000b", "잘\u200b봤어요",
    # an NSMC review of 140 characters without a space: Hannanum's chart overflows (Java
    # ArrayIndexOutOfBoundsException, printed) and it returned no morpheme at all
    "에이즈에걸려한달밖에못살거라는전기기사(매튜맥커너히)달라수바이어스의2번째회원이된탑게이레이언"
    "(자레드레토)암환자라서하루에약을33알씩먹어야해요(밀수중인신부님)가끔은살려고노력하느라진짜살"
    "시간이없는것같아(맞는말)삶의끝단에서살아보려는그들을지루하고건조하게지켜봤다값진하루",
]
