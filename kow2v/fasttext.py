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
those rows receives the whole error. Only the buckets some vocabulary word uses are trained:
the model trains a compact input matrix (the word rows, then one row per bucket in use) and
``wv`` shows gensim's layout (``wv.vectors_vocab`` a view of the word rows,
``wv.vectors_ngrams`` all ``bucket`` rows, the unused ones zero and costing no memory, page by
page), written from the compact matrix whenever ``wv`` is brought up to date. With several
workers the compact matrix is a shared-memory file that the worker processes map instead of
copying it; with one it is private memory on huge pages (:mod:`~kow2v.fast.input_matrix`).

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
from kow2v.fast.input_matrix import input_matrix, sparse_zeros
from kow2v.fast.rows import RowMap
from kow2v.fast.scatter import sum_rows
from kow2v.fast.weights import initial_vectors
from kow2v.formats.build import set_counts
from kow2v.jamo import compose, decompose, looks_decomposed
from kow2v.model_formats import KOW2V_FORMATS
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
    save_format = KOW2V_FORMATS["FastText"]
    input_is_center = True
    config: FastTextConfig

    @property
    def _has_ngrams(self) -> bool:
        return self.config.has_ngrams

    def _vocab_key(self) -> tuple[Callable[[str], str], Callable[[str], str]] | None:
        return (decompose, compose) if self.subwords == "jamo" else None

    def _check_counted(self) -> None:
        assert self.vocab is not None
        if self.subwords != "jamo":  # keys as written: nothing was decomposed
            return
        # a jamo corpus decomposed again: its keys have triple fillers and no syllable
        if looks_decomposed([compose(w) for w in self.vocab.words[:20000]]):
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
        # the buckets some vocabulary word uses, and each n-gram's row of the compact matrix
        self._used, rank = np.unique(self._ngrams, return_inverse=True)
        self._rows = _row_map(self._ngram_ptr, V + rank.reshape(-1).astype(np.int32), V)

    def _new_input(self) -> None:
        """A new compact input matrix (the V word rows, then a row per bucket in use) with
        gensim's ``prep_vectors`` draw for this many rows, in shared memory with several
        workers (they map it, no copy) and private with one (:mod:`~kow2v.fast.input_matrix`).
        """
        assert self.vocab is not None
        start = initial_vectors(len(self.vocab) + len(self._used), self.vector_size, self.seed)
        self._memory, self._syn0 = input_matrix(start, self.workers > 1)

    def _prepare_training(self, workers: int, watched: bool) -> None:
        """Move the input matrix to shared memory for several workers, or back to private
        memory for one, when ``workers`` changed since it was made (gensim users set
        ``model.workers``). Unless callbacks watch ``wv`` during the run, its n-gram matrix
        is let go until the end of training, when it is written again (:meth:`_sync_vectors`):
        in gensim's layout the rows in use cost about five times the compact matrix (559
        against 120 MiB on the whole benchmark corpus)."""
        if (self._memory is not None) != (workers > 1):
            syn0, memory = self._syn0, self._memory
            self._memory, self._syn0 = input_matrix(syn0, workers > 1)
            if self._wv is not None:  # a view of the matrix
                self._wv.vectors_vocab = self._syn0[:len(self.vocab)]  # type: ignore[arg-type]
            del syn0
            if memory is not None:
                memory.close()
        if self._wv is not None and not watched:
            self._wv.vectors_ngrams = sparse_zeros(self._wv.vectors_ngrams.shape)

    def _grow_weights(self, old: int) -> None:
        """After an update from ``old`` words: the new words' rows and the buckets only they
        use get a fresh draw (gensim's ``resize_vectors``: its draw for the new size), every
        trained row is kept, the output rows grow as Word2Vec's."""
        assert self.vocab is not None
        syn0, memory, used = self._syn0, self._memory, self._used
        self._lay_out_ngrams()  # the old words keep their n-grams: the same hashes
        self._new_input()
        V = len(self.vocab)
        self._syn0[:old] = syn0[:old]
        self._syn0[V + np.searchsorted(self._used, used)] = syn0[old:]
        self.wv = None  # made for the old matrix
        del syn0
        if memory is not None:
            memory.close()
        self._set_output(self._grown_output(old))
        self._sync_vectors(final=True)
        log.info("fastText update: %d words (%d new), %d of %d buckets in use", V, V - old,
                 len(self._used), self.bucket)

    def _shaping(self) -> dict[str, Any]:
        cfg = self.config
        return {**super()._shaping(), "min_n": cfg.min_n, "max_n": cfg.max_n,
                "bucket": cfg.bucket, "subwords": cfg.subwords}

    def _input_weights(self) -> np.ndarray:
        return self._syn0

    def _input_memory(self) -> Any:
        return self._memory

    def _row_map(self) -> RowMap | None:
        return self._rows if len(self._used) else None

    def _restore_weights(self, syn0: np.ndarray, output: np.ndarray) -> None:
        self._init_weights()  # the same n-grams and buckets, from the same vocabulary
        self._fill_weights(syn0, output)

    def _fill_weights(self, syn0: np.ndarray, output: np.ndarray) -> None:
        assert self.vocab is not None
        V = len(self.vocab)
        if syn0.shape != (V + len(self._used), self.vector_size):
            raise Kow2vError(f"model file: input weights of shape {syn0.shape} do not fit this "
                             "vocabulary and these n-gram settings")
        self._syn0[...] = syn0
        self._set_output(np.array(output))
        if self.subwords == "jamo":  # the corpus tokens behind each key
            self.vocab.spell_lookup(decompose, compose)
        self._sync_vectors(final=True)

    def _restore_gensim_weights(self, vectors_vocab: np.ndarray, vectors_ngrams: np.ndarray,
                                output: np.ndarray) -> None:
        """The weights of a gensim FastText model: its word rows, and of its (bucket, D)
        n-gram matrix the rows this vocabulary's n-grams use (the same buckets: kow2v hashes
        as gensim does, :mod:`kow2v.subwords`). ``wv`` keeps gensim's whole n-gram matrix, so
        an unseen word whose n-grams fall in buckets no vocabulary word uses (gensim's initial
        draw there, never trained) gets gensim's vector; once kow2v trains the model, those
        buckets answer zero, as in a model kow2v trained."""
        self._init_weights()
        self._fill_weights(np.concatenate([vectors_vocab, vectors_ngrams[self._used]]), output)
        assert self.wv is not None
        self.wv.vectors_ngrams = vectors_ngrams

    def _sync_vectors(self, final: bool) -> None:
        """``wv.vectors``, each word's mean row, and ``wv.vectors_ngrams``, the trained bucket
        rows in gensim's layout (``wv.vectors_vocab`` is a view of the weights, always
        current)."""
        assert self.vocab is not None
        V = len(self.vocab)
        vectors = np.zeros((V, self.vector_size), dtype=np.float32)
        rows = self._rows
        sum_rows(vectors, rows.indptr, rows.indices, rows.weights, self._syn0)
        if self.wv is None:
            self.wv = self._keyed_vectors(vectors)
        else:
            self.wv.vectors = vectors
            self.wv.norms = None
        self.wv.vectors_ngrams[self._used] = self._syn0[V:]

    def _keyed_vectors(self, vectors: np.ndarray) -> Any:
        from gensim.models.fasttext import FastTextKeyedVectors

        from kow2v.jamo_keyed import JamoKeyedVectors

        assert self.vocab is not None
        V, D = len(self.vocab), self.vector_size
        # over jamo keys, wv["학교"] is wv["ㅎㅏㄱㄱㅛㅤ"] (kow2v.jamo_keyed), as a gensim user asks
        kind = JamoKeyedVectors if self.subwords == "jamo" else FastTextKeyedVectors
        kv = kind(D, self.min_n, self.max_n, self.bucket if self._has_ngrams else 0, count=0)
        kv.index_to_key = list(self.vocab.words)
        kv.key_to_index = dict(self.vocab.index)
        kv.vectors = vectors
        set_counts(kv, self.vocab.counts)
        kv.vectors_vocab = self._syn0[:V]
        kv.vectors_ngrams = sparse_zeros((self.bucket if self._has_ngrams else 0, D))
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
            mine = buckets[ptr[i]:ptr[i + 1]]
            at = np.searchsorted(self._used, mine)
            in_use = at < len(self._used)
            in_use[in_use] = self._used[at[in_use]] == mine[in_use]
            rows = list(V + at[in_use])  # the others are zero rows in gensim's layout
            if own is not None:
                rows.append(own)
            if len(mine) or own is not None:
                total = self._syn0[np.array(rows, dtype=np.int64)].sum(axis=0, dtype=np.float64)
                out[i] = total / (len(mine) + (own is not None))
        return out

    @property
    def surface(self) -> Any:
        """The vectors addressed by words as people write them (:class:`~kow2v.surface.
        SurfaceVectors`): ``model.surface["학교에서"]``, ``model.surface.most_similar("학교")``."""
        from kow2v.surface import SurfaceVectors

        if self.wv is None:
            raise Kow2vError("build_vocab has not been called")
        return SurfaceVectors(self.wv)

    def to_gensim(self) -> Any:
        """This model as a gensim ``FastText`` that gensim can train further
        (:func:`kow2v.formats.gensim_model.to_gensim`; over jamo, its keys and the text it
        trains on are spelt in jamo)."""
        from kow2v.formats.gensim_model import to_gensim

        return to_gensim(self)

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
