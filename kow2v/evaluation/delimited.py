"""Rows of an evaluation table (TSV or CSV), each field as the file means it.

The delimiter is a tab if the first line holds one, else a comma. A TSV field is taken as
written: TSV has no quoting, and NSMC's reviews begin with quotes they never close (read with
CSV quoting, one review swallowed the lines after it up to the next quote: 148,646 of its
150,000 training rows came back). A CSV field follows CSV's quoting (a review holding a comma
is quoted). Neither has a length limit (the ``csv`` module's is 131,072 characters).

>>> list(rows('a\\t"b\\nc\\td'))
[(1, ['a', '"b']), (2, ['c', 'd'])]
>>> list(rows('a,"b, c"\\n'))
[(1, ['a', 'b, c'])]
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator

_LIMIT_LOCK = threading.Lock()


def delimiter_of(text: str) -> str:
    """A tab if the first line holds one, else a comma (the text is searched, not copied)."""
    end = text.find("\n")
    return "\t" if "\t" in text[:end if end >= 0 else len(text)] else ","


def rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` of each line (of each record, for CSV), blank ones included."""
    if delimiter_of(text) == "\t":
        for number, line in enumerate(text.split("\n"), start=1):  # not splitlines(): a
            line = line.removesuffix("\r")  # review may hold U+2028 or U+0085
            yield number, line.split("\t") if line else []
        return
    with _LIMIT_LOCK:  # no field is longer than the text; the process's limit is restored
        limit = csv.field_size_limit(max(len(text), csv.field_size_limit()))
        try:
            reader = csv.reader(io.StringIO(text))
            records = [(reader.line_num, record) for record in reader]
        finally:
            csv.field_size_limit(limit)
    yield from records
