"""Corpus in, tokenized corpus file out: the first half of the pipeline."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kow2v.corpus import write_line_sentences
from kow2v.errors import EmptyCorpusError, TokenizerError
from kow2v.tokenizers.base import SkippedLine, Tokenizer, TrainableTokenizer
from kow2v.tokenizers.parallel import Pool, tokenize_lines
from kow2v.tokenizers.registry import get

log = logging.getLogger(__name__)


@dataclass
class TokenizeStats:
    """What a tokenization run did."""

    tokenizer: str
    lines: int
    tokens: int
    chars: int
    seconds: float
    vocabulary: int = 0
    lines_cut: int = 0  # longer than the tokenizer's max_chars: analysed in pieces
    lines_skipped: int = 0  # over the time budget: written as empty lines (side report)
    first_shard_seconds: float | None = None  # on a cluster: start to the first shard written

    @property
    def tokens_per_sec(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else float("inf")

    @property
    def chars_per_sec(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else float("inf")


def fit_or_load(tokenizer: Tokenizer, corpus: Iterable[str],
                model_path: str | os.PathLike[str] | None = None) -> Tokenizer:
    """Make a trainable tokenizer (soynlp) ready: load it from ``model_path`` when that file
    exists, else fit it on ``corpus`` (unless it is fitted already) and save it there.

    Other tokenizers are returned as they are.
    """
    if not isinstance(tokenizer, TrainableTokenizer):
        return tokenizer
    if model_path is not None and Path(model_path).exists():
        loaded = type(tokenizer).load(model_path)
        log.info("loaded %s from %s", tokenizer.name, model_path)
        return loaded
    if not getattr(tokenizer, "fitted", False):
        log.info("fitting %s on the corpus", tokenizer.name)
        tokenizer.fit(corpus)
        if model_path is not None:
            tokenizer.save(model_path)
            log.info("saved %s to %s", tokenizer.name, model_path)
    return tokenizer


def prepare_tokenizer(name: str, options: dict[str, Any], corpus: Iterable[str],
                      model_path: str | os.PathLike[str] | None = None) -> Tokenizer:
    """The tokenizer ``name`` with ``options``, ready for ``corpus`` (see :func:`fit_or_load`).

    Raises
    ------
    TokenizerError
        ``model_path`` given for a tokenizer that learns nothing.

    Examples
    --------
    >>> prepare_tokenizer("whitespace", {}, ["학교 에"]).tokenize("학교 에서")
    ['학교', '에서']
    """
    tokenizer = get(name, **options)
    if model_path is not None and not isinstance(tokenizer, TrainableTokenizer):
        raise TokenizerError(f"a tokenizer model file is for trainable tokenizers (soynlp); "
                             f"{name} learns nothing")
    return fit_or_load(tokenizer, corpus, model_path)


#: ``line_budget`` default: the tokenizer's own (``line_budget`` attribute; JVM taggers have one)
TOKENIZER_DEFAULT = -1.0


def skipped_report_path(output: str | os.PathLike[str]) -> Path:
    """Where :func:`tokenize_to_file` lists the lines it gave up: ``OUTPUT.skipped.tsv``."""
    return Path(f"{output}.skipped.tsv")


def tokenize_to_file(
    lines: Iterable[str],
    tokenizer: Tokenizer,
    output: str | os.PathLike[str],
    workers: int = 1,
    progress: bool = False,
    total_lines: int | None = None,
    pool: Pool = "auto",
    line_budget: float | None = TOKENIZER_DEFAULT,
) -> TokenizeStats:
    """Tokenize ``lines`` into ``output`` (gensim ``LineSentence`` format, written atomically).

    The output has one line per input line (the corpus reader's non-blank lines): a line that
    gives no token (filtered out, or given up) is an empty line, so line ``k`` of the output is
    line ``k`` of the text.

    Parameters
    ----------
    lines : iterable of str
        The corpus, e.g. a :class:`~kow2v.corpus.LineCorpus` (whose files ``output`` may not
        be, nor lie inside).
    tokenizer : Tokenizer
        Already fitted if it is trainable (see :func:`fit_or_load`).
    output : path-like
        The tokenized corpus; nothing appears under this name unless the run completes.
    workers : int
        Workers (see :func:`~kow2v.tokenizers.parallel.tokenize_lines`).
    progress : bool
        Show a tqdm progress bar on stderr.
    total_lines : int, optional
        The number of lines, when known, for the progress bar.
    pool : {"auto", "processes", "threads"}
        The kind of worker (see :func:`~kow2v.tokenizers.parallel.tokenize_lines`).
    line_budget : float or None
        Seconds one line may take before it is given up (None: no budget); by default the
        tokenizer's own (30 s for the JVM taggers, none for the others). Given-up lines are
        listed in ``OUTPUT.skipped.tsv`` (:func:`skipped_report_path`), written atomically
        beside the output.

    Raises
    ------
    CorpusError
        If the corpus has no line with a token.
    OutputIsInputError
        ``output`` is one of the corpus files or inside its directory.
    """
    from kow2v.paths import check_not_input

    source = getattr(lines, "path", None)
    check_not_input(output, [source] if source is not None else [])
    if line_budget == TOKENIZER_DEFAULT:
        line_budget = getattr(tokenizer, "line_budget", None)
    max_chars = getattr(tokenizer, "max_chars", None)
    counter = {"lines": 0, "chars": 0, "cut": 0}
    first: list[str] = []  # the first line, to say why nothing came out of a POS filter
    vocab: set[str] = set()
    where: dict[int, tuple[str, int | None]] = {}  # line -> (file, line in file), in flight
    skipped: list[tuple[int, str, int | None, float]] = []
    numbered = getattr(lines, "numbered", None)

    def counted() -> Iterator[str]:
        source = numbered() if callable(numbered) else ((None, None, t) for t in lines)
        for path, number, line in source:
            counter["lines"] += 1
            if not first:
                first.append(line)
            counter["chars"] += len(line)
            if max_chars is not None and len(line) > max_chars:
                counter["cut"] += 1
            if path is not None:
                where[counter["lines"]] = (str(path), number)
            yield line

    def collected(sentences: Iterable[list[str]]) -> Iterator[list[str]]:
        for n, tokens in enumerate(sentences, start=1):
            position = where.pop(n, ("", n))
            if isinstance(tokens, SkippedLine):
                skipped.append((n, position[0], position[1], tokens.seconds))
            vocab.update(tokens)
            yield tokens

    stream = tokenize_lines(counted(), tokenizer, workers=workers, pool=pool,
                            line_budget=line_budget)
    if progress:
        from tqdm.auto import tqdm

        stream = tqdm(stream, total=total_lines, unit=" lines", desc=tokenizer.name,
                      mininterval=0.5, leave=False)
    start = time.perf_counter()
    try:
        _, tokens = write_line_sentences(output, collected(stream), aligned=True)
    except EmptyCorpusError:
        raise EmptyCorpusError.no_tokens("the corpus", counter["lines"], output,
                                         filter_hint(tokenizer, first[0] if first else None)
                                         ) from None
    seconds = time.perf_counter() - start
    _write_skipped(output, skipped)
    stats = TokenizeStats(tokenizer.name, counter["lines"], tokens, counter["chars"], seconds,
                          len(vocab), counter["cut"], len(skipped))
    log.info("%s: %d lines, %d tokens in %.1f s (%.0f tokens/s); %d cut into pieces, %d "
             "skipped", stats.tokenizer, stats.lines, stats.tokens, seconds,
             stats.tokens_per_sec, stats.lines_cut, stats.lines_skipped)
    return stats


def filter_hint(tokenizer: Tokenizer, first_line: str | None) -> str:
    """Where a POS filter kept nothing: the tags the tagger gives the first line, for a
    filter written in another tagger's tags (``--pos Noun`` is Okt's; mecab says ``NNG``)."""
    pos = getattr(tokenizer, "pos", None)
    tags_of = getattr(tokenizer, "pos_tags", None)
    if not pos or not first_line or tags_of is None:
        return ""
    try:
        tags = sorted({tag for _, tag in tags_of(first_line)})
    except Exception:  # the hint must not hide the error it explains
        return ""
    shown = ", ".join(tags[:15]) + (", ..." if len(tags) > 15 else "")
    return (f"pos={pos!r} kept no morpheme: {getattr(tokenizer, 'name', 'the tagger')} tags "
            f"the first line {shown}")


def _write_skipped(output: str | os.PathLike[str],
                   skipped: list[tuple[int, str, int | None, float]]) -> None:
    """The side report of given-up lines, or none (an old one is removed with the run's)."""
    report = skipped_report_path(output)
    if not skipped:
        report.unlink(missing_ok=True)
        return
    from kow2v.atomic import atomic_open

    with atomic_open(report) as fh:
        fh.write("output_line\tfile\tfile_line\tseconds\n")
        for n, path, number, seconds in skipped:
            fh.write(f"{n}\t{path}\t{number}\t{seconds:.1f}\n")


def tokenize_to_shards(
    lines: Iterable[str],
    tokenizer: Tokenizer,
    root: str | os.PathLike[str],
    shard_lines: int = 50_000,
    workers: int = 1,
    progress: bool = False,
    pool: Pool = "auto",
    line_budget: float | None = TOKENIZER_DEFAULT,
    model_path: str | os.PathLike[str] | None = None,
) -> TokenizeStats:
    """Tokenize ``lines`` into a directory of shards with a manifest (:mod:`kow2v.shards`):
    the same lines as :func:`tokenize_to_file`, cut every ``shard_lines`` input lines.

    A rerun of an interrupted job (same inputs, tokenizer, options and ``shard_lines``)
    skips the shards already written whose checksums still match and does the rest.
    ``model_path``: the fitted soynlp model, whose hash the manifest records. Other
    parameters as :func:`tokenize_to_file`.
    """
    import collections

    from kow2v.line_format import lines_text
    from kow2v.paths import check_not_input
    from kow2v.shards import Block, ShardSet, run_header

    source = getattr(lines, "path", None)
    check_not_input(root, [source] if source is not None else [])
    if line_budget == TOKENIZER_DEFAULT:
        line_budget = getattr(tokenizer, "line_budget", None)
    shards = ShardSet(root, run_header(lines, tokenizer, shard_lines, model_path))
    pending: collections.deque[Block] = collections.deque()

    def todo() -> Iterator[str]:
        for block in shards.pending(lines, shard_lines):
            pending.append(block)
            yield from block.lines

    stream = tokenize_lines(todo(), tokenizer, workers=workers, pool=pool,
                            line_budget=line_budget)
    if progress:
        from tqdm.auto import tqdm

        stream = tqdm(stream, unit=" lines", desc=tokenizer.name, mininterval=0.5, leave=False)
    start = time.perf_counter()
    done: list[list[str]] = []
    skipped = 0
    for tokens in stream:
        done.append(tokens)
        if len(done) == len(pending[0].lines):
            block = pending.popleft()
            gave_up = block.skipped(done)
            skipped += len(gave_up)
            shards.write(block.index, block.first_line, len(block.lines), lines_text(done),
                         sum(map(len, done)), gave_up)
            done = []
    total_lines, total_tokens = shards.finish(
        explain=lambda: filter_hint(tokenizer, next(iter(lines), None)))
    seconds = time.perf_counter() - start
    log.info("%s: %d shards (%d already done) of %d lines, %d tokens in all, in %.1f s",
             tokenizer.name, shards.blocks, shards.resumed, total_lines, total_tokens, seconds)
    return TokenizeStats(tokenizer.name, total_lines, total_tokens, shards.chars, seconds,
                         lines_skipped=skipped)
