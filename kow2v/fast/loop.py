"""Epochs -> jobs -> batches: the training loop around the kernels.

A job is a group of encoded sentences of about ``batch_words`` words (a long sentence is kept
whole, never truncated). Within a job, examples are cut into batches of ``batch_pairs``, so
memory is bounded by the vocabulary, the batch buffers and the longest sentence, never by
the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from kow2v.fast.kernels import cbow_step, sg_step
from kow2v.fast.negatives import AliasSampler
from kow2v.fast.windows import context_pairs, subsample


@dataclass(frozen=True)
class Job:
    ids: np.ndarray  # (n,) int32 word ids of in-vocabulary tokens
    sent: np.ndarray  # (n,) int32 sentence number within the job
    raw_words: int  # tokens in the job's sentences, out-of-vocabulary ones included


def make_jobs(sentences: Iterable[Sequence[str]], encode_many, batch_words: int) -> Iterator[Job]:  # type: ignore[no-untyped-def]
    """Group sentences into jobs of about ``batch_words`` tokens, encoded in one call each.

    ``encode_many(list_of_sentences) -> (ids, sentence_numbers)``, as ``Vocab.encode_many``.
    """
    group: list[Sequence[str]] = []
    raw = 0
    for sentence in sentences:
        group.append(sentence)
        raw += len(sentence)
        if raw >= batch_words:
            ids, sent = encode_many(group)
            yield Job(ids, sent, raw)
            group, raw = [], 0
    if group:
        ids, sent = encode_many(group)
        yield Job(ids, sent, raw)


def make_jobs_from_text(blocks: Iterable[str], encode_text, batch_words: int) -> Iterator[Job]:  # type: ignore[no-untyped-def]
    """The jobs :func:`make_jobs` would make, from blocks of ``LineSentence`` text.

    ``encode_text(block) -> (ids, line_numbers, tokens_per_line)``, as ``Vocab.encode_text``.
    Each block is encoded in one call; jobs are cut at the same sentences as ``make_jobs``
    cuts them (after the sentence that brings a job to ``batch_words`` tokens), across block
    boundaries too.
    """
    empty32 = np.empty(0, dtype=np.int32)
    ids, sent, lengths = empty32, empty32, np.empty(0, dtype=np.int64)
    for block in blocks:
        b_ids, b_sent, b_lengths = encode_text(block)
        # carry the unfinished job of the previous block, renumbering the block's lines
        ids = np.concatenate([ids, b_ids])
        sent = np.concatenate([sent, b_sent + np.int32(len(lengths))])
        lengths = np.concatenate([lengths, b_lengths])
        ends = np.cumsum(lengths)  # tokens up to and including each line
        done, first_line, first_id = 0, 0, 0
        while True:
            last = int(np.searchsorted(ends, done + batch_words))  # first line reaching it
            if last >= len(ends):
                break
            stop = int(np.searchsorted(sent, last, side="right"))
            yield Job(ids[first_id:stop], sent[first_id:stop] - np.int32(first_line),
                      int(ends[last]) - done)
            done, first_line, first_id = int(ends[last]), last + 1, stop
        ids, sent = ids[first_id:], sent[first_id:] - np.int32(first_line)
        lengths = lengths[first_line:]
    raw = int(lengths.sum())
    if raw:
        yield Job(ids, sent, raw)


@dataclass(frozen=True)
class Settings:
    sg: bool
    window: int
    negative: int
    cbow_mean: bool
    shrink_windows: bool
    batch_pairs: int
    compute_loss: bool


@dataclass(frozen=True)
class Examples:
    """One job's training examples with every random choice made: what the kernels consume.

    Drawing them touches no weights, so it can run ahead of training (in the producer thread
    with ``workers=1``). Skip-gram: pair ``i`` trains ``inputs[i]`` (the context) to predict
    ``outputs[i]`` (the center) against ``negatives[i]``. CBOW: center ``c`` is
    ``outputs[c]``, its contexts ``inputs[bounds[c]:bounds[c+1]]``, its negatives
    ``negatives[c]``.
    """

    inputs: np.ndarray  # (P,) int32 input (syn0) rows
    outputs: np.ndarray  # (E,) int32 true output (syn1) rows, one per example
    negatives: np.ndarray  # (E, K) int32
    bounds: np.ndarray | None  # CBOW: (E+1,) int32 offsets into inputs; skip-gram: None
    words: int  # words kept by subsampling (gensim's effective words)


def draw_examples(job: Job, keep_prob: np.ndarray, noise: AliasSampler, s: Settings,
                  rng: np.random.Generator) -> Examples:
    """Subsample the job, draw its (shrunk) windows and negatives, in a fixed order of draws."""
    ids, sent = subsample(job.ids, job.sent, keep_prob, rng)
    centers, contexts = context_pairs(sent, s.window, rng, s.shrink_windows)
    if s.sg:
        negatives = noise.draw((len(centers), s.negative), rng)
        return Examples(np.take(ids, contexts), np.take(ids, centers), negatives, None, len(ids))
    order = np.argsort(centers, kind="stable")  # group each center's contexts together
    centers, contexts = centers[order], contexts[order]
    starts = np.flatnonzero(np.diff(centers, prepend=-1))  # positions are >= 0
    bounds = np.r_[starts, len(centers)].astype(np.int32)
    negatives = noise.draw((len(starts), s.negative), rng)
    return Examples(np.take(ids, contexts), np.take(ids, centers[starts]), negatives, bounds,
                    len(ids))


def train_examples(syn0: np.ndarray, syn1: np.ndarray, ex: Examples, alpha: float,
                   s: Settings) -> tuple[float, int, int]:
    """Train on drawn examples, ``s.batch_pairs`` input rows per kernel call.

    Returns
    -------
    loss : float
        Summed loss of the examples (0.0 unless ``compute_loss``).
    words : int
        Words left after subsampling (what gensim counts as effective words).
    examples : int
        Examples trained: (context, center) pairs for skip-gram, centers for CBOW.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # divergence raises FloatingPointError
        return _train_examples(syn0, syn1, ex, np.float32(alpha), s)


