"""A whole Word2Vec model in one ``.npz`` file: arrays plus a JSON header, never a pickle.

Holds the input vectors, the output weights, the vocabulary with its counts, the
:class:`~kow2v.config.TrainConfig` and the per-epoch losses; loading reads the arrays with
``allow_pickle=False``, so a model file from anywhere cannot run code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.atomic import atomic_path
from kow2v.config import TrainConfig
from kow2v.errors import Kow2vError
from kow2v.keyedvectors import to_keyed_vectors
from kow2v.vocab import Vocab

SAVE_FORMAT = "kow2v-word2vec-1"


def save_model(model: Any, path: str | os.PathLike[str]) -> None:
    """Write ``model`` (a trained :class:`~kow2v.word2vec.Word2Vec`) atomically."""
    if model.vocab is None or model.wv is None or model.syn1neg is None:
        raise Kow2vError("nothing to save: build_vocab has not been called")
    meta = {"format": SAVE_FORMAT, "config": model.config.to_dict(), "comment": model.comment,
            "words": model.vocab.words, "total_words": model.vocab.total_words,
            "total_sentences": model.vocab.total_sentences,
            "epoch_losses": model.epoch_losses, "train_count": model.train_count}
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez(fh, syn0=model.wv.vectors, syn1neg=model.syn1neg, counts=model.vocab.counts,
                 meta=np.array(json.dumps(meta, ensure_ascii=False)))


def load_model(cls: Any, path: str | os.PathLike[str]) -> Any:
    """Read a file written by :func:`save_model` into a new ``cls`` instance."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            syn0, syn1, counts = data["syn0"], data["syn1neg"], data["counts"]
    except (OSError, KeyError, ValueError) as exc:
        raise Kow2vError(f"{path} is not a kow2v model file: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != SAVE_FORMAT:
        raise Kow2vError(f"{path} is not a kow2v model file")
    config = dict(meta["config"])
    comment = config.pop("comment", meta.get("comment"))  # files of kow2v 0.1 kept it here
    model: Any = cls(comment=comment, **TrainConfig.from_dict(config).to_dict())
    model.vocab = Vocab(meta["words"], counts, meta["total_words"], meta["total_sentences"])
    model.corpus_count = model.vocab.total_sentences
    model.corpus_total_words = model.vocab.total_words
    model.wv = to_keyed_vectors(model.vocab.words, syn0, counts)
    model.syn1neg = np.array(syn1)
    model.epoch_losses = list(meta["epoch_losses"])
    model.running_training_loss = model.epoch_losses[-1] if model.epoch_losses else 0.0
    model.train_count = meta["train_count"]
    return model
