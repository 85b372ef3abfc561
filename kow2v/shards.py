"""A tokenized corpus as a directory of ``LineSentence`` shards with a manifest.

Layout of ``ROOT``::

    ROOT/manifest.json        what was tokenized, how, and each shard's counts and checksum
    ROOT/shards/00000.txt     output lines 1..N (N = shard_lines), one per input line
    ROOT/shards/00001.txt     ...

Each shard holds the tokens of ``shard_lines`` consecutive input lines (the corpus reader's
non-blank lines), one output line per input line, so the shards concatenated in order equal
the single file ``kow2v tokenize`` writes, byte for byte. The manifest sits outside
``shards/`` because gensim's ``PathLineSentences`` reads every file of a directory: point it at
``ROOT/shards``. kow2v's readers (:func:`kow2v.corpus.corpus_files`, hence ``TokenizedCorpus``,
``LineCorpus``, ``kow2v train`` and ``compare``) take ``ROOT`` itself and read the shards the
manifest lists, in order, refusing an incomplete set.

A shard is written atomically and then entered in the manifest (rewritten atomically), so an
interrupted run leaves whole shards and a manifest that lists exactly them. A rerun with the
same inputs (sizes and SHA-256), tokenizer, options, tokenizer model and ``shard_lines``
skips every shard whose file still has its recorded checksum and redoes the rest; anything
else starts over.

Inputs are cut into shards by line blocks, read once and in order by the process that plans
the work (for ``.gz``/``.bz2`` inputs there is no other way: a compressed stream cannot be
entered in the middle); the blocks' text travels to whoever tokenizes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kow2v.atomic import atomic_open
from kow2v.errors import CorpusError, EmptyCorpusError

log = logging.getLogger(__name__)

FORMAT = "kow2v-shards-1"
MANIFEST = "manifest.json"
SHARDS = "shards"


def is_sharded(path: str | os.PathLike[str]) -> bool:
    """True for a directory holding a shard manifest."""
    return (Path(path) / MANIFEST).is_file()


def read_manifest(root: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest of ``root``.

    Raises
    ------
    CorpusError
        No manifest, or not one kow2v wrote.
    """
    path = Path(root) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{path}: cannot read the shard manifest: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CorpusError(f"{path} is not a kow2v shard manifest (format {FORMAT})")
    return manifest


def shard_paths(root: str | os.PathLike[str]) -> list[Path]:
    """The shard files of a complete sharded corpus, in order.

    Raises
    ------
    CorpusError
        The run that wrote it has not finished (or a shard file is missing).
    """
    root = Path(root)
    manifest = read_manifest(root)
    shards = sorted(manifest.get("shards", []), key=lambda s: s["index"])
    if not manifest.get("complete"):
        raise CorpusError(f"{root}: the tokenization is incomplete ({len(shards)} shards "
                          "written); run the same kow2v tokenize command again to finish it")
    paths = [root / SHARDS / s["name"] for s in shards]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise CorpusError(f"{root}: shard {missing[0]} is missing ({len(missing)} of "
                          f"{len(paths)}); run kow2v tokenize again to redo it")
    return paths


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def describe_inputs(files: Iterable[Path]) -> list[dict[str, Any]]:
    """Each input file's path, size and SHA-256 (what a resumed run must find unchanged)."""
    return [{"path": str(Path(p).resolve()), "size": Path(p).stat().st_size,
             "sha256": file_sha256(p)} for p in files]


@dataclass
class Block:
    """``lines`` (input lines ``first_line+1 ..``) that become shard ``index``; ``where``:
    each line's file and line number in it, for error messages."""

    index: int
    first_line: int
    lines: list[str]
    where: list[tuple[str, int]] = field(default_factory=list)

    def skipped(self, token_lines: list[list[str]]) -> list[list[Any]]:
        """The lines of this block given up over the time budget, for the manifest."""
        from kow2v.tokenizers.base import SkippedLine

        return [[self.first_line + k + 1, *self.where[k], round(t.seconds, 1)]
                for k, t in enumerate(token_lines) if isinstance(t, SkippedLine)]


def line_blocks(corpus: Iterable[str], shard_lines: int) -> Iterator[Block]:
    """The corpus cut into blocks of ``shard_lines`` lines (the last may be shorter)."""
    if shard_lines < 1:
        raise ValueError(f"shard_lines must be >= 1, got {shard_lines}")
    numbered = getattr(corpus, "numbered", None)
    source = numbered() if callable(numbered) else (("", n, t) for n, t in
                                                    enumerate(corpus, start=1))
    block = Block(0, 0, [])
    for path, number, line in source:
        block.lines.append(line)
        block.where.append((str(path), number))
        if len(block.lines) == shard_lines:
            yield block
            block = Block(block.index + 1, block.first_line + shard_lines, [])
    if block.lines:
        yield block