def _train_examples(syn0: np.ndarray, syn1: np.ndarray, ex: Examples, a: np.float32,
                    s: Settings) -> tuple[float, int, int]:
    loss = 0.0
    B = s.batch_pairs
    n = len(ex.outputs)
    if ex.bounds is None:
        for lo in range(0, n, B):
            loss += sg_step(syn0, syn1, ex.inputs[lo:lo + B], ex.outputs[lo:lo + B],
                            ex.negatives[lo:lo + B], a, s.compute_loss)
        return loss, ex.words, n
    per_batch = max(1, B // (2 * s.window))  # centers per batch: about B context rows
    for lo in range(0, n, per_batch):
        hi = min(lo + per_batch, n)
        first, last = ex.bounds[lo], ex.bounds[hi]
        loss += cbow_step(syn0, syn1, ex.inputs[first:last], ex.bounds[lo:hi + 1] - first,
                          ex.outputs[lo:hi], ex.negatives[lo:hi], a, s.cbow_mean,
                          s.compute_loss)
    return loss, ex.words, n


def train_job(syn0: np.ndarray, syn1: np.ndarray, job: Job, keep_prob: np.ndarray,
              noise: AliasSampler, alpha: float, s: Settings,
              rng: np.random.Generator) -> tuple[float, int, int]:
    """Draw a job's examples and train on them (see :func:`train_examples` for the result)."""
    return train_examples(syn0, syn1, draw_examples(job, keep_prob, noise, s, rng), alpha, s)


def linear_alpha(start: float, end: float, epoch: int, epochs: int, epoch_progress: float) -> float:
    """gensim's schedule: linear from ``start`` to ``end`` over all epochs."""
    progress = (epoch + epoch_progress) / epochs
    return max(end, start - (start - end) * progress)
