"""A jamo fastText's ``wv`` that also answers words in their ordinary spelling.

``kow2v.FastText(subwords="jamo")`` stores its words under their jamo spelling
(``ㅎㅏㄱㄱㅛㅤ``) so that gensim, which hashes the key it is given, computes the n-grams
kow2v trained. A gensim user who swaps the import asks ``model.wv["학교"]``: a plain
``FastTextKeyedVectors`` finds no such key and builds the word from the n-grams of the
syllables, none of which was trained, and answers the zero vector (``most_similar`` then NaN).
:class:`JamoKeyedVectors` looks a word up under its jamo spelling when it is not a key
already, so ``wv["학교"]`` is ``wv["ㅎㅏㄱㄱㅛㅤ"]`` and every gensim query built on
``get_vector`` and ``get_index`` agrees. Keys, ``index_to_key`` and the words queries return
stay in jamo, as stored (``model.surface`` spells them back).

Its ``.kv`` files are gensim's own class: :meth:`JamoKeyedVectors.save` writes a plain
``FastTextKeyedVectors``, which gensim loads with nothing from kow2v, and kow2v's loader
(:func:`kow2v.keyedvectors.load_vectors`) gives it this class back
(:func:`answer_ordinary_spelling`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

from gensim.models.fasttext import FastTextKeyedVectors

from kow2v.jamo import decompose, is_decomposed


class JamoKeyedVectors(FastTextKeyedVectors):
    """gensim's ``FastTextKeyedVectors`` over jamo keys, also taking words as people write them.

    A key is used as it is when it is stored, or when it is a jamo spelling already (a word
    outside the vocabulary, spelt as the keys are); any other string is decomposed first.

    Examples
    --------
    >>> import numpy as np
    >>> kv = JamoKeyedVectors(2, 3, 6, bucket=0)
    >>> kv.add_vectors([decompose("학교"), decompose("ㅋㅋ")], np.eye(2, dtype=np.float32))
    >>> kv["학교"].tolist(), kv.get_index("ㅋㅋ"), "학교" in kv
    ([1.0, 0.0], 1, True)
    """

    def stored_key(self, key: Any) -> Any:
        """The key ``key`` is looked up under."""
        if not isinstance(key, str) or key in self.key_to_index or is_decomposed(key):
            return key
        return decompose(key)

    def get_index(self, key: Any, default: Any = None) -> Any:
        return super().get_index(self.stored_key(key), default)

    def get_vector(self, word: Any, norm: bool = False) -> Any:
        return super().get_vector(self.stored_key(word), norm=norm)

    def __contains__(self, word: Any) -> bool:
        return super().__contains__(self.stored_key(word))

    def most_similar_cosmul(self, positive: Any = None, negative: Any = None,
                            *args: Any, **kwargs: Any) -> Any:
        # gensim leaves the query words out of the answers by ``word in key_to_index``
        return super().most_similar_cosmul(self._stored_keys(positive),
                                           self._stored_keys(negative), *args, **kwargs)

    def _stored_keys(self, keys: Any) -> Any:
        if isinstance(keys, str):
            return [self.stored_key(keys)]
        return None if keys is None else [self.stored_key(k) for k in keys]

    def evaluate_word_analogies(self, analogies: Any, *args: Any, **kwargs: Any) -> Any:
        """gensim's, on a copy of the file with its words spelt as the keys (gensim looks the
        file's words up in ``key_to_index``, where no syllable spelling is)."""
        def respelt(line: str) -> str:
            if line.startswith(": "):
                return line
            return " ".join(self.stored_key(w) for w in line.split()) + "\n"

        with _respelt_copy(analogies, respelt, "utf8") as path:
            return super().evaluate_word_analogies(path, *args, **kwargs)

    def evaluate_word_pairs(self, pairs: Any, delimiter: str = "\t", encoding: str = "utf8",
                            *args: Any, **kwargs: Any) -> Any:
        """gensim's, on a copy of the file with each pair's words spelt as the keys."""
        def respelt(line: str) -> str:
            fields = line.rstrip("\r\n").split(delimiter)
            if line.startswith("#") or len(fields) < 3:
                return line
            fields[:2] = [self.stored_key(w) for w in fields[:2]]
            return delimiter.join(fields) + "\n"

        with _respelt_copy(pairs, respelt, encoding) as path:
            return super().evaluate_word_pairs(path, delimiter, encoding, *args, **kwargs)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """gensim's ``save``, of a plain ``FastTextKeyedVectors`` (the same state, shared):
        the file names nothing of kow2v, so gensim alone loads it."""
        plain = FastTextKeyedVectors.__new__(FastTextKeyedVectors)
        plain.__dict__ = self.__dict__
        plain.save(*args, **kwargs)


@contextlib.contextmanager
def _respelt_copy(path: Any, respelt: Callable[[str], str], encoding: str) -> Iterator[Any]:
    """A temporary copy of the text file ``path`` (plain or compressed, as gensim opens it)
    with ``respelt`` applied to each line; anything but a path is handed on as it is."""
    if not isinstance(path, (str, os.PathLike)):
        yield path
        return
    from gensim import utils

    with tempfile.TemporaryDirectory(prefix="kow2v-") as tmp:
        copy = os.path.join(tmp, "respelt.txt")
        with utils.open(path, "rb") as src, open(copy, "w", encoding=encoding) as dst:
            for raw in src:
                dst.write(respelt(raw.decode(encoding)))
        yield copy


def answer_ordinary_spelling(kv: Any) -> Any:
    """``kv`` as a :class:`JamoKeyedVectors` when it is a ``FastTextKeyedVectors`` that kow2v
    wrote over jamo keys (its ``kow2v_subwords`` mark), else ``kv`` unchanged."""
    if type(kv) is FastTextKeyedVectors and getattr(kv, "kow2v_subwords", None) == "jamo":
        kv.__class__ = JamoKeyedVectors
    return kv
