"""Corpus in, tokenized corpus file out: the first half of the pipeline."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kow2v.corpus import write_line_sentences
from kow2v.errors import EmptyCorpusError
from kow2v.tokenizers.base import Tokenizer, is_trainable
from kow2v.tokenizers.parallel import Pool, tokenize_lines

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


def fit_if_needed(tokenizer: Tokenizer, lines: Iterable[str]) -> bool:
    """Fit a trainable tokenizer (soynlp) on ``lines`` if it has not learned anything yet.

    Returns True when it was fitted here.
    """
    if is_trainable(tokenizer) and getattr(tokenizer, "scores", None) is None:
        log.info("fitting %s on the corpus", tokenizer.name)
        tokenizer.fit(lines)  # type: ignore[attr-defined]
        return True
    return False


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
        Already fitted if it is trainable (see :func:`fit_if_needed`).
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
                      mininterval=0.5)
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
