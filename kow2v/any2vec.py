"""What ``Word2Vec`` and ``FastText`` share: gensim 4's trainer API over the engine in ``fast/``.

gensim calls its common base ``BaseAny2VecModel`` (and its callbacks ``CallbackAny2Vec``);
this is kow2v's. It checks arguments into a config, builds the vocabulary, runs the epochs
through :class:`~kow2v.fast.engine.Engine` with callbacks, logging and progress, and saves
and loads. A subclass says how its input weights are laid out: :meth:`_init_weights` makes
them, :meth:`_input_weights` and :meth:`_row_map` hand them to the engine,
:meth:`_sync_vectors` brings ``wv`` up to date after each epoch, and :meth:`_make_wv` may
leave ``wv`` to be made on first use.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from kow2v.coded_corpus import CodedCorpus, codable, count_codes
from kow2v.config import (
    TrainConfig,
    UnsupportedOptionError,
    check_rates,
    config_fields,
    whole_number,
)
from kow2v.corpus import as_sentences
from kow2v.errors import Kow2vError
from kow2v.fast.engine import Engine
from kow2v.fast.examples import Settings, Tables
from kow2v.fast.huffman import PathTable, path_table
from kow2v.fast.jobs import KeptJobs, corpus_jobs
from kow2v.fast.producer import ProducerProcess, worth_a_process
from kow2v.fast.rows import RowMap
from kow2v.fast.schedule import Schedule
from kow2v.model_formats import KOW2V_FORMATS
from kow2v.progress import ProgressBar
from kow2v.vocab import Vocab, count_words, spelt_rule

log = logging.getLogger(__name__)


class Any2Vec:
    """Base of the trainers; see :class:`kow2v.Word2Vec` for the arguments."""

    config_class: type[TrainConfig] = TrainConfig
    save_format = KOW2V_FORMATS["Word2Vec"]  # the model file's "format" (kow2v.model_file)
    #: skip-gram predicts the context from the center (fastText) or the center from each
    #: context word (word2vec, as gensim does for each)
    input_is_center = False

    def __init__(self, sentences: Iterable[Sequence[str]] | None = None,
                 corpus_file: str | os.PathLike[str] | None = None, *, trim_rule: Any = None,
                 callbacks: Sequence[Any] | None = (), comment: str | None = None,
                 hashfxn: Any = hash, **params: Any) -> None:
        if hashfxn is not hash:
            raise UnsupportedOptionError("a custom hashfxn is not supported; kow2v seeds with "
                                         "`seed`")
        self.config = self.config_class(**params)
        self.callbacks = tuple(callbacks or ())  # None: none (gensim raises TypeError)
        self.comment = comment
        self.vocab: Vocab | None = None
        self._wv: Any = None  # see the wv property
        self._output: np.ndarray | None = None  # every output row the engine trains
        self.syn1neg: np.ndarray | None = None  # negative sampling's rows (a view of it)
        self.syn1: np.ndarray | None = None  # hierarchical softmax's rows (a view of it)
        self._paths: PathTable | None = None
        self._codes: CodedCorpus | None = None  # the corpus last counted, for the next train()
        self._made_with: dict[str, Any] | None = None  # the settings the weights follow
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
            self.build_vocab(corpus, trim_rule=trim_rule)
            self.train(corpus, total_examples=self.corpus_count, epochs=self.epochs)

    # gensim keeps its settings as attributes: read them from, and write them into, the config
    def __getattr__(self, name: str) -> Any:
        config = self.__dict__.get("config")
        if config is not None and name in {f.name for f in config_fields(type(config))}:
            return getattr(config, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        config = self.__dict__.get("config")
        if config is not None and name in {f.name for f in config_fields(type(config))}:
            self.config = config.replace(**{name: value})
        else:
            super().__setattr__(name, value)

    @property
    def wv(self) -> Any:
        """The word vectors, a gensim ``KeyedVectors`` (None before :meth:`build_vocab`).

        A subclass may make it on first use (:meth:`_make_wv`): ``Word2Vec`` does, so gensim,
        which ``KeyedVectors`` needs, is imported when the vectors are first asked for, not
        while training (its modules are about 55 MB of a process, more than kow2v's producer
        process costs).
        """
        if self._wv is None and self.vocab is not None:
            self._wv = self._make_wv()
        return self._wv

    @wv.setter
    def wv(self, value: Any) -> None:
        self._wv = value

    # -- what a subclass decides ------------------------------------------------------------
    def _make_wv(self) -> Any:
        """``wv`` made from the weights on first use; None: the subclass sets it itself."""
        return None

    def _vocab_key(self) -> tuple[Callable[[str], str], Callable[[str], str]] | None:
        """How a corpus token becomes a vocabulary key and back (None: as it is)."""
        return None

    def _init_weights(self) -> None:
        raise NotImplementedError

    def _input_weights(self) -> np.ndarray:
        raise NotImplementedError

    def _word_vectors(self) -> np.ndarray:
        """``wv.vectors``, one row per word (Word2Vec: without making ``wv``)."""
        return self.wv.vectors

    def _row_map(self) -> RowMap | None:
        return None

    def _tables(self) -> Tables:
        """The per-word tables a run of :meth:`train` draws its examples with."""
        assert self.vocab is not None
        cfg = self.config
        noise = self.vocab.noise(cfg.ns_exponent) if cfg.negative else None  # hs alone: none
        return Tables(self.vocab.keep_probabilities(cfg.sample).astype(np.float32), noise,
                      self._row_map(), self._paths)

    def _saved_input(self) -> np.ndarray:
        """What a model file stores of the input weights (:meth:`_restore_weights` reads it)."""
        return self._input_weights()

    def _input_memory(self) -> Any:
        """The :class:`~kow2v.process.SharedArrays` that holds the input weights, if any."""
        return None

    def _prepare_training(self, workers: int, watched: bool) -> None:
        """Before training with ``workers``: keep the input weights where they train best;
        ``watched``: callbacks may read ``wv`` between epochs."""

    def _restore_weights(self, syn0: np.ndarray, output: np.ndarray) -> None:
        """Rebuild the weights and ``wv`` from a model file's arrays (the vocabulary is set);
        ``output`` as :meth:`_set_output` takes it."""
        raise NotImplementedError

    def _set_output(self, output: np.ndarray | None = None) -> None:
        """The output weights, as gensim names them: ``syn1neg`` (negative sampling) and
        ``syn1`` (hierarchical softmax, the Huffman tree's inner nodes), each (V, D) and
        zero at the start. They are two views of one matrix, ``syn1neg`` first, so that the
        engine trains one array (shared once with the workers) and the two heads never meet.
        """
        assert self.vocab is not None
        D = self.vector_size
        V, neg, rows = self._output_layout()
        if output is None:
            output = np.zeros((rows, D), dtype=np.float32)
        elif output.shape != (rows, D):
            raise Kow2vError(f"output weights of shape {output.shape} do not fit {V} words, "
                             f"{D} dimensions, negative={self.negative}, hs={self.hs}")
        self._output = np.ascontiguousarray(output, dtype=np.float32)
        self.syn1neg = self._output[:neg] if neg else None
        self.syn1 = self._output[neg:] if self.hs else None
        self._paths = path_table(self.vocab.counts, neg) if self.hs else None
        self._made_with = self._shaping()  # every way weights are made ends here

    def _shaping(self) -> dict[str, Any]:
        """The settings the weights' layout follows (see subclasses), as they are now."""
        cfg = self.config
        return {"vector_size": cfg.vector_size, "negative": cfg.negative, "hs": cfg.hs,
                "null_word": cfg.null_word}

    def _check_weights_fit(self, doing: str) -> None:
        """Refuse to ``doing`` when a setting the weights' layout follows was changed after
        they were made (``model.vector_size = 50`` on a built model): training went on with
        the old layout and :meth:`save` wrote a file that could not be loaded back."""
        made = self._made_with
        if made is None:
            return
        now = self._shaping()
        on_off = ("negative", "hs", "null_word")  # of these only on or off shapes the layout
        changed = [k for k in made
                   if (bool(made[k]) != bool(now[k]) if k in on_off else made[k] != now[k])]
        if changed:
            was = ", ".join(f"{k}={made[k]!r}" for k in changed)
            is_ = ", ".join(f"{k}={now[k]!r}" for k in changed)
            raise Kow2vError(f"cannot {doing}: the weights were made with {was} and the model "
                             f"now has {is_}; set it back, or call build_vocab(corpus) to make "
                             "new weights with the new settings")

    def _refuse_row_factors(self) -> None:
        """Refuse gensim's experimental per-row learning-rate factors (``wv.vectors_lockf``;
        FastText's ``vectors_vocab_lockf`` and ``vectors_ngrams_lockf``) when any is not 1:
        kow2v trains every row alike, so rows a gensim script froze (``lockf=0.0`` with
        ``intersect_word2vec_format``) would train without a word."""
        for name in ("vectors_lockf", "vectors_vocab_lockf", "vectors_ngrams_lockf"):
            factors = getattr(self._wv, name, None)
            if factors is not None and np.any(np.asarray(factors) != 1):
                raise UnsupportedOptionError(
                    f"cannot train: wv.{name} holds factors other than 1 (gensim's "
                    "experimental per-row learning rates, e.g. rows frozen by "
                    "intersect_word2vec_format(..., lockf=0.0)); kow2v trains every row alike "
                    "and does not implement them. Use lockf=1.0 to start from the vectors and "
                    "train them, or train with gensim to keep them frozen")

    def _sync_vectors(self, final: bool) -> None:
        """Bring ``wv`` up to date with the input weights: after each epoch (``final=False``,
        with callbacks: the vectors they see) and at the end of training."""
        if self._wv is not None:
            self._wv.norms = None  # cached norms are stale

    # -- gensim's API -----------------------------------------------------------------------
    def build_vocab(self, corpus_iterable: Iterable[Sequence[str]] | None = None,
                    corpus_file: str | os.PathLike[str] | None = None, update: bool = False,
                    progress_per: int = 10000, keep_raw_vocab: bool = False,
                    trim_rule: Any = None, **kwargs: Any) -> None:
        """Count the corpus, keep frequent words, and initialise the weights (as gensim does).

        ``trim_rule(word, count, min_count)`` returns ``gensim.utils.RULE_KEEP``,
        ``RULE_DISCARD`` or ``RULE_DEFAULT`` (:mod:`kow2v.vocab` has the same constants); as in
        gensim it is used for this vocabulary only and not stored with the model.

        ``update=True`` adds a new corpus to a built (or loaded) model, as gensim does: the
        counts of known words grow, new words are appended with fresh input rows (gensim's
        draw) and zero output rows, the trained weights are kept, and the subsampling,
        noise and Huffman tables follow the new counts (:meth:`kow2v.vocab.Vocab.updated`).
        ``corpus_count`` and ``corpus_total_words`` then describe the new corpus, which is
        what ``train(new, total_examples=model.corpus_count)`` needs, as in gensim; the
        totals over every corpus counted are ``vocab.total_sentences`` and
        ``vocab.total_words``.
        """
        if update:  # the old words keep their rows: the layout must not have changed
            self._check_weights_fit("update the vocabulary")
        key, trim_rule = self._counting(trim_rule)
        corpus = as_sentences(corpus_iterable, corpus_file)
        self._drop_codes()
        cfg = self.config
        if codable(corpus) and not cfg.max_vocab_size:  # (pruning while counting: the old way)
            counts, words, sentences, codes = count_codes(corpus, key)
        else:
            counts, words, sentences = count_words(corpus, key, cfg.max_vocab_size, trim_rule)
            codes = None
        try:
            old = self._take_vocab(counts, words, sentences, update, trim_rule)
            # every distinct token counted (1.18M on the whitespace benchmark file, twice
            # with a key: as written and as keyed) goes before the weights are made, not
            # held beside them
            del counts
            self._check_counted()
            if codes is not None:
                if self._producer_reads(corpus, words, cfg.epochs):
                    codes.close()  # the next train() reads the text in its producer process
                    codes = None
                else:
                    assert self.vocab is not None
                    codes.bind(self.vocab)  # (which drops the tokens as written)
            self._fit_weights(old)
        except BaseException:
            if codes is not None:
                codes.close()
            raise
        self._codes = codes  # kept for the next train() if it reads the text in this process

    def _check_counted(self) -> None:
        """Refuse the vocabulary a corpus just gave by raising (see subclasses); the count's
        token codes are then closed as on any failure of :meth:`build_vocab`."""

    def _producer_reads(self, corpus: Iterable[Sequence[str]], words: int, epochs: int) -> bool:
        """Whether :meth:`train` reads ``corpus`` (``words`` a pass) in a producer process:
        one worker and a file large enough (:func:`~kow2v.fast.producer.worth_a_process`)."""
        return self.config.workers == 1 and worth_a_process(corpus, words * epochs)

    def _drop_codes(self) -> None:
        """Remove the token codes kept by :meth:`build_vocab` (its temporary file)."""
        if self._codes is not None:
            self._codes.close()
            self._codes = None

    def _counting(self, trim_rule: Any) -> tuple[Any, Any]:
        """(key, trim rule) for counting: how a token becomes a vocabulary key, and
        ``trim_rule`` made to see words as the corpus writes them."""
        key, spell = self._vocab_key() or (None, None)
        if trim_rule is not None and spell is not None:
            trim_rule = spelt_rule(trim_rule, spell)
        return key, trim_rule

    def build_vocab_from_freq(self, word_freq: dict[str, int], keep_raw_vocab: bool = False,
                              corpus_count: int | None = None, trim_rule: Any = None,
                              update: bool = False) -> None:
        """gensim's ``build_vocab_from_freq``: the vocabulary from ``{word: count}`` instead of
        a corpus (``min_count``, ``trim_rule``, ``max_final_vocab`` and ``update`` apply as in
        :meth:`build_vocab`); ``corpus_count`` sentences (default 0) and the counts' sum as
        the corpus's words."""
        if update:
            self._check_weights_fit("update the vocabulary")
        key, trim_rule = self._counting(trim_rule)
        counts: dict[str, int] = {}
        for word, count in word_freq.items():
            k = key(word) if key is not None else word
            counts[k] = counts.get(k, 0) + int(count)
        old = self._take_vocab(counts, sum(counts.values()), int(corpus_count or 0), update,
                               trim_rule)
        del counts
        self._fit_weights(old)

    def _take_vocab(self, counts: dict[str, int], words: int, sentences: int, update: bool,
                    trim_rule: Any) -> int | None:
        """A new vocabulary from counted words, or (``update``) the current one updated with
        them (``trim_rule`` already sees words as the corpus writes them); the weights are
        then :meth:`_fit_weights`'s, given what this returns: the words before an update, or
        None for a new vocabulary. The vocabulary holds copies of its words, not ``counts``."""
        cfg = self.config
        key, spell = self._vocab_key() or (None, None)
        old = None
        if update:
            if self.vocab is None:
                raise Kow2vError("build_vocab(update=True) needs a vocabulary to update: build "
                                 "one first (or load a trained model)")
            old = len(self.vocab)
            self.vocab = self.vocab.updated(counts, words, sentences, cfg.min_count, cfg.sample,
                                            spell, trim_rule, key=key)
        else:
            self.vocab = Vocab.from_counts(counts, words, sentences, cfg.min_count,
                                           cfg.max_final_vocab, key, spell, trim_rule,
                                           bool(cfg.sorted_vocab), bool(cfg.null_word))
        if cfg.negative:  # as gensim's make_cum_table: the noise table with the vocabulary
            self.vocab.noise(cfg.ns_exponent)
        # as gensim: the corpus last counted, which the next train() call reads (its learning
        # rate schedule needs that corpus's size); vocab.total_* add up over updates
        self.corpus_count, self.corpus_total_words = sentences, words
        return old

    def _fit_weights(self, old: int | None) -> None:
        """The weights made for a new vocabulary (``old`` None) or grown from ``old`` words
        after an update (:meth:`_take_vocab`)."""
        if old is None:
            self._init_weights()
        else:
            self._grow_weights(old)

    def _grow_weights(self, old: int) -> None:
        """Rows for the words an update added after the ``old`` ones (see subclasses)."""
        raise UnsupportedOptionError(f"build_vocab(update=True) is not supported by "
                                     f"{type(self).__name__}")

    def _grown_output(self, old: int) -> np.ndarray:
        """The output matrix after an update from ``old`` words: each head's trained rows
        kept, zero rows for the new words (gensim's ``update_weights``)."""
        assert self._output is not None
        _, neg, rows = self._output_layout()
        grown = np.zeros((rows, self.vector_size), np.float32)
        if self.negative:
            grown[:old] = self._output[:old]
        if self.hs:  # syn1 starts after syn1neg: at `old` before the update, at `neg` after
            before = old if self.negative else 0
            grown[neg:neg + old] = self._output[before:before + old]
        return grown

    def _output_layout(self) -> tuple[int, int, int]:
        """(words, rows of syn1neg, rows of the whole output matrix) for this vocabulary."""
        assert self.vocab is not None
        V = len(self.vocab)
        neg = V if self.negative else 0
        return V, neg, neg + (V if self.hs else 0)

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
        if self.vocab is None or self._output is None:
            raise Kow2vError("build_vocab must be called before train")
        self._check_weights_fit("train")
        self._refuse_row_factors()
        if total_examples is None and total_words is None:
            raise ValueError("give total_examples or total_words (e.g. "
                             "total_examples=model.corpus_count), as gensim requires")
        corpus = as_sentences(corpus_iterable, corpus_file)
        if compute_loss is not None:
            self.compute_loss = bool(compute_loss)
        cfg, vocab = self.config, self.vocab
        epochs = cfg.epochs if epochs is None else whole_number("epochs", epochs)
        if epochs < 1:  # 0 had meant the model's epochs, -1 a run of nothing
            raise ValueError(f"epochs must be >= 1, got {epochs} (the usual value is "
                             "epochs=model.epochs, as in gensim)")
        schedule = Schedule(cfg.alpha if start_alpha is None else float(start_alpha),
                            cfg.min_alpha if end_alpha is None else float(end_alpha), epochs)
        check_rates(schedule.start, schedule.end, ("start_alpha", "end_alpha"))
        callbacks = tuple(callbacks) if callbacks is not None else self.callbacks
        expected = int(total_words) if total_words is not None else self.corpus_total_words
        tables = self._tables()
        settings = Settings.from_config(cfg, len(vocab), self.input_is_center)
        rng = np.random.default_rng([cfg.seed, self.train_count])
        in_process = self._producer_reads(corpus, expected, epochs)
        # the codes build_vocab kept serve this call only (one temporary file at a time)
        codes, self._codes = self._codes, None
        if codes is not None and not in_process and codes.serves(corpus, vocab):
            read = functools.partial(codes.jobs, cfg.batch_words)
            keep = False  # (a pass over the codes costs what reading kept jobs costs)
        else:
            read = functools.partial(corpus_jobs, corpus, vocab.encode_many, vocab.encode_text,
                                     cfg.batch_words)
            keep = KeptJobs.worth_keeping(corpus, epochs)
        kept = KeptJobs(read, expected) if keep and not in_process else None
        bar = ProgressBar(expected * epochs) if progress else None
        self.epoch_losses = []
        self._call(callbacks, "on_train_begin")
        # what this may let go (FastText: wv's n-gram layout) comes back in the finally below
        self._prepare_training(cfg.workers, bool(callbacks))
        engine = Engine(self._input_weights(), self._output, tables, settings, cfg.workers,
                        cfg.seed, rng, self._input_memory())
        effective = raw = 0
        start = time.perf_counter()
        try:
            with engine, (ProducerProcess(corpus, vocab, cfg.batch_words, tables, settings,
                                          expected if keep else None)
                          if in_process else contextlib.nullcontext()) as producer:
                for epoch in range(epochs):
                    self._call(callbacks, "on_epoch_begin")
                    jobs = (producer.jobs(rng) if producer is not None
                            else kept if kept is not None else read())
                    result = engine.train_epoch(jobs, epoch, schedule, expected, bar)
                    effective += result.effective_words
                    raw += result.raw_words
                    self.epoch_losses.append(result.loss)
                    self.running_training_loss = result.loss
                    log.debug("epoch %d/%d: %d raw words in %.1f s (%.0f words/s), loss %.4f",
                              epoch + 1, epochs, result.raw_words, result.seconds,
                              result.raw_words / max(result.seconds, 1e-9), result.loss)
                    if callbacks:  # they see (and may save) each epoch's weights, as in gensim
                        engine.publish()
                        self._sync_vectors(final=False)
                    self._call(callbacks, "on_epoch_end")
        finally:
            if bar is not None:
                bar.close()
            if kept is not None:
                kept.close()
            if codes is not None:
                codes.close()
            self._sync_vectors(final=True)
        elapsed = time.perf_counter() - start
        self.total_train_time += elapsed
        self.train_count += 1
        log.info("trained %d epochs: %d effective words of %d raw in %.1f s, %.0f effective "
                 "words/s", epochs, effective, raw, elapsed, effective / max(elapsed, 1e-9))
        self._advise(epochs)
        self._call(callbacks, "on_train_end")
        return effective, raw

    def _advise(self, epochs: int) -> None:
        """One warning when the vectors have not moved apart (too little text for the
        settings), saying what to change; see :mod:`kow2v.evaluation.spread`."""
        from kow2v.evaluation.spread import COLLINEAR, NOT_MOVED_APART, mean_cosine

        vectors = self._word_vectors()
        if len(vectors) < 100:  # a toy vocabulary says nothing either way
            return
        spread = mean_cosine(vectors)
        if spread > COLLINEAR:
            log.warning(NOT_MOVED_APART + " (mean cosine %.2f between random words; trained "
                        "vectors: under %.1f): %d tokens x %d epochs is little for %d words. "
                        "Train more epochs, lower min_count, or add text",
                        spread, COLLINEAR, self.corpus_total_words, epochs, len(vectors))

    def _call(self, callbacks: Sequence[Any], event: str) -> None:
        for cb in callbacks:
            method = getattr(cb, event, None)
            if method is not None:
                method(self)

    def get_latest_training_loss(self) -> float:
        """Loss of the last trained epoch (summed in float64; 0.0 unless ``compute_loss``)."""
        return float(self.running_training_loss)

    def predict_output_word(self, context_words_list: Sequence[str | int],
                            topn: int = 10) -> list[tuple[str, float]] | None:
        """gensim's ``predict_output_word``: the ``topn`` most probable center words with
        their probabilities, given context words (:mod:`kow2v.model_queries`)."""
        from kow2v.model_queries import predict_output_word

        return predict_output_word(self, context_words_list, topn)

    def estimate_memory(self, vocab_size: int | None = None,
                        report: dict[str, int] | None = None) -> dict[str, int]:
        """gensim's ``estimate_memory``: bytes of the weights for ``vocab_size`` words."""
        from kow2v.model_queries import estimate_memory

        return estimate_memory(self, vocab_size, report)

    def save(self, fname: str | os.PathLike[str]) -> None:
        """Save the full model (weights, vocabulary, settings) as one ``.npz``.

        Nothing is pickled; the file is written atomically.
        """
        from kow2v.model_file import save_model

        self._check_weights_fit("save")
        save_model(self, fname)

    @classmethod
    def load(cls, fname: str | os.PathLike[str]) -> Any:
        """Load a model written by :meth:`save`, or (``Word2Vec``) a gensim
        ``Word2Vec.save`` file, unpickled through an allow-list: a file from anywhere cannot
        run code."""
        from kow2v.model_file import load_model

        return load_model(cls, fname)
