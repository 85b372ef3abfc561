"""Streaming corpus readers and the tokenized-corpus writer.

Readers never hold a corpus in memory and can be iterated again and again (gensim needs a
re-iterable, not a generator). Files may be plain, ``.gz`` or ``.bz2``, or a directory of
them. Text is UTF-8 (a BOM is tolerated) unless told otherwise; ``encoding="auto"`` also
recognises CP949 / EUC-KR, common for Korean text from Windows. A byte that does not decode
is an error naming the file, line and byte offset, unless ``errors="replace"`` is asked for.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import os
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, cast

from kow2v.atomic import atomic_open
from kow2v.errors import CorpusError, EmptyCorpusError
from kow2v.line_format import breaks_line, sentence_line  # noqa: F401 (breaks_line: API)

#: bytes read to guess the encoding with ``encoding="auto"``
SNIFF_BYTES = 1 << 20


def _open_binary(path: Path) -> IO[bytes]:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    if suffix == ".bz2":
        return cast(IO[bytes], bz2.open(path, "rb"))
    return open(path, "rb")


def corpus_files(path: str | os.PathLike[str]) -> list[Path]:
    """The files of a corpus: ``path`` itself, the shards of a sharded tokenized corpus in
    order (:mod:`kow2v.shards`), or the visible files under a directory, sorted."""
    root = Path(path)
    if root.is_file():
        return [root]
    from kow2v.shards import is_sharded, shard_paths

    if is_sharded(root):
        return shard_paths(root)
    if root.is_dir():
        files = sorted(
            p for p in root.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
        )
        if not files:
            raise CorpusError(f"{root}: the directory holds no files")
        return files
    raise CorpusError(f"{root}: no such file or directory")


def _normalise_encoding(encoding: str) -> str:
    if encoding == "auto":
        return encoding
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise CorpusError(f"unknown encoding {encoding!r} (try utf-8 or cp949)") from None
    return "utf-8-sig" if name == "utf-8" else name


def _hangul(text: str) -> int:
    return sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e")


def detect_encoding(path: str | os.PathLike[str]) -> str:
    """Guess a file's encoding from its first megabyte: ``utf-8-sig`` or ``cp949``.

    CP949 is a superset of EUC-KR, so EUC-KR files are read correctly as CP949. Short CP949
    text can also be valid UTF-8 (``훮`` in CP949 is ``ā`` in UTF-8); when the bytes decode
    both ways, the reading with more Hangul wins.
    """
    with _open_binary(Path(path)) as fh:
        head = fh.read(SNIFF_BYTES)
        if len(head) == SNIFF_BYTES:  # do not judge a multibyte character cut in half
            head = head[: head.rfind(b"\n") + 1] or head
    readings = {}
    for candidate in ("utf-8-sig", "cp949"):
        try:
            readings[candidate] = head.decode(candidate)
        except UnicodeDecodeError:
            continue
    if not readings:
        raise CorpusError(
            f"{path}: neither UTF-8 nor CP949/EUC-KR; pass the right --encoding "
            "(or --errors replace to replace undecodable bytes)"
        )
    if len(readings) == 2 and not head.startswith(codecs.BOM_UTF8) and \
            _hangul(readings["cp949"]) > _hangul(readings["utf-8-sig"]):
        return "cp949"
    return next(iter(readings))


class LineCorpus:
    """Lines of text from a file or a directory of files, stripped, blank lines skipped.

    Lines end at LF, CRLF or a lone CR (as in Python's universal newlines); other Unicode
    separators (U+2028, U+0085) stay inside the line, as in gensim's readers.

    Parameters
    ----------
    path : path-like
        A text file (plain, ``.gz`` or ``.bz2``) or a directory of such files (read in sorted
        order, hidden files skipped).
    encoding : str
        ``"utf-8"`` (default; a BOM is tolerated), ``"cp949"``, ``"euc-kr"``, any Python codec,
        or ``"auto"`` to choose between UTF-8 and CP949 per file.
    errors : {"strict", "replace"}
        ``"strict"`` raises :class:`~kow2v.errors.CorpusError` naming the file, line and byte
        offset of the first undecodable byte; ``"replace"`` substitutes U+FFFD.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = tempfile.TemporaryDirectory()
    >>> p = pathlib.Path(folder.name) / "c.txt"
    >>> _ = p.write_text("첫 문장\\n\\n  둘째 문장  \\n", encoding="utf-8")
    >>> list(LineCorpus(p))
    ['첫 문장', '둘째 문장']
    >>> folder.cleanup()
    """

    def __init__(
        self, path: str | os.PathLike[str], encoding: str = "utf-8", errors: str = "strict"
    ) -> None:
        if errors not in ("strict", "replace"):
            raise CorpusError(f"errors must be 'strict' or 'replace', not {errors!r}")
        self.path = Path(path)
        self.files = corpus_files(self.path)
        self.encoding = _normalise_encoding(encoding)
        self.errors = errors

    def encoding_of(self, path: Path) -> str:
        """The encoding used to read one of the corpus files."""
        return detect_encoding(path) if self.encoding == "auto" else self.encoding

    def _lines_of(self, path: Path) -> Iterator[str]:
        for _, text in self._numbered_lines_of(path):
            yield text

    def numbered(self) -> Iterator[tuple[Path, int, str]]:
        """``(file, line number in the file, line)`` for every line :meth:`__iter__` yields."""
        for path in self.files:
            for number, text in self._numbered_lines_of(path):
                yield path, number, text

    def _numbered_lines_of(self, path: Path) -> Iterator[tuple[int, str]]:
        encoding = self.encoding_of(path)
        # lines are decoded one by one: "utf-8-sig" would drop a U+FEFF at the start of every
        # line; only the file's first line may carry a BOM (removed below)
        codec = "utf-8" if encoding == "utf-8-sig" else encoding
        offset = 0
        number = 0
        try:
            with _open_binary(path) as fh:
                for number, raw in enumerate(fh, start=1):
                    try:
                        text = raw.decode(codec, self.errors)
                    except UnicodeDecodeError as exc:
                        raise CorpusError(
                            f"{path}: line {number}, byte offset {offset + exc.start}: cannot "
                            f"decode {raw[exc.start:exc.start + 4]!r} as "
                            f"{encoding.removesuffix('-sig')}; pass --encoding cp949 (or auto) "
                            "for Korean Windows text, or --errors replace"
                        ) from None
                    offset += len(raw)
                    if number == 1 and text.startswith("\ufeff"):
                        text = text[1:]
                    # universal newlines: a lone CR (old Mac files) ends a line too
                    for line in text.split("\r") if "\r" in text else (text,):
                        line = line.strip()
                        if line:
                            yield number, line
        except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
            raise CorpusError(f"{path}: after line {number}: the file cannot be read on "
                              f"({type(exc).__name__}: {exc}); a compressed file may be "
                              "truncated or damaged") from None

    def __iter__(self) -> Iterator[str]:
        for path in self.files:
            yield from self._lines_of(path)

    def size_bytes(self) -> int:
        """Total size on disk (compressed size for compressed files), for progress bars."""
        return sum(p.stat().st_size for p in self.files)

    def __repr__(self) -> str:
        return f"LineCorpus({str(self.path)!r}, encoding={self.encoding!r})"


class TokenizedCorpus:
    """Re-iterable token lists from a file in gensim's ``LineSentence`` format.

    Unlike gensim's ``LineSentence`` it never truncates a long sentence. A UTF-8 BOM at the
    start of a file is skipped; bytes that are not UTF-8 raise :class:`CorpusError` naming
    the file, line and byte offset.
    """

    #: bytes decoded at a time by :meth:`text_blocks`. A block's tokens are split into one list
    #: of strings (about 70 bytes each), so the block bounds the reader's memory: whole corpus,
    #: mecab tokens, encoding peak 25 MB at 1 MiB, 6 MB at 256 KiB, at the same speed (2.3 s
    #: against 2.9 s for the 13M tokens; whitespace tokens 2.1 s against 2.0 s).
    BLOCK_BYTES = 1 << 18

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.files = corpus_files(self.path)

    def text_blocks(self, block_bytes: int | None = None) -> Iterator[str]:
        """The corpus as decoded blocks of whole lines, each ending with ``"\\n"``.

        A block is one ``bytes.decode`` and its tokens one ``str.split``: the fast path the
        trainer reads (``Vocab.encode_text``), several times quicker than a line at a time.
        """
        size = block_bytes or self.BLOCK_BYTES
        for path in self.files:
            try:
                yield from _blocks_of(path, size)
            except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
                raise CorpusError(f"{path}: the file cannot be read on ({type(exc).__name__}: "
                                  f"{exc}); a compressed file may be truncated or "
                                  "damaged") from None

    def __iter__(self) -> Iterator[list[str]]:
        for block in self.text_blocks():
            for line in block.split("\n"):
                tokens = line.split()
                if tokens:
                    yield tokens


def _blocks_of(path: Path, size: int) -> Iterator[str]:
    line, offset = 1, 0  # 1-based line number and byte offset of the next block
    pending: list[bytes] = []  # read bytes not yet ending with a line end
    with _open_binary(path) as fh:
        while True:
            chunk = fh.read(size)
            if chunk and b"\n" not in chunk:  # a line longer than the block: read on
                pending.append(chunk)
                continue
            data = b"".join(pending) + chunk
            if not data:
                return
            cut = data.rfind(b"\n") + 1 if chunk else len(data)
            head, rest = data[:cut], data[cut:]
            pending = [rest] if rest else []
            try:
                text = head.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad_line = line + head.count(b"\n", 0, exc.start)
                raise CorpusError(
                    f"{path}: line {bad_line}, byte offset {offset + exc.start}: cannot decode "
                    f"{head[exc.start:exc.start + 4]!r} as utf-8; a tokenized corpus is UTF-8 "
                    "(re-tokenize the text with kow2v tokenize --encoding ...)") from None
            if offset == 0 and text.startswith("\ufeff"):
                text = text[1:]
            if not text.endswith("\n"):
                text += "\n"
            yield text
            line += head.count(b"\n")
            offset += len(head)
            if not chunk:
                return


def as_sentences(corpus_iterable: Iterable[Sequence[str]] | None,
                 corpus_file: str | os.PathLike[str] | None) -> Iterable[Sequence[str]]:
    """The re-iterable corpus a trainer reads, from gensim's two ways of giving one.

    Raises
    ------
    TypeError
        A generator (it can be read only once, and training reads the corpus every epoch).
    """
    if corpus_file is not None:
        return TokenizedCorpus(corpus_file)
    if corpus_iterable is None:
        raise ValueError("give corpus_iterable (sentences) or corpus_file")
    if isinstance(corpus_iterable, Iterator):
        raise TypeError("You can't pass a generator as the sentences argument: it can be "
                        "read only once. Pass a list, or a re-iterable such as "
                        "kow2v.corpus.TokenizedCorpus.")
    return corpus_iterable


def write_line_sentences(
    path: str | os.PathLike[str], sentences: Iterable[list[str]], aligned: bool = False
) -> tuple[int, int]:
    """Write token lists in gensim's ``LineSentence`` format, atomically.

    One sentence per line, tokens joined by single spaces; an empty sentence is skipped, or
    with ``aligned`` written as an empty line, so that line ``k`` of the file is sentence ``k``
    (a blank line means nothing to word2vec, gensim's or kow2v's). The file appears under
    ``path`` only when every line is written.

    Returns
    -------
    (lines, tokens) : tuple of int
    """
    lines = tokens = 0
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
        for sentence in sentences:
            if not sentence:
                if aligned:
                    fh.write("\n")
                continue
            fh.write(sentence_line(sentence))
            fh.write("\n")
            lines += 1
            tokens += len(sentence)
        if lines == 0:  # raising inside the block keeps any earlier file under `path` intact
            raise EmptyCorpusError(
                f"no sentence with a token to write to {path}: the corpus is empty")
    return lines, tokens
