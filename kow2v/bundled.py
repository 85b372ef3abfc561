"""The small corpora and evaluation sets kow2v ships, found wherever kow2v is installed.

They live in the package (``kow2v/data/``, with their sources and licences in its README) and
are found through :mod:`importlib.resources`, one way for a wheel, an sdist install, an
editable install, a source checkout on ``PYTHONPATH`` and a zip: a file inside a zip is
extracted once to a temporary file that lasts until the interpreter exits.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.resources
from pathlib import Path
from typing import Any

from kow2v.errors import CorpusError

_EXTRACTED = contextlib.ExitStack()
atexit.register(_EXTRACTED.close)


def _data() -> Any:  # an importlib.resources Traversable
    return importlib.resources.files("kow2v").joinpath("data")


def bundled(name: str) -> Path:
    """Path of a bundled file, e.g. ``bundled("eval/ko_analogies.txt")``.

    Raises
    ------
    CorpusError
        No such bundled file (the message lists them).

    Examples
    --------
    >>> bundled("eval/ko_similarity.tsv").read_text(encoding="utf-8").split()[:3]
    ['word1', 'word2', 'score']
    """
    resource = _data().joinpath(*name.split("/"))
    if not resource.is_file():
        raise CorpusError(f"no bundled file {name!r}; bundled files: {', '.join(bundled_names())}")
    if isinstance(resource, Path):
        return resource
    return _EXTRACTED.enter_context(importlib.resources.as_file(resource))


def bundled_names() -> list[str]:
    """The bundled data files (not their READMEs), as :func:`bundled` takes them."""
    names: list[str] = []
    todo = [("", _data())]
    while todo:
        prefix, folder = todo.pop()
        for item in folder.iterdir():
            if item.is_dir():
                todo.append((f"{prefix}{item.name}/", item))
            elif not item.name.endswith(".md"):
                names.append(prefix + item.name)
    return sorted(names)
