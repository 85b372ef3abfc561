"""Guarding inputs: no command may write over the text it was given.

``kow2v tokenize same.txt -o same.txt`` used to replace the corpus by its tokens. An output is
refused when it is one of the inputs (the same file under another name counts: a symlink or a
hard link, compared by device and inode) or when it lies inside an input directory being read
(the next run would read it as text).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kow2v.errors import Kow2vError


class OutputIsInputError(Kow2vError):
    """An output path would overwrite, or land inside, an input."""


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def check_not_input(output: str | os.PathLike[str],
                    inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse ``output`` if it is one of ``inputs`` or inside an input directory.

    Raises
    ------
    OutputIsInputError
        With a one-line message naming both paths; nothing has been written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = tempfile.TemporaryDirectory()
    >>> corpus = pathlib.Path(folder.name) / "reviews.txt"
    >>> _ = corpus.write_text("가 나", encoding="utf-8")
    >>> check_not_input(corpus.with_name("tokens.txt"), [corpus])   # fine
    >>> check_not_input(corpus, [corpus])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kow2v.paths.OutputIsInputError: the output ... is the input ...: choose another output file
    >>> folder.cleanup()
    """
    out = Path(output)
    out_resolved = out.resolve()
    for given in inputs:
        source = Path(given)
        if not source.exists():
            continue
        if source.is_dir():
            if _inside(out_resolved, source.resolve()):
                raise OutputIsInputError(
                    f"the output {out} is inside the input directory {source}, which is being "
                    "read: write it somewhere else")
            continue
        if out.exists() and os.path.samefile(out, source):
            raise OutputIsInputError(f"the output {out} is the input {source} (the same file"
                                     f"{'' if out_resolved == source.resolve() else ', linked'})"
                                     ": choose another output file")
