"""Paths of the small corpora and evaluation sets shipped in the repository's ``corpora/``."""

from __future__ import annotations

from pathlib import Path

from kow2v.errors import CorpusError

CORPORA_DIR = Path(__file__).resolve().parent.parent / "corpora"


def bundled(name: str) -> Path:
    """Path of a bundled file, e.g. ``bundled("nsmc-sample.txt.gz")``.

    Raises
    ------
    CorpusError
        When kow2v runs from an installation without the repository's ``corpora/`` folder.
    """
    path = CORPORA_DIR / name
    if not path.exists():
        raise CorpusError(f"bundled file {name} not found in {CORPORA_DIR}; run kow2v from a "
                          "source checkout (pip install -e .) or pass your own file")
    return path
