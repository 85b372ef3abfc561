"""A whole Word2Vec model in one ``.npz`` file: arrays plus a JSON header, never a pickle.

Holds the input vectors, the output weights, the vocabulary with its counts, the
:class:`~kow2v.config.TrainConfig` and the per-epoch losses; loading reads the arrays with
``allow_pickle=False``, so a model file from anywhere cannot run code.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.atomic import atomic_path
from kow2v.config import FastTextConfig
from kow2v.errors import Kow2vError
from kow2v.model_formats import GENSIM_MODELS, KOW2V_FORMATS
from kow2v.vocab import Vocab


def save_model(model: Any, path: str | os.PathLike[str]) -> None:
    """Write ``model`` (a :class:`~kow2v.any2vec.Any2Vec`: Word2Vec, FastText) atomically."""
    if model.vocab is None or model._output is None:
        raise Kow2vError("nothing to save: build_vocab has not been called")
    meta = {"format": model.save_format, "config": model.config.to_dict(),
            "comment": model.comment,
            "words": model.vocab.words, "total_words": model.vocab.total_words,
            "total_sentences": model.vocab.total_sentences,
            "epoch_losses": model.epoch_losses, "train_count": model.train_count}
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        outputs = {k: v for k, v in (("syn1neg", model.syn1neg), ("syn1", model.syn1))
                   if v is not None}
        if model.vocab.keep is not None:  # subsampling an online update set
            meta["keep_sample"] = model.vocab.keep[0]
            outputs["keep"] = model.vocab.keep[1]
        np.savez(fh, syn0=model._saved_input(), **outputs, counts=model.vocab.counts,
                 meta=np.array(json.dumps(meta, ensure_ascii=False)))


def saved_model_kind(path: str | os.PathLike[str]) -> str | None:
    """``"Word2Vec"`` or ``"FastText"`` for a whole saved model: a kow2v model file (its
    header names the format) or a gensim ``save`` file (the class its pickle names first,
    read without unpickling); None for anything else (vectors files)."""
    from kow2v.formats.gensim_model import is_pickle, pickled_class

    path = Path(path)
    if not path.is_file():
        return None
    if is_pickle(path):
        found = pickled_class(path)
        return next((kind for kind, cls in GENSIM_MODELS.items() if cls == found), None)
    if not zipfile.is_zipfile(path):
        return None
    _check_members(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
    except (OSError, EOFError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _damaged(path, exc) from None
    found = meta.get("format") if isinstance(meta, dict) else None
    return next((kind for kind, fmt in KOW2V_FORMATS.items() if fmt == found), None)


def load_model(cls: Any, path: str | os.PathLike[str]) -> Any:
    """Read a file written by :func:`save_model` into a new ``cls`` instance (or, for
    ``Word2Vec``, a gensim ``Word2Vec.save`` file, read safely: :func:`from_gensim_file`)."""
    from kow2v.formats.gensim_model import is_pickle

    path = Path(path)
    if is_pickle(path):
        return from_gensim_file(cls, path)
    _check_members(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            syn0, counts = data["syn0"], data["counts"]
            output = np.concatenate([data[k] for k in ("syn1neg", "syn1") if k in data.files])
            keep = (float(meta["keep_sample"]), data["keep"]) if "keep" in data.files else None
    except (OSError, EOFError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _damaged(path, exc) from None
    if not isinstance(meta, dict) or meta.get("format") != cls.save_format:
        found = meta.get("format") if isinstance(meta, dict) else None
        raise Kow2vError(f"{path} is not a {cls.__name__} model file" +
                         (f" (it holds a {found})" if found else ""))
    _check_header(meta, counts, path)
    config = dict(meta["config"])
    comment = config.pop("comment", meta.get("comment"))  # files of kow2v 0.1 kept it here
    try:
        settings = cls.config_class.from_dict(config).to_dict()
    except (TypeError, ValueError) as exc:  # a damaged or hand-edited header
        raise Kow2vError(f"{path}: its settings are refused: {exc}") from None
    model: Any = cls(comment=comment, **settings)
    model.vocab = Vocab(meta["words"], counts, meta["total_words"], meta["total_sentences"],
                        keep=keep, null_word=bool(model.null_word))
    model.corpus_count = model.vocab.total_sentences
    model.corpus_total_words = model.vocab.total_words
    model._restore_weights(syn0, output)
    model.epoch_losses = list(meta["epoch_losses"])
    model.running_training_loss = model.epoch_losses[-1] if model.epoch_losses else 0.0
    model.train_count = meta["train_count"]
    return model


def _check_members(path: Path) -> None:
    """Refuse a model file whose arrays would take more memory than the file holds before
    NumPy reads it: a compressed member (kow2v writes none; 1.5 MB of deflated zeros loaded
    as 1.5 GB), or an array header that promises more than its member holds."""
    from kow2v.formats.kv import check_npy_stream

    try:
        size = path.stat().st_size
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.compress_type != zipfile.ZIP_STORED or info.file_size > size:
                    raise Kow2vError(f"{path}: its member {info.filename} is compressed (or says "
                                     "it is larger than the file); kow2v writes model files "
                                     "uncompressed and reads no compressed member (it could "
                                     "unpack to any size)")
                with archive.open(info) as fh:
                    check_npy_stream(fh, info.file_size, f"{path}: {info.filename}")
    except (OSError, EOFError, zipfile.BadZipFile) as exc:  # not a zip, or cut short
        raise _damaged(path, exc) from None


def _damaged(path: Path, exc: BaseException) -> Kow2vError:
    return Kow2vError(f"{path} is not a kow2v model file, or is damaged: "
                      f"{type(exc).__name__}: {exc}")


def _check_header(meta: dict[str, Any], counts: np.ndarray, path: Path) -> None:
    """Refuse a header that does not describe its arrays (a damaged or hand-edited file)."""
    words, losses = meta.get("words"), meta.get("epoch_losses")
    fine = (isinstance(meta.get("config"), dict)
            and isinstance(words, list) and all(isinstance(w, str) for w in words)
            and counts.ndim == 1 and len(counts) == len(words)
            and isinstance(losses, list)
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in losses)
            and all(isinstance(meta.get(k), int) and not isinstance(meta.get(k), bool)
                    for k in ("total_words", "total_sentences", "train_count")))
    if not fine:
        raise Kow2vError(f"{path}: damaged model file: its header does not describe its arrays "
                         f"({len(counts)} counts)")


def from_gensim_file(cls: Any, path: str | os.PathLike[str]) -> Any:
    """A kow2v ``Word2Vec`` (``FastText``) from a gensim ``Word2Vec.save`` (``FastText.save``)
    file (allow-listed unpickling, :mod:`kow2v.formats.gensim_model`), ready to ``train`` on
    or ``build_vocab(update=True)``: the same vocabulary, counts, subsampling, weights and
    settings; a FastText model takes its n-grams over characters (``subwords="char"``), as
    gensim did."""
    from kow2v.formats.gensim_model import read_gensim_model

    data = read_gensim_model(path, fasttext=issubclass(cls.config_class, FastTextConfig))
    comment = data["comment"]
    model: Any = cls(comment=comment if isinstance(comment, str) else None,
                     **cls.config_class(**data["settings"]).to_dict())
    keep = data["sample_int"].astype(np.float64) / (2**32 - 1)
    model.vocab = Vocab(data["words"], data["counts"], data["corpus_total_words"],
                        data["corpus_count"], keep=(model.sample, keep),
                        null_word=bool(model.null_word))
    model.corpus_count, model.corpus_total_words = data["corpus_count"], data["corpus_total_words"]
    output = np.concatenate([a for a in (data["syn1neg"], data["syn1"]) if a is not None])
    if "vectors_ngrams" in data:  # gensim keeps every bucket, kow2v the ones words use
        model._restore_gensim_weights(data["vectors"], data["vectors_ngrams"], output)
    else:
        model._restore_weights(data["vectors"], output)
    return model
