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

This class checks arguments, builds the vocabulary, runs callbacks and logging, and saves;
the training loop itself is :class:`kow2v.fast.engine.Engine`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from kow2v.config import TrainConfig, UnsupportedOptionError, config_fields, gensim_signature
from kow2v.corpus import as_sentences
from kow2v.errors import Kow2vError
from kow2v.fast.engine import Engine
from kow2v.fast.examples import Settings, Tables
from kow2v.fast.jobs import corpus_jobs
from kow2v.fast.negatives import AliasSampler
from kow2v.fast.schedule import Schedule
from kow2v.fast.weights import initial_vectors
from kow2v.keyedvectors import to_keyed_vectors
from kow2v.progress import ProgressBar
from kow2v.vocab import Vocab

log = logging.getLogger(__name__)

__all__ = ["UnsupportedOptionError", "Word2Vec"]

_CONFIG_NAMES = frozenset(f.name for f in config_fields())


class Word2Vec:
    """Train word2vec (skip-gram or CBOW, negative sampling) in NumPy, the gensim way.

    Takes gensim 4's arguments, by keyword: every field of :class:`~kow2v.config.TrainConfig`
    (``vector_size``, ``window``, ``min_count``, ``sg``, ``epochs``, ``workers``, ``seed``, ...)
    with gensim's defaults, plus ``callbacks`` and ``comment``. They stay readable and
    settable as attributes (``model.epochs``). ``workers > 1`` trains in that many processes
    over shared weights; with ``workers=1`` the same ``seed`` gives bit-identical vectors.

    Examples
    --------
    Two topics that never share a sentence end up apart:

    >>> school = ["학교", "공부", "선생님", "시험"]
    >>> cinema = ["영화", "배우", "감독", "극장"]
    >>> rng = np.random.default_rng(0)
    >>> sentences = [list(rng.choice(school if i % 2 else cinema, 6)) for i in range(400)]
    >>> model = Word2Vec(sentences, vector_size=16, window=3, min_count=1, sample=0, seed=1)
    >>> bool(model.wv.similarity("학교", "공부") > model.wv.similarity("학교", "영화") + 0.3)
    True
    >>> model.wv.most_similar("배우", topn=3)[0][0] in cinema
    True
    """

    def __init__(self, sentences: Iterable[Sequence[str]] | None = None,
                 corpus_file: str | os.PathLike[str] | None = None, *, trim_rule: Any = None,
                 callbacks: Sequence[Any] = (), comment: str | None = None,
                 hashfxn: Any = hash, **params: Any) -> None:
        if trim_rule is not None:
            raise UnsupportedOptionError("trim_rule is not supported by kow2v")
        if hashfxn is not hash:
            raise UnsupportedOptionError("a custom hashfxn is not supported; kow2v seeds with "
                                         "`seed`")
        self.config = TrainConfig(**params)
        self.callbacks = tuple(callbacks)
        self.comment = comment
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
            corpus = as_sentences(sentences, corpus_file)
            self.build_vocab(corpus)
            self.train(corpus, total_examples=self.corpus_count, epochs=self.epochs)

    # gensim keeps its settings as attributes: read them from, and write them into, the config
    def __getattr__(self, name: str) -> Any:
        if name in _CONFIG_NAMES and "config" in self.__dict__:
            return getattr(self.config, name)
        raise AttributeError(f"'Word2Vec' object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _CONFIG_NAMES:
            self.config = self.config.replace(**{name: value})
        else:
            super().__setattr__(name, value)

    def build_vocab(self, corpus_iterable: Iterable[Sequence[str]] | None = None,
                    corpus_file: str | os.PathLike[str] | None = None, update: bool = False,
                    progress_per: int = 10000, keep_raw_vocab: bool = False,
                    trim_rule: Any = None, **kwargs: Any) -> None:
        """Count the corpus, keep frequent words, and initialise the weights (as gensim does)."""
        if update:
            raise UnsupportedOptionError("build_vocab(update=True) is not supported")
        if trim_rule is not None:
            raise UnsupportedOptionError("trim_rule is not supported")
        cfg = self.config
        self.vocab = Vocab.build(as_sentences(corpus_iterable, corpus_file), cfg.min_count,
                                 cfg.max_vocab_size, cfg.max_final_vocab)
        self.corpus_count = self.vocab.total_sentences
        self.corpus_total_words = self.vocab.total_words
        V, D = len(self.vocab), cfg.vector_size
        self.wv = to_keyed_vectors(self.vocab.words, initial_vectors(V, D, cfg.seed),
                                   self.vocab.counts, copy=False)
        self.syn1neg = np.zeros((V, D), dtype=np.float32)  # gensim's output weights start at 0

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
            The scores became non-finite (learning rate too high), or a worker died.
        """
        if self.vocab is None or self.wv is None or self.syn1neg is None:
            raise Kow2vError("build_vocab must be called before train")
        if total_examples is None and total_words is None:
            raise ValueError("give total_examples or total_words (e.g. "
                             "total_examples=model.corpus_count), as gensim requires")
        corpus = as_sentences(corpus_iterable, corpus_file)
        if compute_loss is not None:
            self.compute_loss = bool(compute_loss)
        cfg, vocab = self.config, self.vocab
        epochs = int(epochs or cfg.epochs)
        schedule = Schedule(cfg.alpha if start_alpha is None else float(start_alpha),
                            cfg.min_alpha if end_alpha is None else float(end_alpha), epochs)
        callbacks = tuple(callbacks) if callbacks is not None else self.callbacks
        expected = int(total_words) if total_words is not None else self.corpus_total_words
        tables = Tables(vocab.keep_probabilities(cfg.sample).astype(np.float32),
                        AliasSampler(vocab.counts.astype(np.float64) ** cfg.ns_exponent))
        engine = Engine(self.wv.vectors, self.syn1neg, tables,
                        Settings.from_config(cfg, len(vocab)), cfg.workers, cfg.seed,
                        np.random.default_rng([cfg.seed, self.train_count]))
        bar = ProgressBar(expected * epochs) if progress else None
        self.epoch_losses = []
        self._call(callbacks, "on_train_begin")
        effective = raw = 0
        start = time.perf_counter()
        try:
            with engine:
                for epoch in range(epochs):
                    self._call(callbacks, "on_epoch_begin")
                    jobs = corpus_jobs(corpus, vocab.encode_many, vocab.encode_text,
                                       cfg.batch_words)
                    result = engine.train_epoch(jobs, epoch, schedule, expected, bar)
                    effective += result.effective_words
                    raw += result.raw_words
                    self.epoch_losses.append(result.loss)
                    self.running_training_loss = result.loss
                    log.debug("epoch %d/%d: %d raw words in %.1f s (%.0f words/s), loss %.4f",
                              epoch + 1, epochs, result.raw_words, result.seconds,
                              result.raw_words / max(result.seconds, 1e-9), result.loss)
                    self._call(callbacks, "on_epoch_end")
        finally:
            if bar is not None:
                bar.close()
            self.wv.norms = None  # cached norms are stale now
        elapsed = time.perf_counter() - start
        self.total_train_time += elapsed
        self.train_count += 1
        log.info("trained %d epochs: %d effective words of %d raw in %.1f s, %.0f effective "
                 "words/s", epochs, effective, raw, elapsed, effective / max(elapsed, 1e-9))
        self._call(callbacks, "on_train_end")
        return effective, raw

    def _call(self, callbacks: Sequence[Any], event: str) -> None:
        for cb in callbacks:
            method = getattr(cb, event, None)
            if method is not None:
                method(self)

    def get_latest_training_loss(self) -> float:
        """Loss of the last trained epoch (summed in float64; 0.0 unless ``compute_loss``)."""
        return float(self.running_training_loss)

    def save(self, fname: str | os.PathLike[str]) -> None:
        """Save the full model (vectors, output weights, vocabulary, settings) as one ``.npz``.

        Nothing is pickled; the file is written atomically.
        """
        from kow2v.model_file import save_model

        save_model(self, fname)

    @classmethod
    def load(cls, fname: str | os.PathLike[str]) -> Word2Vec:
        """Load a model written by :meth:`save`."""
        from kow2v.model_file import load_model

        return load_model(cls, fname)

    def __repr__(self) -> str:
        n = len(self.vocab) if self.vocab else 0
        return (f"Word2Vec<vocab={n}, vector_size={self.vector_size}, "
                f"{'sg' if self.sg else 'cbow'}, alpha={self.alpha}>")


# help(Word2Vec) and IDEs show gensim's full signature, read from the one list in TrainConfig
Word2Vec.__init__.__signature__ = gensim_signature(  # type: ignore[attr-defined]
    (("trim_rule", None), ("callbacks", ()), ("comment", None), ("hashfxn", hash)))
