"""Drawing negative words from the unigram^0.75 distribution, exactly.

gensim and word2vec.c search a cumulative table (a binary search per draw, 450 ns here in
NumPy) or index a 10^8-entry table at a random place per draw (a cache miss each).
:class:`AliasSampler` is Walker's alias method: two arrays of length V, one uniform index and
one uniform number per draw, the exact distribution, about 10 ns a draw in NumPy.
:class:`NoiseTable` is what training draws with: fastText's way, a shuffled table of the words
read in order from a random place, at about the cost of a copy (1-2 ns a draw), made exact by
drawing the part of each word's share that the table cannot hold from an alias sampler.
"""

from __future__ import annotations

import numpy as np

#: The largest :class:`NoiseTable` (2 MiB of int32; a copy in each process that has it), 64
#: entries per word below it. The draws a word's whole entries leave out (its remainder,
#: drawn by alias instead) are about V/(2T): 3.4% on the mecab-tokenized benchmark corpus
#: (35,981 words) and 8.6% on its whitespace tokens (90,506). 120 jobs of skip-gram drew their
#: negatives in 0.029 and 0.052 s at 2^19 entries against 0.023 and 0.033 s at 2^20 (whose
#: second copy cost 4 MB of peak memory with two workers) and 0.23 s by alias alone.
NOISE_TABLE_ENTRIES = 1 << 19
NOISE_TABLE_PER_WORD = 64
#: The table's order is a fixed shuffle: each draw's distribution comes from the random place
#: a call starts at, so the order needs no seed of the run's own (the same for every model).
_SHUFFLE_SEED = 0x6B6F7732


class AliasSampler:
    """Sample ids ``0..V-1`` with probabilities ``p`` (any non-negative weights)."""

    def __init__(self, weights: np.ndarray) -> None:
        p = _checked_weights(weights)
        n = len(p)
        # Vose's method on Python lists and floats: the same float64 arithmetic as on NumPy
        # scalars, so the same table, in 70 ms instead of 114 for 90,000 words
        scaled = (p * (n / p.sum())).tolist()
        prob = [1.0] * n
        alias = list(range(n))
        small = [i for i, x in enumerate(scaled) if x < 1.0]
        large = [i for i, x in enumerate(scaled) if x >= 1.0]
        while small and large:
            s, g = small.pop(), large.pop()
            prob[s], alias[s] = scaled[s], g
            scaled[g] -= 1.0 - scaled[s]
            (small if scaled[g] < 1.0 else large).append(g)
        self.prob = np.array(prob, dtype=np.float32)
        self.alias = np.array(alias, dtype=np.int32)
        self.n = n

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        """int32 ids of the given shape."""
        i = rng.integers(0, self.n, size=shape, dtype=np.int32)
        keep = rng.random(shape, dtype=np.float32) < self.prob[i]
        return np.where(keep, i, self.alias[i])

    def probabilities(self) -> np.ndarray:
        """The distribution the table encodes (for tests)."""
        out = self.prob.astype(np.float64) / self.n
        np.add.at(out, self.alias, (1.0 - self.prob.astype(np.float64)) / self.n)
        return out


class NoiseTable:
    """Sample ids ``0..V-1`` with probabilities proportional to ``weights``, exactly, at about
    the cost of copying them.

    Each word owns ``floor(p * T)`` entries of a shuffled table, ``T`` a power of two
    (:data:`NOISE_TABLE_ENTRIES`; fewer for a small vocabulary, more for one of over 131,072
    words). The rest of its share, ``p * T - floor(p * T)``, goes to an :class:`AliasSampler`
    of the remainders, whose total ``r`` (under V/T: at most 1/64 up to 8,192 words, 1/4
    beyond) is the chance that a draw comes from it. A call of :meth:`draw` copies the table
    from one uniformly random place on (wrapping round), so each draw is an entry chosen
    uniformly, then replaces each draw with probability ``r`` (the places found by geometric
    gaps, not a coin per draw) by one from the remainders: every draw has exactly the
    distribution ``p``. Draws within one call are the table's entries in order, without
    replacement until a call draws more than the table holds (fastText reads such a table in
    order too, from its start). 250,000 draws from 36,000 words took 0.18 ms (at 2^20 entries)
    and 0.31 ms (2^19) against the alias method's 2.7 and 4.6 ms in the same runs (medians of
    30; the host's speed moved between the two).

    Examples
    --------
    >>> table = NoiseTable(np.array([3.0, 1.0]))
    >>> np.allclose(table.probabilities(), [0.75, 0.25])
    True
    >>> table.draw((2, 3), np.random.default_rng(0)).shape
    (2, 3)
    """

    def __init__(self, weights: np.ndarray) -> None:
        w = _checked_weights(weights)
        # at least 4 entries a word on average, whatever the cap: the most likely word then
        # owns some, and the remainders (under 1 entry a word) stay under 1/4 of the draws
        size = max(min(NOISE_TABLE_ENTRIES, _power_of_two(len(w) * NOISE_TABLE_PER_WORD)),
                   _power_of_two(len(w) * 4))
        share = w * (size / w.sum())
        whole = np.floor(share)
        remainder = share - whole
        self.n = len(w)
        self.rest = float(remainder.sum()) / size  # chance a draw is from the remainders
        self.table = np.repeat(np.arange(len(w), dtype=np.int32), whole.astype(np.int64))
        np.random.default_rng(_SHUFFLE_SEED).shuffle(self.table)  # in place: no second copy
        self.remainders = AliasSampler(remainder) if self.rest > 0 else None

    def draw(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        """int32 ids of the given shape."""
        n = int(np.prod(shape))
        out = np.empty(n, dtype=np.int32)
        if n == 0:  # no random numbers either, as the alias method's empty draw took none:
            return out.reshape(shape)  # a model without negatives keeps its draws (hs=1)
        table, filled = self.table, 0
        start = int(rng.integers(len(table)))
        while filled < n:
            k = min(n - filled, len(table) - start)
            out[filled:filled + k] = table[start:start + k]
            filled, start = filled + k, 0
        if self.remainders is not None:
            at = self._remainder_places(n, rng)
            out[at] = self.remainders.draw((len(at),), rng)
        return out.reshape(shape)

    def _remainder_places(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Each of ``0..n-1`` with probability ``rest``: cumulated geometric gaps."""
        step = int(n * self.rest * 1.25) + 16
        places = np.cumsum(rng.geometric(self.rest, size=step)) - 1
        while places[-1] < n:
            places = np.concatenate([places, places[-1]
                                     + np.cumsum(rng.geometric(self.rest, size=step))])
        return places[:np.searchsorted(places, n)]

    def probabilities(self) -> np.ndarray:
        """The distribution the draws follow (for tests)."""
        out = np.bincount(self.table, minlength=self.n) * ((1.0 - self.rest) / len(self.table))
        if self.remainders is not None:
            out += self.rest * self.remainders.probabilities()
        return out


def _checked_weights(weights: np.ndarray) -> np.ndarray:
    """``weights`` as float64, refused unless a non-empty 1-D array of finite non-negative
    numbers with a positive sum (a NaN passed every other check before)."""
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or len(w) == 0 or not np.all(np.isfinite(w)) or np.any(w < 0) \
            or w.sum() <= 0:
        raise ValueError("weights must be a non-empty 1-D array of finite non-negative numbers "
                         "with a positive sum")
    return w


def _power_of_two(n: int) -> int:
    """The smallest power of two >= ``n``."""
    return 1 << max(int(n) - 1, 0).bit_length()
