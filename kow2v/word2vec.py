"""``kow2v.Word2Vec``: gensim 4's Word2Vec API over the pure-NumPy engine in ``kow2v.fast``.

Swap ``from gensim.models import Word2Vec`` for ``from kow2v import Word2Vec``: the same
constructor, ``build_vocab``, ``train``, ``wv`` (a real gensim ``KeyedVectors``),
``get_latest_training_loss`` and callbacks. Differences, on purpose:

- long sentences are never truncated (gensim cuts each at 10,000 tokens);
- the training loss is kept per epoch in float64 and reset each epoch (``epoch_losses``);
  ``get_latest_training_loss()`` returns the last epoch's;
- ``save``/``load`` use ``.npz`` plus JSON: loading never unpickles code;
- arguments gensim accepts but kow2v does not implement (``hs=1``, ``null_word``,
  ``trim_rule``, ...) raise :class:`UnsupportedOptionError` instead of being ignored.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.atomic import atomic_path
from kow2v.corpus import TokenizedCorpus
from kow2v.errors import Kow2vError, TrainingError
from kow2v.fast.loop import (
    Examples,
    Job,
    Settings,
    draw_examples,
    linear_alpha,
    make_jobs,
    make_jobs_from_text,
    train_examples,
    train_job,
)
from kow2v.fast.negatives import AliasSampler
from kow2v.fast.prefetch import prefetch
from kow2v.keyedvectors import to_keyed_vectors
from kow2v.vocab import Vocab

log = logging.getLogger(__name__)

#: Input rows per kernel call: large enough to amortise NumPy's per-call cost, small enough
#: for the gathered rows to stay in cache. Skip-gram gathers a (pairs, K+1, D) block of output
#: rows: at 2048 pairs it is 4.9 MB and each pair cost 1.3x what it does at 512-1024 on a host
#: with a 512 KB L2. CBOW gathers one such block per center (about 200 for 2048 context rows),
#: and there fewer, larger calls win (2048 rows: 1.27x the words/s of 1024).
SG_BATCH_PAIRS = 1024
CBOW_BATCH_ROWS = 2048
SAVE_FORMAT = "kow2v-word2vec-1"


class UnsupportedOptionError(Kow2vError, ValueError):
    """A gensim argument that kow2v does not implement."""


def _default_hashfxn(x: Any) -> int:  # stands in for gensim's default `hash`
    return hash(x)


class Word2Vec:
    """Train word2vec (skip-gram or CBOW, negative sampling) in NumPy, the gensim way.

    Parameters mirror :class:`gensim.models.Word2Vec` (gensim 4); see its documentation.
    ``workers > 1`` trains in that many processes over shared-memory weights; with
    ``workers=1`` the same ``seed`` gives bit-identical vectors.

    Examples
    --------
    >>> sentences = [["나", "는", "학교", "에", "간다"], ["너", "는", "집", "에", "간다"]] * 50
    >>> model = Word2Vec(sentences, vector_size=10, min_count=1, window=2, epochs=2, seed=1)
    >>> model.wv["학교"].shape
    (10,)
    >>> model.wv.most_similar("학교", topn=1)[0][0] in model.wv.index_to_key
    True
    """

    def __init__(self, sentences: Iterable[Sequence[str]] | None = None,
                 corpus_file: str | os.PathLike[str] | None = None, vector_size: int = 100,
                 alpha: float = 0.025, window: int = 5, min_count: int = 5,
                 max_vocab_size: int | None = None, sample: float = 1e-3, seed: int = 1,
                 workers: int = 1, min_alpha: float = 0.0001, sg: int = 0, hs: int = 0,
                 negative: int = 5, ns_exponent: float = 0.75, cbow_mean: int = 1,
                 hashfxn: Any = _default_hashfxn, epochs: int = 5, null_word: int = 0,
                 trim_rule: Any = None, sorted_vocab: int = 1, batch_words: int = 10000,
                 compute_loss: bool = False, callbacks: Sequence[Any] = (),
                 comment: str | None = None, max_final_vocab: int | None = None,
                 shrink_windows: bool = True) -> None:
        unsupported = {"hs": (hs, 0), "null_word": (null_word, 0), "trim_rule": (trim_rule, None),
                       "sorted_vocab": (sorted_vocab, 1)}
        for name, (value, default) in unsupported.items():
            if value != default:
                raise UnsupportedOptionError(
                    f"{name}={value!r} is not supported by kow2v.Word2Vec (negative sampling "
                    f"only); leave it at {default!r}")
        if hashfxn is not _default_hashfxn and hashfxn is not hash:
            raise UnsupportedOptionError("a custom hashfxn is not supported; kow2v seeds with "
                                         "`seed`")
        if negative < 1:
            raise UnsupportedOptionError("negative must be >= 1 (hierarchical softmax is not "
                                         "implemented)")
        for name, value in (("vector_size", vector_size), ("window", window),
                            ("epochs", epochs), ("workers", workers),
                            ("batch_words", batch_words)):
            if int(value) < 1:
                raise ValueError(f"{name} must be >= 1, got {value}")
        if alpha <= 0 or min_alpha < 0:
            raise ValueError("alpha must be > 0 and min_alpha >= 0")
        self.vector_size = int(vector_size)
        self.alpha = float(alpha)
        self.min_alpha = float(min_alpha)
        self.window = int(window)
        self.min_count = int(min_count)
        self.max_vocab_size = max_vocab_size
        self.max_final_vocab = max_final_vocab
        self.sample = float(sample)
        self.seed = int(seed)
        self.workers = int(workers)
        self.sg = int(bool(sg))
        self.hs = 0
        self.negative = int(negative)
        self.ns_exponent = float(ns_exponent)
        self.cbow_mean = int(bool(cbow_mean))
        self.epochs = int(epochs)
        self.batch_words = int(batch_words)
        self.compute_loss = bool(compute_loss)
        self.callbacks = tuple(callbacks)
        self.comment = comment
        self.shrink_windows = bool(shrink_windows)
        self.vocab: Vocab | None = None
        self.wv: Any = None
        self.syn1neg: np.ndarray | None = None
        self.epoch_losses: list[float] = []
        self.running_training_loss = 0.0
        self.train_count = 0
        self.total_train_time = 0.0
        self.corpus_count = 0
        self.corpus_total_words = 0
        if sentences is not None and corpus_file is not None:
            raise ValueError("give sentences or corpus_file, not both")
        if sentences is not None or corpus_file is not None:
            corpus = self._corpus(sentences, corpus_file)
            self.build_vocab(corpus)
            self.train(corpus, total_examples=self.corpus_count, epochs=self.epochs)

    # -- corpus and vocabulary ----------------------------------------------------------------
    @staticmethod
    def _corpus(corpus_iterable: Iterable[Sequence[str]] | None,
                corpus_file: str | os.PathLike[str] | None) -> Iterable[Sequence[str]]:
        if corpus_file is not None:
            from kow2v.corpus import TokenizedCorpus

            return TokenizedCorpus(corpus_file)
        if corpus_iterable is None:
            raise ValueError("give corpus_iterable (sentences) or corpus_file")
        if isinstance(corpus_iterable, Iterator):
            raise TypeError("You can't pass a generator as the sentences argument: it can be "
                            "read only once. Pass a list, or a re-iterable such as "
                            "kow2v.corpus.TokenizedCorpus.")
        return corpus_iterable

    def build_vocab(self, corpus_iterable: Iterable[Sequence[str]] | None = None,
                    corpus_file: str | os.PathLike[str] | None = None, update: bool = False,
                    progress_per: int = 10000, keep_raw_vocab: bool = False,
                    trim_rule: Any = None, **kwargs: Any) -> None:
        """Count the corpus, keep frequent words, and initialise the weights (as gensim does)."""
        if update:
            raise UnsupportedOptionError("build_vocab(update=True) is not supported")
        if trim_rule is not None:
            raise UnsupportedOptionError("trim_rule is not supported")
        corpus = self._corpus(corpus_iterable, corpus_file)
        self.vocab = Vocab.build(corpus, self.min_count, self.max_vocab_size,
                                 self.max_final_vocab)
        self.corpus_count = self.vocab.total_sentences
        self.corpus_total_words = self.vocab.total_words
        V, D = len(self.vocab), self.vector_size
        # gensim's prep_vectors: uniform in [-1/D, 1/D) from default_rng(seed); W_out zeros
        rng = np.random.default_rng(self.seed)
        syn0 = rng.random((V, D), dtype=np.float32)
        syn0 *= 2.0
        syn0 -= 1.0
        syn0 /= D
        self.wv = to_keyed_vectors(self.vocab.words, syn0, self.vocab.counts)
        self.syn1neg = np.zeros((V, D), dtype=np.float32)

    # -- training -----------------------------------------------------------------------------
    def train(self, corpus_iterable: Iterable[Sequence[str]] | None = None,
              corpus_file: str | os.PathLike[str] | None = None,
              total_examples: int | None = None, total_words: int | None = None,
              epochs: int | None = None, start_alpha: float | None = None,
              end_alpha: float | None = None, word_count: int = 0, queue_factor: int = 2,
              report_delay: float = 1.0, compute_loss: bool | None = None,
              callbacks: Sequence[Any] | None = None, progress: bool = False,
              **kwargs: Any) -> tuple[int, int]:
        """Train over the corpus ``epochs`` times.

        ``total_examples`` or ``total_words`` must be given, as in gensim (they drive the
        learning-rate schedule). ``progress=True`` shows a tqdm bar with words/s and alpha.

        Returns
        -------
        (effective_words, raw_words) : tuple of int
            Words trained after subsampling, and tokens read, over all epochs.

        Raises
        ------
        TrainingError
            The scores became non-finite (learning rate too high).
        """
        if self.vocab is None or self.wv is None or self.syn1neg is None:
            raise Kow2vError("build_vocab must be called before train")
        if total_examples is None and total_words is None:
            raise ValueError("give total_examples or total_words (e.g. "
                             "total_examples=model.corpus_count), as gensim requires")
        corpus = self._corpus(corpus_iterable, corpus_file)
        epochs = int(epochs or self.epochs)
        start = self.alpha if start_alpha is None else float(start_alpha)
        end = self.min_alpha if end_alpha is None else float(end_alpha)
        if compute_loss is not None:
            self.compute_loss = bool(compute_loss)
        callbacks = tuple(callbacks) if callbacks is not None else self.callbacks
        expected_words = int(total_words) if total_words is not None else self.corpus_total_words
        # A batch sums stale gradients of repeated rows; with a tiny vocabulary every row
        # repeats in every batch and a full-size batch overshoots (measured: skip-gram on a
        # 16-word corpus diverged), so batches shrink with the vocabulary.
        per_call = SG_BATCH_PAIRS if self.sg else CBOW_BATCH_ROWS
        batch_pairs = int(min(per_call, max(32, 2 * len(self.vocab))))
        settings = Settings(bool(self.sg), self.window, self.negative, bool(self.cbow_mean),
                            self.shrink_windows, batch_pairs, self.compute_loss)
        keep_prob = self.vocab.keep_probabilities(self.sample).astype(np.float32)
        noise = AliasSampler(self.vocab.counts.astype(np.float64) ** self.ns_exponent)
        self.epoch_losses = []
        self._call(callbacks, "on_train_begin")
        totals = [0, 0]
        t0 = time.perf_counter()
        pool = weights = None
        try:
            if self.workers > 1:
                from kow2v.fast.hogwild import HogwildPool, SharedWeights

                weights = SharedWeights(self.wv.vectors, self.syn1neg)
                seeds = np.random.SeedSequence(self.seed).spawn(self.workers - 1)
                pool = HogwildPool(weights, keep_prob, noise, settings, seeds)
                syn0, syn1 = weights.syn0, weights.syn1
            else:
                syn0, syn1 = self.wv.vectors, self.syn1neg
            rng = np.random.default_rng([self.seed, self.train_count])
            for epoch in range(epochs):
                self._call(callbacks, "on_epoch_begin")
                loss, eff, raw = self._epoch(corpus, syn0, syn1, keep_prob, noise, settings, rng,
                                             pool, epoch, epochs, start, end, expected_words,
                                             progress)
                totals[0] += eff
                totals[1] += raw
                self.epoch_losses.append(loss)
                self.running_training_loss = loss
                if self.compute_loss:
                    log.info("epoch %d/%d: loss %.4f (%.4f per word)", epoch + 1, epochs, loss,
                             loss / max(eff, 1))
                self._call(callbacks, "on_epoch_end")
            if weights is not None:
                self.wv.vectors[...] = weights.syn0
                self.syn1neg[...] = weights.syn1
        finally:
            if pool is not None:
                pool.close()
            if weights is not None:
                weights.close()
            self.wv.norms = None  # cached norms are stale now
        elapsed = time.perf_counter() - t0
        self.total_train_time += elapsed
        self.train_count += 1
        log.info("trained %d epochs: %d effective words of %d raw in %.1f s, %.0f effective "
                 "words/s", epochs, totals[0], totals[1], elapsed, totals[0] / max(elapsed, 1e-9))
        self._call(callbacks, "on_train_end")
        return totals[0], totals[1]

    def _epoch(self, corpus: Iterable[Sequence[str]], syn0: np.ndarray, syn1: np.ndarray,
               keep_prob: np.ndarray, noise: AliasSampler, settings: Settings,
               rng: np.random.Generator, pool: Any, epoch: int, epochs: int, start: float,
               end: float, expected_words: int, progress: bool) -> tuple[float, int, int]:
        assert self.vocab is not None
        loss, eff, raw_done = 0.0, 0, 0
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=expected_words, unit=" words", unit_scale=True,
                       desc=f"epoch {epoch + 1}/{epochs}", mininterval=0.5)
        t_epoch = time.perf_counter()
        submitted = [0]

        vocab = self.vocab
        if isinstance(corpus, TokenizedCorpus):  # whole text blocks, one split each
            jobs = make_jobs_from_text(corpus.text_blocks(), vocab.encode_text, self.batch_words)
        else:
            jobs = make_jobs(corpus, vocab.encode_many, self.batch_words)

        def jobs_with_alpha() -> Iterator[tuple[Job, float]]:
            for job in jobs:
                alpha = linear_alpha(start, end, epoch, epochs,
                                     min(1.0, submitted[0] / max(expected_words, 1)))
                submitted[0] += job.raw_words
                yield job, alpha

        if pool is None:
            # A producer thread reads, encodes and draws each job's examples (subsampling,
            # windows, negatives) ahead of this thread, which only trains: gensim's producer
            # thread reads and batches. One thread makes every draw, in job order, so a seed
            # still fixes the vectors.
            def drawn() -> Iterator[tuple[Job, float, Examples]]:
                for job, alpha in jobs_with_alpha():
                    yield job, alpha, draw_examples(job, keep_prob, noise, settings, rng)

            results: Iterable[tuple[Job, Any]] = (
                (job, self._guarded(train_examples, epoch, syn0, syn1, ex, alpha, settings))
                for job, alpha, ex in prefetch(drawn()))
        else:
            results = pool.run(jobs_with_alpha(), lambda job, alpha: self._guarded(
                train_job, epoch, syn0, syn1, job, keep_prob, noise, alpha, settings, rng))
        alpha = start
        for job, result in results:
            if isinstance(result, FloatingPointError):
                raise self._diverged(epoch)
            job_loss, job_eff, _ = result
            loss += job_loss
            eff += job_eff
            raw_done += job.raw_words
            if bar is not None:
                alpha = linear_alpha(start, end, epoch, epochs,
                                     min(1.0, raw_done / max(expected_words, 1)))
                bar.update(job.raw_words)
                bar.set_postfix(alpha=f"{alpha:.5f}", refresh=False)
        if bar is not None:
            bar.close()
        if not np.isfinite(loss):
            raise self._diverged(epoch)
        secs = time.perf_counter() - t_epoch
        log.info("epoch %d/%d: %d raw words in %.1f s (%.0f words/s)", epoch + 1, epochs,
                 raw_done, secs, raw_done / max(secs, 1e-9))
        return loss, eff, raw_done

    def _guarded(self, step: Callable[..., Any], epoch: int, *args: Any) -> Any:
        """``step(*args)``, with a non-finite score turned into a :class:`TrainingError`."""
        try:
            return step(*args)
        except FloatingPointError:
            raise self._diverged(epoch) from None

    def _diverged(self, epoch: int) -> TrainingError:
        return TrainingError(f"training diverged in epoch {epoch + 1}: scores became NaN or "
                             f"infinite with alpha={self.alpha}; lower alpha")

    def _call(self, callbacks: Sequence[Any], event: str) -> None:
        for cb in callbacks:
            method = getattr(cb, event, None)
            if method is not None:
                method(self)

    def get_latest_training_loss(self) -> float:
        """Loss of the last trained epoch (summed in float64; 0.0 unless ``compute_loss``)."""
        return float(self.running_training_loss)

    # -- persistence ----------------------------------------------------------------------------
    def _config(self) -> dict[str, Any]:
        keys = ("vector_size", "alpha", "min_alpha", "window", "min_count", "max_vocab_size",
                "max_final_vocab", "sample", "seed", "workers", "sg", "negative", "ns_exponent",
                "cbow_mean", "epochs", "batch_words", "compute_loss", "comment",
                "shrink_windows")
        return {k: getattr(self, k) for k in keys}

    def save(self, fname: str | os.PathLike[str]) -> None:
        """Save the full model (vectors, output weights, vocabulary, settings) as one ``.npz``.

        Nothing is pickled; the file is written atomically.
        """
        if self.vocab is None or self.wv is None or self.syn1neg is None:
            raise Kow2vError("nothing to save: build_vocab has not been called")
        meta = {"format": SAVE_FORMAT, "config": self._config(),
                "words": self.vocab.words, "total_words": self.vocab.total_words,
                "total_sentences": self.vocab.total_sentences,
                "epoch_losses": self.epoch_losses, "train_count": self.train_count}
        with atomic_path(fname) as tmp, open(tmp, "wb") as fh:
            np.savez(fh, syn0=self.wv.vectors, syn1neg=self.syn1neg, counts=self.vocab.counts,
                     meta=np.array(json.dumps(meta, ensure_ascii=False)))

    @classmethod
    def load(cls, fname: str | os.PathLike[str]) -> Word2Vec:
        """Load a model written by :meth:`save`."""
        path = Path(fname)
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                syn0, syn1, counts = data["syn0"], data["syn1neg"], data["counts"]
        except (OSError, KeyError, ValueError) as exc:
            raise Kow2vError(f"{path} is not a kow2v model file: {exc}") from None
        if meta.get("format") != SAVE_FORMAT:
            raise Kow2vError(f"{path} is not a kow2v model file")
        model = cls(**meta["config"])
        model.vocab = Vocab(meta["words"], counts, meta["total_words"], meta["total_sentences"])
        model.corpus_count = model.vocab.total_sentences
        model.corpus_total_words = model.vocab.total_words
        model.wv = to_keyed_vectors(model.vocab.words, syn0, counts)
        model.syn1neg = np.array(syn1)
        model.epoch_losses = list(meta["epoch_losses"])
        model.running_training_loss = model.epoch_losses[-1] if model.epoch_losses else 0.0
        model.train_count = meta["train_count"]
        return model

    def __repr__(self) -> str:
        n = len(self.vocab) if self.vocab else 0
        return (f"Word2Vec<vocab={n}, vector_size={self.vector_size}, "
                f"{'sg' if self.sg else 'cbow'}, alpha={self.alpha}>")
