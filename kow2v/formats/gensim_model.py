"""gensim's full ``Word2Vec`` and ``FastText`` models (``model.save("x.model")``) in and out
of kow2v.

In: the file is a pickle, read through the same allow-list as ``.kv`` files plus what a
``Word2Vec`` or ``FastText`` pickle names (its class, gensim's ``call_on_class_only``, NumPy's
random-state constructors, ``hash``, ``int``, ``defaultdict``), so a file from anywhere cannot
run code; its side arrays (``x.model.syn1neg.npy``, ``x.model.wv.vectors.npy``,
``x.model.wv.vectors_ngrams.npy``) are read without pickles after a size check. Only plain
data is then taken from it: the settings, the vocabulary with its counts and ``sample_int``,
the input weights (a FastText model's word rows and n-gram buckets) and the output weights.
The gensim object itself is dropped.

Out: :func:`to_gensim` builds a gensim ``Word2Vec`` or ``FastText`` that gensim can train
further (its vocabulary, subsampling, noise table and Huffman tree set as its own
``build_vocab`` sets them, the weights copied).
"""

from __future__ import annotations

import os
import pickletools
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.config import FastTextConfig
from kow2v.errors import VectorFormatError
from kow2v.formats.kv import (
    ALLOWED_GLOBALS,
    load_keyed_vectors_parts,
    load_side_arrays,
    unpickle_allowed,
)
from kow2v.model_formats import GENSIM_MODELS

#: what a gensim 4 Word2Vec pickle names besides a KeyedVectors'
MODEL_GLOBALS = ALLOWED_GLOBALS | frozenset({
    GENSIM_MODELS["Word2Vec"],
    ("gensim.utils", "call_on_class_only"),  # the instance's `load` attribute; raises if called
    ("builtins", "hash"),  # hashfxn
    ("builtins", "int"),  # defaultdict(int)
    ("collections", "defaultdict"),
    ("numpy.random._pickle", "__randomstate_ctor"),
    ("numpy.random._pickle", "__bit_generator_ctor"),
    ("numpy.random._mt19937", "MT19937"),
    ("numpy.random.mtrand", "RandomState"),
})

#: what a gensim 4 FastText pickle names besides (its class, not Word2Vec's)
FASTTEXT_GLOBALS = (MODEL_GLOBALS - {GENSIM_MODELS["Word2Vec"]}) | {GENSIM_MODELS["FastText"]}

#: kow2v settings read from the gensim model's attributes of the same names
_SETTINGS = ("vector_size", "alpha", "window", "min_count", "max_vocab_size", "sample", "seed",
             "workers", "min_alpha", "sg", "hs", "negative", "ns_exponent", "cbow_mean",
             "epochs", "null_word", "sorted_vocab", "batch_words", "compute_loss",
             "max_final_vocab", "shrink_windows")


def is_pickle(path: str | os.PathLike[str]) -> bool:
    """True for a file that starts like a pickle (gensim's ``save``); ``.npz`` is a zip."""
    try:
        with open(path, "rb") as fh:
            return fh.read(1) == b"\x80"
    except OSError:
        return False


def pickled_class(path: str | os.PathLike[str]) -> tuple[str, str] | None:
    """``(module, name)`` of the first class a pickle names (a gensim ``save`` file's model
    class), read from its opcodes without unpickling anything; None for anything else."""
    strings: list[str] = []
    try:
        with open(path, "rb") as fh:
            for op, arg, _ in pickletools.genops(fh):
                if op.name == "GLOBAL":
                    module, _, name = str(arg).partition(" ")
                    return module, name
                if op.name == "STACK_GLOBAL":
                    return (strings[-2], strings[-1]) if len(strings) >= 2 else None
                if isinstance(arg, str) and "UNICODE" in op.name:
                    strings.append(arg)
    except (OSError, ValueError, EOFError):  # not a pickle, or cut short
        return None
    return None


