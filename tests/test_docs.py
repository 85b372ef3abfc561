"""Every ```python block of the guide pages runs, in order, in one namespace per page.

(```py blocks are examples that need something installed first, such as the plugin of
docs/plugins.md; the test that pip-installs that plugin runs the same calls.)"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
PAGES = [p for p in sorted((ROOT / "docs").glob("*.md"))
         if BLOCK.search(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_runs(page, tmp_path, monkeypatch):
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    namespace = {"out_dir": tmp_path, "__name__": "__docs__"}
    for i, code in enumerate(blocks):
        exec(compile(code, f"{page.name}[block {i}]", "exec"), namespace)
    if page.name == "scratch.md":
        png = (tmp_path / "loss.png").read_bytes()
        assert png.startswith(b"\x89PNG")
