"""``kow2v.FastText``: fastText's subword model over Korean jamo, in NumPy, loadable by gensim.

Swap ``from gensim.models import FastText`` for ``from kow2v import FastText``: gensim 4's
arguments (``min_n``, ``max_n``, ``bucket`` and those of Word2Vec), and ``model.wv`` is a real
gensim ``FastTextKeyedVectors``, so gensim itself answers any word, seen or not, from the
n-grams. One argument more, ``subwords``:

- ``"jamo"`` (the default): each word is spelt in jamo (:mod:`kow2v.jamo`, three symbols per
  syllable) and the n-grams are taken over that spelling, so ``먹었다`` shares ``ㅁㅓㄱ`` with
  ``먹다``. ``wv``'s keys are the jamo spellings (gensim hashes what it is given);
  :attr:`FastText.surface` takes and returns ordinary Korean words.
- ``"char"``: n-grams over the characters, as gensim's FastText.

The model is fastText's: a word's input vector is the mean of its own row and of the rows of
its n-gram buckets (FNV-1a hashes, :mod:`kow2v.subwords`); skip-gram predicts each context
word from the center word's vector; CBOW averages all rows of all context words; every one of
those rows receives the whole error. The input matrix has gensim's layout (the word rows, then
all ``bucket`` n-gram rows; ``wv.vectors_vocab`` and ``wv.vectors_ngrams`` are views of it),
sparse: a bucket no vocabulary word uses is never written, stays zero and costs no memory
(page by page). With several workers it is a shared-memory file that the worker processes map
instead of copying it; with one it is private memory, on huge pages for a large corpus
(:mod:`~kow2v.fast.input_matrix`).

Differences from gensim, on purpose: the input vector is the mean over the word's row *and*
its n-grams in skip-gram as in CBOW and in fastText (gensim's skip-gram divides by the n-gram
count only); unused buckets are zero, not random; nothing is truncated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np

from kow2v.any2vec import Any2Vec
from kow2v.config import FastTextConfig, UnsupportedOptionError, gensim_signature
from kow2v.errors import Kow2vError
from kow2v.fast.input_matrix import input_matrix
from kow2v.fast.rows import RowMap
from kow2v.fast.scatter import sum_rows
from kow2v.fast.weights import initial_vectors
from kow2v.formats.build import set_counts
from kow2v.jamo import compose, decompose, looks_decomposed
from kow2v.subwords import ngram_buckets

log = logging.getLogger(__name__)

__all__ = ["FastText", "UnsupportedOptionError"]


class FastText(Any2Vec):
    """Train fastText vectors (skip-gram or CBOW, negative sampling) over jamo or characters.

    Takes the arguments of :class:`kow2v.Word2Vec` plus ``min_n``, ``max_n``, ``bucket``
    (gensim's) and ``subwords`` (``"jamo"`` or ``"char"``); see
    :class:`~kow2v.config.FastTextConfig`. ``bucket=0`` or ``max_n=0`` trains plain word
    vectors, as gensim does with ``bucket=0``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> school = ["학교", "학교에", "학교에서", "선생님", "시험"]
    >>> cinema = ["영화", "영화를", "배우", "극장", "감독"]
    >>> sentences = [list(rng.choice(school if i % 2 else cinema, 6)) for i in range(600)]
    >>> model = FastText(sentences, vector_size=24, window=3, min_count=1, sample=0, seed=1,
    ...                  bucket=5000, min_n=3, max_n=6)
    >>> model.wv.index_to_key[0] == "ㅎㅏㄱㄱㅛㅤ" or "학교" in model.surface
    True
    >>> best = model.surface.most_similar("학굣길", topn=3)  # never seen: its n-grams answer
    >>> sum(word in school for word, _ in best) >= 2
    True
    """

    config_class = FastTextConfig
    save_format = "kow2v-fasttext-1"
    input_is_center = True
    config: FastTextConfig

    @property
    def _has_ngrams(self) -> bool:
        return self.config.has_ngrams

    def _vocab_key(self) -> tuple[Callable[[str], str], Callable[[str], str]] | None:
        return (decompose, compose) if self.subwords == "jamo" else None

    def build_vocab(self, *args: Any, **kwargs: Any) -> None:  # noqa: D102 - as Any2Vec
        super().build_vocab(*args, **kwargs)
        assert self.vocab is not None
        # a jamo corpus decomposed again: its keys have triple fillers and no syllable
        spelt = [compose(w) for w in self.vocab.words[:20000]]
        if self.subwords == "jamo" and looks_decomposed(spelt):
            self.vocab = None
            raise Kow2vError("the corpus is spelt in jamo already (decomposed Hangul with the "
                             "filler U+3164); decomposing it again would change it: train with "
                             "subwords='char' to take n-grams over it as it is")

    def _init_weights(self) -> None:
        assert self.vocab is not None
        self._lay_out_ngrams()
        self._new_input()
        self._set_output()
        self.wv = None
        self._sync_vectors(final=True)
        log.info("fastText over %s: %d words, %d n-grams in %d of %d buckets", self.subwords,
                 len(self.vocab), len(self._ngrams), len(self._used), self.bucket)

    def _lay_out_ngrams(self) -> None:
        """Each vocabulary word's n-gram buckets, the buckets in use, and the rows of each
        word (its own row, then its buckets' rows) for the engine."""
        assert self.vocab is not None
        V = len(self.vocab)
        if self._has_ngrams:
            self._ngram_ptr, self._ngrams = ngram_buckets(self.vocab.words, self.min_n,
                                                          self.max_n, self.bucket)
        else:
            self._ngram_ptr, self._ngrams = np.zeros(V + 1, np.int64), np.empty(0, np.uint32)
        self._used = np.unique(self._ngrams)  # buckets some vocabulary word uses
        self._rows = _row_map(self._ngram_ptr, V + self._ngrams.astype(np.int32), V)

    def _new_input(self) -> None:
        """A new input matrix with gensim's first draw for the words and the buckets in use.

        One matrix in gensim's layout: the V word rows, then all ``bucket`` n-gram rows,
        sparse (only written pages cost memory, and only the words' rows and the buckets in
        use are written), in shared memory with several workers (they map it, no copy) and
        private with one (:mod:`~kow2v.fast.input_matrix`). The word rows are gensim's
        ``prep_vectors`` draw for this vocabulary size.
        """
        assert self.vocab is not None
        V, D = len(self.vocab), self.vector_size
        self._allocate_input(self.workers > 1)
        start = initial_vectors(V + len(self._used), D, self.seed)
        self._syn0[:V] = start[:V]
        self._syn0[V + self._used.astype(np.int64)] = start[V:]

    def _written_rows(self) -> np.ndarray:
        """The input rows that are ever written: the words', then the buckets' in use."""
        assert self.vocab is not None
        V = len(self.vocab)
        return np.concatenate([np.arange(V, dtype=np.int64), V + self._used.astype(np.int64)])

    def _allocate_input(self, shared: bool) -> None:
        assert self.vocab is not None
        buckets = self.bucket if self._has_ngrams else 0
        self._memory, self._syn0 = input_matrix((len(self.vocab) + buckets, self.vector_size),
                                                shared, self._written_rows())

    def _place_input(self, workers: int) -> None:
        """Move the input matrix to shared memory for several workers, or back to private
        memory for one, when ``workers`` changed since it was made (gensim users set
        ``model.workers``); only the rows ever written are copied, so it stays sparse."""
        if (self._memory is not None) == (workers > 1):
            return
        syn0, memory, rows = self._syn0, self._memory, self._written_rows()
        self._allocate_input(workers > 1)
        self._syn0[rows] = syn0[rows]
        if self._wv is not None:  # its arrays are views of the matrix
            V = len(self.vocab)  # type: ignore[arg-type]
            self._wv.vectors_vocab, self._wv.vectors_ngrams = self._syn0[:V], self._syn0[V:]
        del syn0
        if memory is not None:  # a private matrix goes with its last view
            memory.close()

    def _grow_weights(self, old: int) -> None:
        """After an update from ``old`` words: the new words' rows and the buckets only they
        use get a fresh draw (gensim's ``resize_vectors``: its draw for the new size), every
        trained row is kept, the output rows grow as Word2Vec's."""
        assert self.vocab is not None
        syn0, memory, used = self._syn0, self._memory, self._used
        self._lay_out_ngrams()  # the old words keep their n-grams: the same hashes
        self._new_input()
        V, buckets = len(self.vocab), used.astype(np.int64)
        self._syn0[:old] = syn0[:old]
        self._syn0[V + buckets] = syn0[old + buckets]
        self.wv = None  # its arrays are views of the old matrix
        del syn0
        if memory is not None:
            memory.close()
        self._set_output(self._grown_output(old))
        self._sync_vectors(final=True)
        log.info("fastText update: %d words (%d new), %d of %d buckets in use", V, V - old,
                 len(self._used), self.bucket)

    def _input_weights(self) -> np.ndarray:
        return self._syn0

    def _input_memory(self) -> Any:
        return self._memory

    def _row_map(self) -> RowMap | None:
        return self._rows if len(self._used) else None

    def _saved_input(self) -> np.ndarray:
        """The word rows and the rows of the buckets in use (the others are zero)."""
        assert self.vocab is not None
        V = len(self.vocab)
        return np.concatenate([self._syn0[:V], self._syn0[V + self._used.astype(np.int64)]])

    def _restore_weights(self, syn0: np.ndarray, output: np.ndarray) -> None:
        assert self.vocab is not None
        self._init_weights()  # the same n-grams and buckets, from the same vocabulary
        V = len(self.vocab)
        if syn0.shape != (V + len(self._used), self.vector_size):
            raise Kow2vError(f"model file: input weights of shape {syn0.shape} do not fit this "
                             "vocabulary and these n-gram settings")
        self._syn0[:V] = syn0[:V]
        self._syn0[V + self._used.astype(np.int64)] = syn0[V:]
        self._set_output(np.array(output))
        if self.subwords == "jamo":  # the corpus tokens behind each key
            self.vocab.spell_lookup(decompose, compose)
        self._sync_vectors(final=True)

    def _sync_vectors(self, final: bool) -> None:
        """``wv.vectors``: each word's mean row (``wv``'s other arrays are views of the
        weights, always current)."""
        assert self.vocab is not None
        vectors = np.zeros((len(self.vocab), self.vector_size), dtype=np.float32)
        rows = self._rows
        sum_rows(vectors, rows.indptr, rows.indices, rows.weights, self._syn0)
        if self.wv is None:
            self.wv = self._keyed_vectors(vectors)
        else:
            self.wv.vectors = vectors
            self.wv.norms = None

    def _keyed_vectors(self, vectors: np.ndarray) -> Any:
        from gensim.models.fasttext import FastTextKeyedVectors

        assert self.vocab is not None
        V, D = len(self.vocab), self.vector_size
        kv = FastTextKeyedVectors(D, self.min_n, self.max_n,
                                  self.bucket if self._has_ngrams else 0, count=0)
        kv.index_to_key = list(self.vocab.words)
        kv.key_to_index = dict(self.vocab.index)
        kv.vectors = vectors
        set_counts(kv, self.vocab.counts)
        kv.vectors_vocab = self._syn0[:V]
        kv.vectors_ngrams = self._syn0[V:]
        ptr = self._ngram_ptr
        kv.buckets_word = [self._ngrams[ptr[i]:ptr[i + 1]] for i in range(V)]
        kv.kow2v_subwords = self.subwords  # how kow2v reads the keys back (kow2v.surface)
        return kv

    def vectors_for(self, words: list[str]) -> np.ndarray:
        """(len(words), D) vectors of ordinary words, computed by kow2v from its own weights.

        A vocabulary word: the mean of its row and its n-gram rows; any other word: the mean
        of its n-gram rows (no n-gram: the zero vector). gensim computes the same from ``wv``
        (tested equal).
        """
        assert self.vocab is not None
        V = len(self.vocab)
        keys = [decompose(w) if self.subwords == "jamo" else w for w in words]
        out = np.zeros((len(keys), self.vector_size), dtype=np.float32)
        if self._has_ngrams:
            ptr, buckets = ngram_buckets(keys, self.min_n, self.max_n, self.bucket)
        else:
            ptr, buckets = np.zeros(len(keys) + 1, np.int64), np.empty(0, np.uint32)
        for i, key in enumerate(keys):
            own = self.vocab.index.get(key)
            rows = list(V + buckets[ptr[i]:ptr[i + 1]].astype(np.int64))
            if own is not None:
                rows.append(own)
            if rows:
                out[i] = self._syn0[rows].mean(axis=0, dtype=np.float64)
        return out

    @property
    def surface(self) -> Any:
        """The vectors addressed by words as people write them (:class:`~kow2v.surface.
        SurfaceVectors`): ``model.surface["학교에서"]``, ``model.surface.most_similar("학교")``."""
        from kow2v.surface import SurfaceVectors

        if self.wv is None:
            raise Kow2vError("build_vocab has not been called")
        return SurfaceVectors(self.wv)

    def __repr__(self) -> str:
        n = len(self.vocab) if self.vocab else 0
        return (f"FastText<vocab={n}, vector_size={self.vector_size}, {self.subwords} "
                f"{self.min_n}-{self.max_n}, {'sg' if self.sg else 'cbow'}, alpha={self.alpha}>")


def _row_map(ngram_ptr: np.ndarray, ngram_rows: np.ndarray, V: int) -> RowMap:
    """Word ``i`` owns row ``i`` and its n-grams' rows, each with weight ``1 / (1 + n_i)``."""
    n = np.diff(ngram_ptr)  # (V,) n-grams per word
    indptr = np.zeros(V + 1, dtype=np.int32)
    np.cumsum(n + 1, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    own = indptr[:-1]
    indices[own] = np.arange(V, dtype=np.int32)
    is_ngram = np.ones(len(indices), dtype=bool)
    is_ngram[own] = False
    indices[is_ngram] = ngram_rows  # in word order, each word's in fastText's n-gram order
    weights = np.repeat((1.0 / (n + 1)).astype(np.float32), n + 1)
    return RowMap(indptr, indices, weights)


# help(FastText) and IDEs show gensim's full signature, from the one list in FastTextConfig
FastText.__signature__ = gensim_signature(  # type: ignore[attr-defined]
    (("trim_rule", None), ("callbacks", ()), ("comment", None), ("hashfxn", hash)),
    FastTextConfig)
