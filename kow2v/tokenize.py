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
from kow2v.tokenizers.base import Tokenizer, TrainableTokenizer
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


def tokenize_to_file(
    lines: Iterable[str],
    tokenizer: Tokenizer,
    output: str | os.PathLike[str],
    workers: int = 1,
    progress: bool = False,
    total_lines: int | None = None,
    pool: Pool = "auto",
) -> TokenizeStats:
    """Tokenize ``lines`` into ``output`` (gensim ``LineSentence`` format, written atomically).

    Parameters
    ----------
    lines : iterable of str
        The corpus, e.g. a :class:`~kow2v.corpus.LineCorpus`.
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

    Raises
    ------
    CorpusError
        If the corpus has no line with a token.
    """
    counter = {"lines": 0, "chars": 0}
    vocab: set[str] = set()

    def counted(src: Iterable[str]) -> Iterator[str]:
        for line in src:
            counter["lines"] += 1
            counter["chars"] += len(line)
            yield line

    def collected(sentences: Iterable[list[str]]) -> Iterator[list[str]]:
        for tokens in sentences:
            vocab.update(tokens)
            yield tokens

    stream = tokenize_lines(counted(lines), tokenizer, workers=workers, pool=pool)
    if progress:
        from tqdm.auto import tqdm

        stream = tqdm(stream, total=total_lines, unit=" lines", desc=tokenizer.name,
                      mininterval=0.5, leave=False)
    start = time.perf_counter()
    try:
        _, tokens = write_line_sentences(output, collected(stream))
    except EmptyCorpusError:
        raise EmptyCorpusError(f"the corpus gave no tokens ({counter['lines']} non-blank lines "
                               f"read); nothing was written to {output}") from None
    seconds = time.perf_counter() - start
    stats = TokenizeStats(tokenizer.name, counter["lines"], tokens, counter["chars"], seconds,
                          len(vocab))
    log.info("%s: %d lines, %d tokens in %.1f s (%.0f tokens/s)", stats.tokenizer,
             stats.lines, stats.tokens, seconds, stats.tokens_per_sec)
    return stats