class ShardSet:
    """The shards of ``root`` as the manifest records them, for one run's ``header``
    (format, inputs, tokenizer, options, model hash, shard_lines, kow2v version)."""

    def __init__(self, root: str | os.PathLike[str], header: dict[str, Any]) -> None:
        self.root = Path(root)
        self.header = header
        self.entries: dict[int, dict[str, Any]] = {}
        self.blocks = self.resumed = self.chars = 0  # set by pending()
        if is_sharded(self.root):
            old = read_manifest(self.root)
            same = all(old.get(k) == v for k, v in header.items() if k != "kow2v_version")
            if same:
                self.entries = {s["index"]: s for s in old.get("shards", [])}
            else:
                log.warning("%s: the inputs, tokenizer or its settings differ from the "
                            "manifest's: starting over", self.root)
                for entry in old.get("shards", []):  # the earlier run's shards, and only them
                    (self.root / SHARDS / entry["name"]).unlink(missing_ok=True)
        elif self.root.exists() and any(self.root.iterdir()):
            raise CorpusError(f"{self.root} exists and is not a kow2v shard directory; give an "
                              "empty or new directory")
        (self.root / SHARDS).mkdir(parents=True, exist_ok=True)

    def done(self, index: int) -> bool:
        """Shard ``index`` is recorded and its file still has the recorded checksum."""
        entry = self.entries.get(index)
        if entry is None:
            return False
        path = self.root / SHARDS / entry["name"]
        return path.is_file() and file_sha256(path) == entry["sha256"]

    def pending(self, lines: Iterable[str], shard_lines: int) -> Iterator[Block]:
        """The corpus's blocks that still need doing (the others are done and checked);
        afterwards ``blocks``, ``resumed`` and ``chars`` (of the pending ones) are set."""
        self.blocks = self.resumed = self.chars = 0
        for block in line_blocks(lines, shard_lines):
            self.blocks = block.index + 1
            if self.done(block.index):
                self.resumed += 1
                continue
            self.chars += sum(map(len, block.lines))
            yield block

    def write(self, index: int, first_line: int, lines: int, text: str, tokens: int,
              skipped: list[list[Any]] | None = None) -> None:
        """Write shard ``index`` (``lines`` input lines from ``first_line``, 0-based)
        atomically, then record it in the manifest (with the lines given up over the time
        budget: ``[output_line, file, file_line, seconds]``)."""
        name = f"{index:05d}.txt"
        data = text.encode("utf-8")
        with atomic_open(self.root / SHARDS / name, "wb") as fh:
            fh.write(data)
        self.entries[index] = {
            "index": index, "name": name, "first_line": first_line + 1, "lines": lines,
            "tokens": tokens, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "skipped": skipped or []}
        self._save(complete=False)

    def finish(self, explain: Callable[[], str] = lambda: "") -> tuple[int, int]:
        """Mark the set complete once shards ``0..blocks-1`` (the corpus's blocks, counted by
        :meth:`pending`) are all there; (lines, tokens).

        Raises
        ------
        EmptyCorpusError
            No shard holds a token (``explain()`` says why, where it can: a POS filter in
            another tagger's tags).
        """
        blocks = self.blocks
        missing = [i for i in range(blocks) if i not in self.entries]
        if missing:
            raise CorpusError(f"{self.root}: shards {missing[:5]} were not written")
        for index in [i for i in self.entries if i >= blocks]:  # from a longer earlier run
            (self.root / SHARDS / self.entries.pop(index)["name"]).unlink(missing_ok=True)
        lines = sum(e["lines"] for e in self.entries.values())
        tokens = sum(e["tokens"] for e in self.entries.values())
        if tokens == 0:
            why = explain()
            raise EmptyCorpusError.no_tokens("the corpus", lines,
                                             hint=f"{self.root} is left incomplete" +
                                             (f"; {why}" if why else ""))
        self._save(complete=True, lines=lines, tokens=tokens)
        return lines, tokens

    def _save(self, complete: bool, **totals: int) -> None:
        manifest = {**self.header, "complete": complete, **totals,
                    "shards": [self.entries[i] for i in sorted(self.entries)]}
        with atomic_open(self.root / MANIFEST, "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=1)
            fh.write("\n")


def _plain(tokenizer: Any) -> Any:
    """The tokenizer's options as JSON reads them back (tuples as lists, sets sorted)."""
    options = getattr(tokenizer, "options", None)
    values = options() if callable(options) else {}
    return json.loads(json.dumps(values, sort_keys=True, default=lambda o: sorted(o)
                                 if isinstance(o, (set, frozenset)) else str(o)))


def run_header(corpus: Any, tokenizer: Any, shard_lines: int,
               model_path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """What a run is, for its manifest: a rerun resumes only if all of it is the same."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        __version__ = version("kow2v")
    except PackageNotFoundError:  # a source checkout on sys.path, not installed
        __version__ = "unknown"
    files = getattr(corpus, "files", None)
    return {"format": FORMAT, "kow2v_version": __version__,
            "inputs": describe_inputs(files) if files else [],
            "tokenizer": tokenizer.name, "options": _plain(tokenizer),
            "tokenizer_model_sha256": file_sha256(model_path) if model_path else None,
            "shard_lines": shard_lines}
