"""Turning text into the book's training arrays: ids, contexts and targets, one-hot vectors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def preprocess(text: str | Sequence[str]) -> tuple[np.ndarray, dict[str, int], dict[int, str]]:
    """Map words to ids in order of first appearance.

    Parameters
    ----------
    text : str or sequence of str
        English text (lower-cased, ``.`` split off, then split on spaces, as in the book), or
        an already tokenized list, which is how Korean comes in from a kow2v tokenizer.

    Returns
    -------
    corpus : ndarray of int
    word_to_id, id_to_word : dict

    Examples
    --------
    >>> corpus, word_to_id, id_to_word = preprocess("You say goodbye and I say hello.")
    >>> corpus
    array([0, 1, 2, 3, 4, 1, 5, 6])
    >>> preprocess(["학교", "에", "가", "ㄴ다", "학교"])[0]
    array([0, 1, 2, 3, 0])
    """
    if isinstance(text, str):
        words = text.lower().replace(".", " .").split()
    else:
        words = list(text)
    word_to_id: dict[str, int] = {}
    for word in words:
        word_to_id.setdefault(word, len(word_to_id))
    id_to_word = {i: w for w, i in word_to_id.items()}
    return np.array([word_to_id[w] for w in words], dtype=np.int64), word_to_id, id_to_word


def create_contexts_target(corpus: np.ndarray, window_size: int = 1) -> tuple[np.ndarray,
                                                                              np.ndarray]:
    """Every position with a full window becomes a target; its neighbours are the contexts.

    Returns
    -------
    contexts : ndarray, shape (N, 2 * window_size)
        Left neighbours then right neighbours, nearest last/first as in the book.
    target : ndarray, shape (N,)

    Examples
    --------
    >>> contexts, target = create_contexts_target(np.array([0, 1, 2, 3, 4, 1, 5, 6]))
    >>> contexts[:2].tolist(), target.tolist()
    ([[0, 2], [1, 3]], [1, 2, 3, 4, 1, 5])
    """
    corpus = np.asarray(corpus)
    if window_size < 1:
        raise ValueError("window_size must be at least 1")
    n = len(corpus) - 2 * window_size
    if n <= 0:
        raise ValueError(f"a corpus of {len(corpus)} ids has no target with a window of "
                         f"{window_size}")
    target = corpus[window_size:-window_size]
    offsets = [o for o in range(-window_size, window_size + 1) if o != 0]
    # (N, 2w): column j holds the neighbour at offsets[j] of every target
    contexts = np.stack([corpus[window_size + o: window_size + o + n] for o in offsets], axis=1)
    return contexts, target


def convert_one_hot(corpus: np.ndarray, vocab_size: int) -> np.ndarray:
    """One-hot encode ids of shape (N,) or (N, C) into (N, V) or (N, C, V) int32 arrays.

    >>> convert_one_hot(np.array([0, 2]), 3).tolist()
    [[1, 0, 0], [0, 0, 1]]
    """
    corpus = np.asarray(corpus)
    if corpus.ndim not in (1, 2):
        raise ValueError("convert_one_hot takes 1-D or 2-D id arrays")
    one_hot = np.zeros((*corpus.shape, vocab_size), dtype=np.int32)
    np.put_along_axis(one_hot, corpus[..., None], 1, axis=-1)
    return one_hot
