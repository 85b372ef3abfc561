"""fastText's character n-grams and their bucket numbers, exactly as gensim and fastText compute
them.

A word is written ``<word>``; its n-grams are the substrings of ``min_n`` to ``max_n``
characters (the lone ``<`` and ``>`` excluded, repeats kept), in order of start, then length;
each n-gram's bucket is the 32-bit FNV-1a hash of its UTF-8 bytes, every byte taken as a
*signed* char (fastText's ``dictionary.cc``; gensim's ``ft_hash_bytes``), modulo ``bucket``.
kow2v hashes all the n-grams of a vocabulary at once in NumPy, one pass per byte position.

>>> char_ngrams("학교", 3, 4)
['<학교', '<학교>', '학교>']
>>> ngram_buckets(["학교"], 3, 4, 2_000_000)[1].tolist()
[750343, 913339, 1511433]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FNV_OFFSET = np.uint32(2166136261)
FNV_PRIME = np.uint32(16777619)


def char_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """The n-grams of ``<word>`` that fastText hashes (gensim's ``compute_ngrams_bytes``)."""
    extended = f"<{word}>"
    size = len(extended)
    out = []
    for start in range(size):
        for n in range(max(1, min_n), max_n + 1):
            end = start + n
            if end > size:
                break
            if n == 1 and (start == 0 or end == size):
                continue
            out.append(extended[start:end])
    return out


def fnv1a_signed(items: Sequence[bytes]) -> np.ndarray:
    """(len(items),) uint32 hashes: 32-bit FNV-1a with each byte sign-extended, as fastText.

    >>> hex(int(fnv1a_signed([b"<ab>"])[0]))
    '0x2835e92e'
    """
    lengths = np.fromiter(map(len, items), dtype=np.int64, count=len(items))
    flat = np.frombuffer(b"".join(items), dtype=np.int8).astype(np.int32).astype(np.uint32)
    starts = np.zeros(len(items), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    hashes = np.full(len(items), FNV_OFFSET, dtype=np.uint32)
    order = np.argsort(-lengths, kind="stable")  # longest first: each step is a prefix
    lengths, starts = lengths[order], starts[order]
    h = hashes[order]
    for k in range(int(lengths[0]) if len(lengths) else 0):
        live = int(np.searchsorted(-lengths, -k, side="left"))  # items longer than k
        live_h = h[:live]
        live_h ^= flat[starts[:live] + k]
        live_h *= FNV_PRIME  # uint32 arithmetic wraps, as in C
    hashes[order] = h
    return hashes


def ngram_buckets(words: Sequence[str], min_n: int, max_n: int,
                  bucket: int) -> tuple[np.ndarray, np.ndarray]:
    """Each word's n-gram buckets, as a CSR: ``buckets[indptr[i]:indptr[i+1]]`` for word ``i``.

    Each distinct n-gram is hashed once. With ``bucket == 0`` or ``max_n == 0`` no word has
    n-grams (plain word vectors).

    Returns
    -------
    indptr : (len(words)+1,) int64
    buckets : (nnz,) uint32, in fastText's n-gram order within each word
    """
    indptr = np.zeros(len(words) + 1, dtype=np.int64)
    if bucket == 0 or max_n == 0:
        return indptr, np.empty(0, dtype=np.uint32)
    index: dict[str, int] = {}
    ids: list[int] = []
    for i, word in enumerate(words):
        grams = char_ngrams(word, min_n, max_n)
        ids.extend(index.setdefault(g, len(index)) for g in grams)
        indptr[i + 1] = indptr[i] + len(grams)
    unique = fnv1a_signed([g.encode("utf-8") for g in index]) % np.uint32(bucket)
    return indptr, unique[np.asarray(ids, dtype=np.int64)].astype(np.uint32)
