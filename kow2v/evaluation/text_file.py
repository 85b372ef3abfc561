"""An analogy or similarity file's text: UTF-8 (a BOM tolerated), as gensim reads these sets.

A file that is not UTF-8 (Korean Windows text is often CP949) is refused with the line and the
bytes that do not decode, and the command that converts it.
"""

from __future__ import annotations

import os
from pathlib import Path

from kow2v.errors import EvaluationFileError


def read_text(path: str | os.PathLike[str]) -> str:
    """The file's text; `EvaluationFileError` naming the line for bytes that are not UTF-8."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise EvaluationFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EvaluationFileError(
            f"{path}: line {line}: cannot decode {data[exc.start:exc.start + 4]!r} as UTF-8; "
            f"evaluation files are UTF-8 (from CP949: iconv -f cp949 -t utf-8 {path} > "
            "new-file)") from None
