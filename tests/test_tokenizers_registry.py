from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kow2v import tokenizers
from kow2v.errors import MissingBackendError, TokenizerError, UnknownTokenizerError
from kow2v.tokenizers import registry

ROOT = Path(__file__).resolve().parent.parent


def test_builtin_names_are_listed():
    names = tokenizers.tokenizer_names()
    for name in ("whitespace", "okt", "komoran", "hannanum", "kkma", "mecab", "kiwi",
                 "soynlp-ltokenizer", "soynlp-maxscore", "soynlp-regex"):
        assert name in names


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(UnknownTokenizerError, match="available names: whitespace, okt"):
        tokenizers.get("nope")


def test_unknown_option_is_a_clear_error_that_lists_the_options():
    with pytest.raises(TokenizerError, match="whitespace.*unexpected keyword argument 'stem'; "
                       "it takes no options"):
        tokenizers.get("whitespace", stem=True)

    @tokenizers.register("takes-two")
    def make(pos=None, *, tagged=False):
        return tokenizers.get("whitespace")

    try:
        with pytest.raises(TokenizerError, match="'stem'; it takes pos, tagged$"):
            tokenizers.get("takes-two", stem=True)
    finally:
        tokenizers.unregister("takes-two")


def test_missing_python_backend_names_the_extra(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(registry.importlib.util, "find_spec",
                        lambda name, *a: None if name == "kiwipiepy" else real(name, *a))
    assert "pip install 'kow2v[kiwi]'" in tokenizers.available()["kiwi"]
    with pytest.raises(MissingBackendError, match=r"pip install 'kow2v\[kiwi\]'"):
        tokenizers.get("kiwi")


def test_missing_java_says_what_to_install(monkeypatch):
    monkeypatch.setattr(registry, "find_jvm", lambda: None)
    assert "Java" in tokenizers.available()["okt"]
    with pytest.raises(MissingBackendError, match="apt-get install -y default-jre-headless"):
        tokenizers.get("okt")


def test_register_in_process():
    @tokenizers.register("test-reversed")
    def make(**options):
        class Reversed:
            name = "test-reversed"

            def tokenize(self, text):
                return text.split()[::-1]

        return Reversed()

    assert "test-reversed" in tokenizers.tokenizer_names()
    assert tokenizers.get("test-reversed").tokenize("가 나 다") == ["다", "나", "가"]
    with pytest.raises(ValueError):
        tokenizers.register("okt")


def test_registrations_do_not_leak_into_the_next_test():
    """The autouse fixture restored the registry after test_register_in_process."""
    assert "test-reversed" not in tokenizers.tokenizer_names()
    tokenizers.register("test-gone")(lambda **_: None)
    tokenizers.unregister("test-gone")
    assert "test-gone" not in tokenizers.tokenizer_names()
    with pytest.raises(UnknownTokenizerError):
        tokenizers.unregister("test-gone")


def _fake_entry_points(monkeypatch, *eps):
    monkeypatch.setattr(registry, "entry_points", lambda group: importlib.metadata.EntryPoints(
        [ep for ep in eps if ep.group == group]))
    registry.refresh_plugins()


def test_plugin_from_an_entry_point(monkeypatch):
    ep = importlib.metadata.EntryPoint(
        "fake-ws", "kow2v.tokenizers.whitespace:WhitespaceTokenizer", registry.ENTRY_POINT_GROUP)
    _fake_entry_points(monkeypatch, ep)
    try:
        assert "fake-ws" in tokenizers.tokenizer_names()
        assert tokenizers.available()["fake-ws"] is None
        assert tokenizers.get("fake-ws").tokenize("가 나") == ["가", "나"]
    finally:
        monkeypatch.undo()
        registry.refresh_plugins()


def test_plugin_cannot_shadow_a_builtin(monkeypatch, caplog):
    ep = importlib.metadata.EntryPoint("okt", "os:getcwd", registry.ENTRY_POINT_GROUP)
    _fake_entry_points(monkeypatch, ep)
    try:
        assert "okt" not in registry._plugins()
        assert "reuses a built-in" in caplog.text
    finally:
        monkeypatch.undo()
        registry.refresh_plugins()


def test_plugin_that_returns_no_tokenizer_is_refused(monkeypatch):
    ep = importlib.metadata.EntryPoint("bad", "builtins:dict", registry.ENTRY_POINT_GROUP)
    _fake_entry_points(monkeypatch, ep)
    try:
        with pytest.raises(TokenizerError, match="did not return a tokenizer"):
            tokenizers.get("bad")
    finally:
        monkeypatch.undo()
        registry.refresh_plugins()


@pytest.mark.slow
def test_installed_plugin_package_is_found_through_its_entry_point(tmp_path):
    """pip-install the example plugin of docs/plugins.md into a folder and use it by name."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "--target", str(target),
         str(ROOT / "docs" / "examples" / "kow2v-syllables")],
        check=True, capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = ("from kow2v import tokenizers;"
            "print(tokenizers.get('syllables', keep_spaces=False).tokenize('한국 어'))")
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True)
    assert out.stdout.strip() == "['한', '국', '어']"
    listing = subprocess.run([sys.executable, "-m", "kow2v", "tokenizers"], env=env,
                             check=True, capture_output=True, text=True)
    assert "syllables" in listing.stdout and "plugin kow2v_syllables" in listing.stdout
