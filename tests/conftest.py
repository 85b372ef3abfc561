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


@pytest.fixture
def bundled_lines() -> list[str]:
    from kow2v.corpus import LineCorpus

    return list(LineCorpus(ROOT / "corpora" / "nsmc-sample.txt.gz"))


#: lines that broke one backend or another (BACKENDS.md); every tokenizer must survive them
TRAP_LINES = [
    " ", "\t", " \n ", "\n", "", "\u3000",
    "정말 재밌어요😀😀 최고🎬", "😀", "ㅋ😀ㅋ", "𝕂𝕠𝕣𝕖𝕒𝕟 텍스트",
    "첫줄\n둘째줄", "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ", "ㅠㅠ", "!!!!!!", "...", "10점 만점에 10점",
    "Good movie!! 강추", "♥♥♥ ★★★★☆", "가" * 3000, "영화 " * 1500, "헐" * 200, "하하" * 300, "ㅋ" * 5000,
    "\ufeff첫 줄", "a\u0000b", "잘\u200b봤어요",
]
