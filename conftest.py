"""Doctests of the optional tokenizer backends run only where the backend is installed, and
always under KOW2V_REQUIRE_ALL (scripts/test.sh, CI), where a missing backend fails them."""

from __future__ import annotations

import os

import pytest

#: module of an adapter -> the tokenizer whose backend its examples need
_DOCTEST_BACKENDS = {"kow2v.tokenizers.konlpy": "okt", "kow2v.tokenizers.mecab": "mecab",
                     "kow2v.tokenizers.kiwi": "kiwi", "kow2v.tokenizers.soynlp": "soynlp-regex"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("KOW2V_REQUIRE_ALL"):
        return
    from kow2v import tokenizers

    status = tokenizers.available()
    for item in items:
        if type(item).__name__ != "DoctestItem":
            continue
        module = item.name.rsplit(".", 1)[0]
        for prefix, name in _DOCTEST_BACKENDS.items():
            if module.startswith(prefix) and status.get(name) is not None:
                item.add_marker(pytest.mark.skip(reason=f"{name}: {status[name]}"))
