"""``kow2v.Word2Vec``: gensim 4's Word2Vec API over the pure-NumPy engine in ``kow2v.fast``.

Swap ``from gensim.models import Word2Vec`` for ``from kow2v import Word2Vec``: the same
constructor, ``build_vocab``, ``train``, ``wv`` (a real gensim ``KeyedVectors``),
``get_latest_training_loss`` and callbacks. Differences, on purpose:

- long sentences are never truncated (gensim cuts each at 10,000 tokens);
- the training loss is kept per epoch in float64 and reset each epoch (``epoch_losses``);
  ``get_latest_training_loss()`` returns the last epoch's;
- ``save``/``load`` use ``.npz`` plus JSON: loading never unpickles code;
- arguments gensim accepts but kow2v does not implement (a custom ``hashfxn``) raise
  :class:`UnsupportedOptionError` instead of being ignored (README: "gensim's Word2Vec API
  in kow2v" lists every argument and method).

What all kow2v trainers share (arguments, vocabulary, callbacks, logging, saving) is
:class:`kow2v.any2vec.Any2Vec`; the training loop is :class:`kow2v.fast.engine.Engine`. This
module says only how word2vec's weights look: one input row per word, trained in place as
``wv.vectors``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from kow2v.any2vec import Any2Vec
from kow2v.config import UnsupportedOptionError, gensim_signature
from kow2v.errors import Kow2vError
from kow2v.fast.weights import initial_vectors
from kow2v.keyedvectors import to_keyed_vectors

__all__ = ["UnsupportedOptionError", "Word2Vec"]


class Word2Vec(Any2Vec):
    """Train word2vec (skip-gram or CBOW; negative sampling, hierarchical softmax or both) in
    NumPy, the gensim way.

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

    def _init_weights(self) -> None:
        assert self.vocab is not None
        self._syn0 = initial_vectors(len(self.vocab), self.vector_size, self.seed)
        self.wv = None  # made from _syn0 on first use
        self._set_output()

    def _make_wv(self) -> Any:
        assert self.vocab is not None
        return to_keyed_vectors(self.vocab.words, self._syn0, self.vocab.counts, copy=False)

    def _grow_weights(self, old: int) -> None:
        assert self.vocab is not None
        # gensim's resize_vectors: the whole initial draw for the new size, the old rows kept
        vectors = initial_vectors(len(self.vocab), self.vector_size, self.seed)
        vectors[:old] = self._input_weights()
        self._syn0, self.wv = vectors, None
        self._set_output(self._grown_output(old))

    def _input_weights(self) -> np.ndarray:
        # trained in place: wv, once made, holds this array (or the one a user gave it)
        return self._wv.vectors if self._wv is not None else self._syn0

    def _word_vectors(self) -> np.ndarray:
        return self._input_weights()

    def _restore_weights(self, syn0: np.ndarray, output: np.ndarray) -> None:
        assert self.vocab is not None
        if syn0.shape != (len(self.vocab), self.vector_size):
            raise Kow2vError(f"model file: input weights of shape {syn0.shape} do not fit "
                             f"{len(self.vocab)} words of {self.vector_size} dimensions")
        self._syn0, self.wv = np.array(syn0, dtype=np.float32), None
        self._set_output(np.array(output))

    def score(self, sentences: Iterable[Sequence[str]], total_sentences: int = int(1e6),
              chunksize: int = 100, queue_factor: int = 2,
              report_delay: float = 1) -> np.ndarray:
        """gensim's ``score``: each sentence's log probability under hierarchical softmax
        (``hs=1``), as float32; :func:`kow2v.model_queries.score` says how it is computed.
        ``chunksize``, ``queue_factor`` and ``report_delay`` are accepted and unused."""
        from kow2v.model_queries import score

        return score(self, sentences, total_sentences)

    def to_gensim(self) -> Any:
        """This model as a gensim ``Word2Vec`` that gensim can train further
        (:func:`kow2v.formats.gensim_model.to_gensim`)."""
        from kow2v.formats.gensim_model import to_gensim

        return to_gensim(self)

    def __repr__(self) -> str:
        n = len(self.vocab) if self.vocab else 0
        return (f"Word2Vec<vocab={n}, vector_size={self.vector_size}, "
                f"{'sg' if self.sg else 'cbow'}, alpha={self.alpha}>")


# help(Word2Vec) and IDEs show gensim's full signature, read from the one list in TrainConfig
Word2Vec.__signature__ = gensim_signature(  # type: ignore[attr-defined]
    (("trim_rule", None), ("callbacks", ()), ("comment", None), ("hashfxn", hash)))