def read_gensim_model(path: str | os.PathLike[str], fasttext: bool = False) -> dict[str, Any]:
    """The plain data of a gensim ``Word2Vec.save`` (or, with ``fasttext``, ``FastText.save``)
    file: ``settings``, ``words``, ``counts``, ``sample_int``, ``vectors`` (a FastText model's
    word rows, ``vectors_vocab``, not the words' mean vectors), ``syn1neg`` and ``syn1`` (None
    where absent), ``corpus_count``, ``corpus_total_words``, ``comment``; for FastText also
    ``vectors_ngrams`` (one row a bucket) and the n-gram settings, with ``subwords="char"``
    (gensim's n-grams are over the characters of the keys as they are).

    Raises
    ------
    VectorFormatError
        Not such a file, damaged, a side array missing, or naming a global outside the
        allow-list (the message names it; nothing was executed).
    """
    from gensim.models import FastText as GensimFastText
    from gensim.models import KeyedVectors
    from gensim.models import Word2Vec as GensimWord2Vec
    from gensim.models.fasttext import FastTextKeyedVectors

    path = Path(path)
    kind, wv_kind = ((GensimFastText, FastTextKeyedVectors) if fasttext
                     else (GensimWord2Vec, KeyedVectors))
    other = "Word2Vec" if fasttext else "FastText"
    if pickled_class(path) == GENSIM_MODELS[other]:  # the other kind: say what loads it
        raise VectorFormatError(f"{path} is a gensim {other} model: load it with kow2v.{other}"
                                f".load (kow2v train: --model {other.lower()})")
    model = unpickle_allowed(path, FASTTEXT_GLOBALS if fasttext else MODEL_GLOBALS,
                             f"gensim {kind.__name__} model file")
    if type(model) is not kind:
        raise VectorFormatError(f"{path} holds a {type(model).__name__}, not a gensim "
                                f"{kind.__name__} model")
    name = kind.__name__
    state = model.__dict__
    if state.get("__scipys"):
        raise VectorFormatError(f"{path}: stores sparse parts, which {name} models never have")
    arrays = load_side_arrays(model, path)
    recursive = state.pop("__recursive_saveloads", [])
    if set(recursive) - {"wv"}:
        raise VectorFormatError(f"{path}: stores parts {recursive}, a {name} model has 'wv'")
    wv = state.get("wv")
    if not isinstance(wv, wv_kind):
        raise VectorFormatError(f"{path}: its `wv` is not gensim {wv_kind.__name__}")
    wv = load_keyed_vectors_parts(wv, Path(f"{path}.wv"))
    try:
        settings = {key: state[key] for key in _SETTINGS if key in state}
        settings["vector_size"] = int(wv.vector_size)
        V = len(wv)
        data = {
            "settings": settings,
            "words": list(wv.index_to_key),
            "counts": np.asarray(wv.expandos["count"], dtype=np.int64),
            "sample_int": np.asarray(wv.expandos["sample_int"], dtype=np.uint32),
            "vectors": np.ascontiguousarray(wv.vectors_vocab if fasttext else wv.vectors,
                                            dtype=np.float32),
            "syn1neg": arrays.get("syn1neg", state.get("syn1neg")),
            "syn1": arrays.get("syn1", state.get("syn1")),
            "corpus_count": int(state.get("corpus_count", 0)),
            "corpus_total_words": int(state.get("corpus_total_words", 0)),
            "comment": state.get("comment"),
        }
        if fasttext:
            settings.update(min_n=int(wv.min_n), max_n=int(wv.max_n), bucket=int(wv.bucket),
                            word_ngrams=state.get("word_ngrams", 1), subwords="char")
            data["vectors_ngrams"] = np.ascontiguousarray(wv.vectors_ngrams, dtype=np.float32)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise VectorFormatError(f"{path}: damaged {name} model: {exc!r}") from None
    shape = (V, wv.vector_size)
    for part in ("vectors", "syn1neg", "syn1"):
        out = data[part]
        if out is not None and (not isinstance(out, np.ndarray) or out.shape != shape):
            raise VectorFormatError(f"{path}: damaged {name} model: {part} does not fit {V} "
                                    f"words of {wv.vector_size} dimensions")
    if fasttext and data["vectors_ngrams"].shape != (wv.bucket, wv.vector_size):
        raise VectorFormatError(f"{path}: damaged FastText model: vectors_ngrams does not fit "
                                f"{wv.bucket} buckets of {wv.vector_size} dimensions")
    if len(data["counts"]) != V or len(data["sample_int"]) != V:
        raise VectorFormatError(f"{path}: damaged {name} model: counts for "
                                f"{len(data['counts'])} of {V} words")
    return data


def to_gensim(model: Any) -> Any:
    """A gensim ``Word2Vec`` (for a kow2v ``FastText``, a gensim ``FastText``) with
    ``model``'s settings, vocabulary (counts, ``sample_int``) and weights, ready for gensim's
    ``train`` (and ``build_vocab(update=True)``).

    A FastText model's n-gram matrix goes over in gensim's layout, one row a bucket, the
    buckets no vocabulary word uses zero. Over jamo (``subwords="jamo"``) the keys are the
    jamo spellings, so gensim trains it further on text spelt the same way
    (:func:`kow2v.jamo.decompose` each token), as ``kow2v compare`` feeds gensim's FastText.
    """
    from gensim.models import FastText as GensimFastText
    from gensim.models import Word2Vec as GensimWord2Vec

    if model.vocab is None or model.wv is None or model._output is None:
        raise VectorFormatError("nothing to export: build_vocab has not been called")
    settings = {k: v for k, v in model.config.to_dict().items() if k in _SETTINGS}
    fasttext = isinstance(model.config, FastTextConfig)
    if fasttext:
        cfg = model.config
        settings.pop("compute_loss")  # gensim's FastText takes no compute_loss
        out = GensimFastText(**settings, min_n=cfg.min_n, max_n=cfg.max_n,
                             bucket=cfg.bucket if cfg.has_ngrams else 0)
        out.comment = model.comment
    else:
        out = GensimWord2Vec(**settings, comment=model.comment)
    wv = out.wv
    vocab = model.vocab
    wv.index_to_key = list(model.wv.index_to_key)
    wv.key_to_index = {w: i for i, w in enumerate(wv.index_to_key)}
    wv.vectors = np.array(model.wv.vectors, dtype=np.float32)
    if fasttext:
        wv.vectors_vocab = np.array(model.wv.vectors_vocab, dtype=np.float32)
        wv.vectors_ngrams = np.array(model.wv.vectors_ngrams, dtype=np.float32)
        wv.buckets_word = list(model.wv.buckets_word)  # gensim's own hashes (kow2v.subwords)
    wv.allocate_vecattrs(attrs=["count", "sample_int"], types=[np.int64, np.uint32])
    wv.expandos["count"][:] = vocab.counts
    wv.expandos["sample_int"][:] = vocab.sample_int(model.sample)
    out.effective_min_count = model.min_count
    out.corpus_count, out.corpus_total_words = model.corpus_count, model.corpus_total_words
    if model.hs:
        out.create_binary_tree()
        out.syn1 = np.array(model.syn1, dtype=np.float32)
    if model.negative:
        out.make_cum_table()
        out.syn1neg = np.array(model.syn1neg, dtype=np.float32)
    out.train_count = model.train_count
    return out
