"""Kernel calls crowded with one word, found with the examples so that they train in pieces.

A kernel call sums the gradients of all its examples from the weights as they were at its
start (:mod:`~kow2v.fast.kernels`). Where one word fills a call, as on a line that repeats
one token or a short phrase hundreds of times, those gradients all point the same way and
their sum is one step of ``count * alpha``, where gensim takes ``count`` small steps that
stop as the scores saturate. Measured on the first 80,000 mecab-tokenized benchmark reviews
with one line of 'ㅋ' written 3,000 times added (1 worker, 1 epoch, seed 1): CBOW's vectors
came out with a median norm of 346 (gensim 0.20; the whole model lost), and the repeated
word's own norm was 21.4 in skip-gram (gensim 2.8); FastText's skip-gram, whose calls hold
each center's pairs together, grew the row of 'r', written 115 times on one line of the
whole corpus (line 41,054), to norms of 7.4-29.9 on those reviews with 2 workers (four seeds;
gensim 3.3) and of 47-170 on the whole corpus.

So a call in which one word is the input of more than :data:`SG_CROWDED` skip-gram pairs, or
the center of more than :data:`CBOW_CROWDED` CBOW examples, is trained in pieces of that
many examples, one after the other. Skip-gram counts its input words (the context in
word2vec, the center in fastText), CBOW its centers: one example per center, and a word
that fills the centers of a call fills their contexts too. Text without such repeats crowds
no call (the most frequent words are a few percent of one), so it trains as before, to the
bit: none of the bundled reviews' calls; on the whole benchmark corpus in mecab tokens, with
gensim's default subsampling, 37 of 94,005 skip-gram calls, 10 of 23,996 CBOW calls and 252
of 93,973 FastText skip-gram calls (reviews that repeat a token), none on whitespace tokens.
Without subsampling (``sample=0``) the particles crowd 2.6% of FastText's skip-gram calls
(0.1% of word2vec's, 0.07% of CBOW's): FastText's skip-gram without subsampling then took
8.0 s against 7.2 s on 80,000 mecab reviews (1 worker, medians of 3): each crowded call
becomes up to 8 smaller ones. Planning the pieces with the examples instead of in the kernel
(the same vectors to the bit) gave 8.1 s against 7.5 s: the planning is not the cost.
The check sorts each call's words, one ``np.sort`` per job, where the examples are drawn.
"""

from __future__ import annotations

import numpy as np

#: A skip-gram call holding more pairs than this with one input word trains in pieces of this
#: many pairs. With it, the 'ㅋ' line above left that word at norm 2.73 (gensim 2.81); with
#: every call 128 pairs, 2.74; at 512, the calls' usual size, 21.4. FastText's 'r' grew with
#: 173 pairs of it in one call at half the starting learning rate and ran away with 256.
SG_CROWDED = 64
#: A CBOW call holding more examples than this with one center trains in pieces of this many
#: centers (about 640 context rows). With it, the 'ㅋ' line left that word at 7.9 and the median
#: at 0.21 (gensim 8.6 and 0.20); with every call 1,024 context rows: 9.4, 2,048: 14.8.
CBOW_CROWDED = 64


def crowded_calls(words: np.ndarray, per_call: int, limit: int) -> tuple[int, ...]:
    """The numbers of the calls, ``per_call`` consecutive examples each (the last one may be
    shorter), in which one value of ``words`` appears more than ``limit`` times.

    Examples
    --------
    >>> crowded_calls(np.array([1, 2, 1, 1, 3, 4, 5, 6, 7, 7, 7], dtype=np.int32), 4, 2)
    (0, 2)
    >>> crowded_calls(np.array([1, 1, 1], dtype=np.int32), 2, 2)  # no call holds 3
    ()
    """
    n = len(words)
    if n <= limit or per_call <= limit:
        return ()
    calls = -(-n // per_call)
    padded = np.empty(calls * per_call, dtype=np.int32)  # word ids are int32
    padded[:n] = words
    padded[n:] = -1 - np.arange(calls * per_call - n)  # the short last call: never a word
    ordered = np.sort(padded.reshape(calls, per_call), axis=1)
    # sorted, a value that appears more than ``limit`` times equals the one ``limit`` further on
    return tuple(np.flatnonzero((ordered[:, limit:] == ordered[:, :-limit]).any(axis=1)).tolist())
