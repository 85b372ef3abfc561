"""Training settings: one frozen dataclass with gensim 4's parameter names and defaults.

Every place that trains or describes a training run builds on :class:`TrainConfig`:
``Word2Vec`` holds one, the engine reads it, ``compare`` and the demo carry one, the command
line generates its options from its fields (:func:`kow2v.cli.options.add_train_options`),
and saved models store it. A config is validated when it is made, so one that exists is
usable.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import numbers
from dataclasses import dataclass, field
from typing import Any

from kow2v.errors import Kow2vError


def check_rates(start: float, end: float, names: tuple[str, str] = ("alpha", "min_alpha")) -> None:
    """Refuse learning rates that cannot train: the start must be finite and > 0, the end
    finite and >= 0 (NaN would pass ``start <= 0`` and, through ``max``, silently train at
    the end rate; a negative rate climbs the loss).

    Raises
    ------
    ValueError
        Naming the setting (``names``: how the caller spells the two).

    >>> check_rates(0.025, float("nan"), ("start_alpha", "end_alpha"))
    Traceback (most recent call last):
    ...
    ValueError: end_alpha must be a finite number >= 0, got nan
    """
    if not (math.isfinite(start) and start > 0):
        raise ValueError(f"{names[0]} must be a finite number > 0, got {start}")
    if not (math.isfinite(end) and end >= 0):
        raise ValueError(f"{names[1]} must be a finite number >= 0, got {end}")


class UnsupportedOptionError(Kow2vError, ValueError):
    """A gensim argument that kow2v does not implement."""


def whole_number(name: str, value: Any) -> int:
    """``value`` as an ``int``: an integer, a bool or an integral float (``1e2`` read from a
    settings file); anything else (``2.5``, ``"5"``) is a ``ValueError`` naming the setting,
    where ``int()`` would cut 2.5 to 2 without a word.

    >>> whole_number("vector_size", 1e2)
    100
    >>> whole_number("window", 2.5)
    Traceback (most recent call last):
    ...
    ValueError: window must be a whole number, got 2.5
    """
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(float(value))
    raise ValueError(f"{name} must be a whole number, got {value!r}")


#: The largest ``shared_negatives``: a call of 256 pairs then scores a (256, 1024) block, as
#: many scores as 256 pairs with their own 1,023 negatives each, and 1 MiB of float32 (a group's
#: pool is drawn for at most 128 of them: kow2v.fast.examples.SHARED_POOL_EXAMPLES).
MAX_SHARED_NEGATIVES = 1024


def _opt(default: Any, help: str, cli: bool = True, choices: tuple[str, ...] = (),
         gensim: bool = True) -> Any:
    # gensim: False for a setting of kow2v's own, which gensim's trainers do not take
    return field(default=default, metadata={"help": help, "cli": cli, "choices": choices,
                                            "gensim": gensim})


@dataclass(frozen=True)
class TrainConfig:
    """The hyper-parameters of a word2vec run, named and defaulted as in gensim 4's Word2Vec.

    Examples
    --------
    >>> cfg = TrainConfig(sg=1, epochs=10)
    >>> cfg.sg, cfg.window, cfg.replace(window=2).window
    (1, 5, 2)
    >>> TrainConfig(negative=0, hs=1).hs
    1
    >>> TrainConfig(negative=0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: negative=0 and hs=0 leave nothing to train: give negative > 0 (negative ...
    """

    vector_size: int = _opt(100, "dimensionality of the vectors")
    alpha: float = _opt(0.025, "initial learning rate")
    window: int = _opt(5, "maximum distance between the current and a context word")
    min_count: int = _opt(5, "ignore words seen fewer times")
    max_vocab_size: int | None = _opt(None, "prune the rarest words while counting beyond "
                                      "this many", cli=False)
    sample: float = _opt(1e-3, "subsampling threshold of frequent words (0 = off)")
    seed: int = _opt(1, "random seed: weights, subsampling, windows and negatives")
    workers: int = _opt(1, "training processes (Hogwild); tokenizing workers too in the CLI")
    min_alpha: float = _opt(0.0001, "final learning rate (linear decay)")
    sg: int = _opt(0, "1: skip-gram; 0: CBOW")
    hs: int = _opt(0, "1: hierarchical softmax (with --negative 0: alone, else beside "
                   "negative sampling)")
    negative: int = _opt(5, "negative samples per positive example")
    ns_exponent: float = _opt(0.75, "exponent of the negative-sampling distribution")
    cbow_mean: int = _opt(1, "CBOW: 1 = mean of the context vectors, 0 = their sum")
    epochs: int = _opt(5, "passes over the corpus")
    null_word: int = _opt(0, "add gensim's padding word '\\0' (count 1, never trained as "
                          "an input)", cli=False)
    sorted_vocab: int = _opt(1, "sort the vocabulary by descending frequency (0: order of "
                             "first appearance)", cli=False)
    batch_words: int = _opt(10000, "words per job", cli=False)
    compute_loss: bool = _opt(False, "keep the training loss", cli=False)
    max_final_vocab: int | None = _opt(None, "raise min_count until the vocabulary fits")
    shrink_windows: bool = _opt(True, "draw each window's size in 1..window, as word2vec",
                                cli=False)
    shared_negatives: int = _opt(0, "negative sampling: each group of up to 128 examples "
                                 "(skip-gram pairs, CBOW centers) of a kernel call shares this "
                                 "many negatives, each weighted negative/shared_negatives "
                                 "(faster, approximate; kow2v's own); 0: each example draws "
                                 "its own, as word2vec", gensim=False)

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Coerce gensim's loose types (``sg=True``) and refuse what cannot be trained.

        Raises
        ------
        UnsupportedOptionError
            A gensim option kow2v does not implement.
        ValueError
            A value out of range.
        """
        for name in ("sg", "cbow_mean", "hs", "null_word", "sorted_vocab"):
            object.__setattr__(self, name, int(bool(getattr(self, name))))
        for name in ("compute_loss", "shrink_windows"):
            object.__setattr__(self, name, bool(getattr(self, name)))
        for name in ("vector_size", "window", "epochs", "workers", "batch_words", "min_count",
                     "negative", "seed", "shared_negatives"):
            object.__setattr__(self, name, whole_number(name, getattr(self, name)))
        for name in ("max_vocab_size", "max_final_vocab"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, whole_number(name, getattr(self, name)))
        if self.negative < 0:
            raise ValueError(f"negative must be >= 0, got {self.negative}")
        if self.negative == 0 and not self.hs:
            raise ValueError("negative=0 and hs=0 leave nothing to train: give negative > 0 "
                             "(negative sampling), hs=1 (hierarchical softmax), or both")
        for name in ("vector_size", "window", "epochs", "workers", "batch_words"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        for name in ("min_count", "seed", "shared_negatives"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        if self.shared_negatives > MAX_SHARED_NEGATIVES:
            raise ValueError(f"shared_negatives must be at most {MAX_SHARED_NEGATIVES:,} (each "
                             "kernel call scores every example against the whole pool), got "
                             f"{self.shared_negatives:,}")
        if self.shared_negatives and not (self.negative and not self.hs):
            raise ValueError("shared_negatives applies to negative sampling alone "
                             f"(negative > 0, hs=0); got negative={self.negative}, "
                             f"hs={self.hs}")
        if self.max_final_vocab is not None and self.max_final_vocab < 1:
            raise ValueError(f"max_final_vocab must be >= 1 (or None), got "
                             f"{self.max_final_vocab}")
        for name in ("alpha", "min_alpha", "sample", "ns_exponent"):
            object.__setattr__(self, name, float(getattr(self, name)))
        check_rates(self.alpha, self.min_alpha)
        if not (math.isfinite(self.sample) and self.sample >= 0):
            raise ValueError(f"sample must be a finite number >= 0, got {self.sample}")
        if not math.isfinite(self.ns_exponent):
            raise ValueError(f"ns_exponent must be a finite number, got {self.ns_exponent}")

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed (validated)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainConfig:
        """The config a :meth:`to_dict` (or a saved model) holds; unknown names are refused."""
        unknown = set(values) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise Kow2vError(f"unknown training settings {sorted(unknown)} (saved by a newer "
                             "kow2v?)")
        return cls(**values)


SUBWORDS = ("jamo", "char")


@dataclass(frozen=True)
class FastTextConfig(TrainConfig):
    """:class:`TrainConfig` plus gensim 4's FastText parameters, and ``subwords``.

    ``subwords="jamo"`` (kow2v's default) takes the n-grams of each word's jamo spelling
    (:mod:`kow2v.jamo`, three symbols per syllable); ``"char"`` takes them over the
    characters, as gensim does.

    >>> FastTextConfig(min_n=4, max_n=3)
    Traceback (most recent call last):
    ...
    ValueError: min_n=4 is above max_n=3; give max_n=0 for no n-grams
    """

    min_n: int = _opt(3, "shortest n-gram, in symbols (jamo or characters)")
    max_n: int = _opt(6, "longest n-gram; 0: no n-grams (word vectors only)")
    bucket: int = _opt(2_000_000, "hash buckets for the n-grams; 0: word vectors only")
    word_ngrams: int = _opt(1, "gensim's word n-grams (only 1)", cli=False)
    subwords: str = _opt("jamo", "n-grams over each word's jamo (3 per syllable) or over its "
                         "characters (gensim's behaviour)", choices=SUBWORDS)

    def validate(self) -> None:
        super().validate()
        for name in ("min_n", "max_n", "bucket", "word_ngrams"):
            object.__setattr__(self, name, whole_number(name, getattr(self, name)))
        if self.subwords not in SUBWORDS:
            raise ValueError(f"subwords must be one of {SUBWORDS}, got {self.subwords!r}")
        if self.word_ngrams != 1:
            raise UnsupportedOptionError("word_ngrams must be 1 (as in gensim's FastText)")
        if self.min_n < 1 or self.max_n < 0 or self.bucket < 0:
            raise ValueError(f"min_n must be >= 1 and max_n, bucket >= 0; got min_n="
                             f"{self.min_n}, max_n={self.max_n}, bucket={self.bucket}")
        if self.bucket >= 2**32:
            raise ValueError(f"bucket must be below 2**32 (the n-gram hashes are 32-bit), "
                             f"got {self.bucket:,}")
        if self.max_n and self.min_n > self.max_n:
            raise ValueError(f"min_n={self.min_n} is above max_n={self.max_n}; give max_n=0 "
                             "for no n-grams")

    @property
    def has_ngrams(self) -> bool:
        """False for plain word vectors (``bucket=0`` or ``max_n=0``)."""
        return bool(self.bucket and self.max_n)


def config_fields(cls: type[TrainConfig] = TrainConfig) -> list[dataclasses.Field[Any]]:
    """The fields of ``cls`` (:class:`TrainConfig` or a subclass), in gensim's order."""
    return list(dataclasses.fields(cls))


def gensim_settings(cfg: TrainConfig, cls: type[TrainConfig] = TrainConfig) -> dict[str, Any]:
    """``cfg``'s settings that gensim's trainer takes (the fields of ``cls``, less kow2v's
    own, such as ``shared_negatives``), by gensim's names."""
    return {f.name: getattr(cfg, f.name) for f in config_fields(cls)
            if f.metadata.get("gensim", True)}


def gensim_signature(extra: tuple[tuple[str, Any], ...],
                     cls: type[TrainConfig] = TrainConfig) -> inspect.Signature:
    """``(sentences=None, corpus_file=None, *, <every field of cls>, <extra>)``: a trainer
    class's signature as gensim documents it, for ``help()`` and IDEs."""
    p = inspect.Parameter
    return inspect.Signature(
        [p("sentences", p.POSITIONAL_OR_KEYWORD, default=None),
         p("corpus_file", p.POSITIONAL_OR_KEYWORD, default=None)]
        + [p(f.name, p.KEYWORD_ONLY, default=f.default, annotation=f.type)
           for f in config_fields(cls)]
        + [p(name, p.KEYWORD_ONLY, default=default) for name, default in extra])
