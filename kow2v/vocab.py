"""The training vocabulary: counts, pruning, frequency order, subsampling.

Semantics follow gensim 4 so that results are comparable: words sorted by descending count
(ties in reverse order of first appearance, as gensim's ``sort_by_descending_frequency``),
``min_count`` / ``max_vocab_size`` / ``max_final_vocab`` as gensim applies them, gensim's
subsampling formula and the unigram^ns_exponent noise.
"""

from __future__ import annotations

import itertools
import logging
import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from kow2v.errors import EmptyCorpusError, VocabularyError
from kow2v.fast.negatives import NoiseTable

log = logging.getLogger(__name__)

# gensim's trim_rule answers (gensim.utils.RULE_*; the same integers)
RULE_DEFAULT, RULE_DISCARD, RULE_KEEP = 0, 1, 2

TrimRule = Callable[[str, int, int], int]


def keep_word(word: str, count: int, min_count: int, trim_rule: TrimRule | None = None) -> bool:
    """gensim's ``keep_vocab_item``: ``count >= min_count`` unless ``trim_rule`` says otherwise.

    >>> keep_word("가", 3, 5), keep_word("가", 3, 5, lambda w, c, m: RULE_KEEP)
    (False, True)
    """
    if trim_rule is not None:
        rule = trim_rule(word, count, min_count)
        if rule == RULE_KEEP:
            return True
        if rule == RULE_DISCARD:
            return False
    return count >= min_count


def spelt_rule(rule: TrimRule, spell: Callable[[str], str]) -> TrimRule:
    """A trim rule that sees words as the corpus writes them (a jamo vocabulary's keys
    composed back)."""
    return lambda w, c, m: rule(spell(w), c, m)


def _keep_probability(counts: np.ndarray, sample: float) -> np.ndarray:
    """gensim's subsampling: keep each occurrence with ``(sqrt(c / t) + 1) * t / c``, capped
    at 1, where ``t = sample * counts.sum()`` (or a fixed count for ``sample >= 1``)."""
    if not sample:
        return np.ones(len(counts))
    threshold = sample * counts.sum() if sample < 1.0 else sample * (3 + math.sqrt(5)) / 2
    return np.minimum((np.sqrt(counts / threshold) + 1) * (threshold / counts), 1.0)


def _not_a_token(token: object) -> TypeError:
    return TypeError(f"tokens must be str, got {type(token).__name__} {token!r} (each "
                     "sentence is a list of str tokens, as gensim's LineSentence gives)")


def count_words(sentences: Iterable[Sequence[str]], key: Callable[[str], str] | None = None,
                max_vocab_size: int | None = None, trim_rule: TrimRule | None = None,
                ) -> tuple[Counter[str], int, int]:
    """One pass over ``sentences``: each word's count (under ``key(token)`` when given), in
    order of first appearance, the tokens and the sentences. With ``max_vocab_size``, gensim's
    pruning while counting (``prune_vocab``)."""
    counts: Counter[str] = Counter()
    total_words = total_sentences = 0
    min_reduce = 1
    for sentence in sentences:
        if isinstance(sentence, str):
            raise TypeError("sentences must be lists of tokens, not strings (a string would "
                            "be trained character by character)")
        try:
            counts.update(sentence if key is None else map(key, sentence))
        except TypeError:  # a key function given a token that is not a str
            odd = [t for t in sentence if not isinstance(t, str)]
            if odd:
                raise _not_a_token(odd[0]) from None
            raise
        total_words += len(sentence)
        total_sentences += 1
        if max_vocab_size and len(counts) > max_vocab_size:
            # gensim's prune_vocab: drop the words under the bar (count < min_reduce,
            # so the first pruning drops nothing), raising the bar each time
            for word in [w for w, c in counts.items()
                         if not keep_word(w, c, min_reduce, trim_rule)]:
                del counts[word]
            min_reduce += 1
    return counts, total_words, total_sentences


#: gensim's padding word (``null_word=1``): in the vocabulary with count 1, never trained on
NULL_WORD = "\0"


#: Line separator for :meth:`TokenEncoder.encode_text`: a character ``str.split()`` keeps
#: inside tokens and that never occurs in real text (a block containing it takes the
#: line-by-line path).
LINE_SEPARATOR = "\x00"
_SEP_SPACED = f" {LINE_SEPARATOR} "


def lines_of_codes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:meth:`TokenEncoder.encode_text`'s result from a block's looked-up tokens: ``codes``
    holds each token's word id, -1 for an unknown token and -2 for the end of each line."""
    is_sep = codes == -2
    ends = np.flatnonzero(is_sep)
    lengths = np.diff(ends, prepend=-1) - 1
    line_of = np.cumsum(is_sep, dtype=np.int32)  # for a token: separators before it
    known = codes >= 0
    return codes[known], line_of[known], lengths


class TokenEncoder:
    """Corpus tokens to word ids: all that reading a corpus for training needs of a
    :class:`Vocab` (the producer process is sent this, not the vocabulary: one table of the
    tokens, 9 MB less in that process for the benchmark corpus's 90,000 words).

    Parameters
    ----------
    lookup : dict
        Corpus token -> word id (``Vocab.lookup``); copied with the line separator added.
    """

    def __init__(self, lookup: dict[str, int]) -> None:
        # unknown tokens encode as -1 and the line separator as -2: one lookup per token
        self.table = {**lookup, LINE_SEPARATOR: -2}

    def encode_many(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Ids of the in-vocabulary tokens of several sentences, with each id's sentence number.

        One pass over all tokens (no per-sentence NumPy call): the hot path of every epoch.
        """
        lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
        ids = np.fromiter(map(self.table.get, itertools.chain.from_iterable(sentences),
                              itertools.repeat(-1)), dtype=np.int32, count=int(lengths.sum()))
        sent = np.repeat(np.arange(len(sentences), dtype=np.int32), lengths)
        known = ids >= 0
        return ids[known], sent[known]

    def encode_text(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Encode a block of whitespace-tokenized lines (``LineSentence`` text) in one pass.

        Returns
        -------
        ids : (n,) int32
            In-vocabulary token ids, in order.
        sent : (n,) int32
            The line (0-based, blank lines counted) each id comes from.
        lengths : (lines,) int64
            Tokens per line, out-of-vocabulary ones included.

        The lines are joined by a separator token and split once, so the work per token is
        one dictionary lookup in C; a block that itself contains the separator character is
        encoded line by line instead.
        """
        if LINE_SEPARATOR in text:
            lines = [line.split() for line in text.removesuffix("\n").split("\n")]
            ids, sent = self.encode_many(lines)
            return ids, sent, np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
        if not text.endswith("\n"):
            text += "\n"
        tokens = text.replace("\n", _SEP_SPACED).split()
        return lines_of_codes(np.fromiter(map(self.table.get, tokens, itertools.repeat(-1)),
                                          dtype=np.int32, count=len(tokens)))


@dataclass
class Vocab:
    """Words in descending frequency, with their counts.

    ``words`` are the keys the vectors are stored under; ``lookup`` maps each corpus token to
    its word's id. They are the same unless the vocabulary was built with a ``key`` function
    (a subword model over jamo stores ``decompose(token)`` and still reads the tokens).
    """

    words: list[str]
    counts: np.ndarray  # (V,) int64
    total_words: int  # raw tokens seen in the corpus (before min_count)
    total_sentences: int
    lookup: dict[str, int] = field(default_factory=dict)  # corpus token -> id; {}: the words
    keep: tuple[float, np.ndarray] | None = None  # (sample, probabilities) after an update
    null_word: bool = False  # holds gensim's padding word NULL_WORD (never kept as an input)

    def __post_init__(self) -> None:
        self.index = {w: i for i, w in enumerate(self.words)}
        if not self.lookup:
            self.lookup = self.index

    def __len__(self) -> int:
        return len(self.words)

    @classmethod
    def build(cls, sentences: Iterable[Sequence[str]], min_count: int = 5,
              max_vocab_size: int | None = None, max_final_vocab: int | None = None,
              key: Callable[[str], str] | None = None,
              spell: Callable[[str], str] | None = None,
              trim_rule: TrimRule | None = None, sorted_vocab: bool = True) -> Vocab:
        """Count ``sentences`` (one pass) and keep the words that pass the thresholds.

        With ``key``, each token is counted under ``key(token)`` (tokens with the same key add
        up), as if the corpus had been rewritten by ``key``; ``spell(key)`` gives back the
        token the corpus writes for a key (``lookup``), so no table of every distinct token
        is ever held (a jamo vocabulary: ``key=decompose, spell=compose``).

        ``trim_rule(word, count, min_count)`` may keep or discard a word against the count
        rule, while pruning (``max_vocab_size``) and at the end, as gensim applies it; with
        ``sorted_vocab=False`` the words stay in order of first appearance (gensim's order
        of its raw counts).

        Raises
        ------
        EmptyCorpusError
            The corpus has no token.
        VocabularyError
            No word survives ``min_count``.
        """
        if trim_rule is not None and key is not None and spell is not None:
            trim_rule = spelt_rule(trim_rule, spell)
        counts, total_words, total_sentences = count_words(sentences, key, max_vocab_size,
                                                           trim_rule)
        return cls.from_counts(counts, total_words, total_sentences, min_count,
                               max_final_vocab, key, spell, trim_rule, sorted_vocab)

    @classmethod
    def from_counts(cls, counts: dict[str, int], total_words: int, total_sentences: int,
                    min_count: int = 5, max_final_vocab: int | None = None,
                    key: Callable[[str], str] | None = None,
                    spell: Callable[[str], str] | None = None,
                    trim_rule: TrimRule | None = None, sorted_vocab: bool = True,
                    null_word: bool = False) -> Vocab:
        """The vocabulary of counted words (``{word: count}``, in order of first appearance):
        :meth:`build` after its count, and gensim's ``build_vocab_from_freq``. ``null_word``
        adds gensim's padding word :data:`NULL_WORD` with count 1 after the counted words,
        before sorting, as gensim does (its subsampling probability is 0: never an input)."""
        if total_words == 0 or not counts:
            raise EmptyCorpusError(f"the corpus has no tokens ({total_sentences} sentences)")
        effective_min = min_count
        if max_final_vocab is not None and len(counts) > max_final_vocab:
            ordered = sorted(counts.values(), reverse=True)
            effective_min = max(min_count, ordered[max_final_vocab] + 1)
        kept = [(w, c) for w, c in counts.items() if keep_word(w, c, effective_min, trim_rule)]
        if not kept:
            top = max(counts.values())
            raise VocabularyError(
                f"min_count={effective_min} removed every word: {len(counts)} distinct words, "
                f"the most frequent seen {top} times; lower min_count")
        for word, _ in kept:  # else a TypeError below, naming neither the token nor why
            if not isinstance(word, str):
                raise _not_a_token(word)
        if null_word:
            kept.append((NULL_WORD, 1))
        # gensim's order: descending count, ties in *reverse* order of first appearance
        # (sort_by_descending_frequency's lexsort on (-index, -count))
        if sorted_vocab:
            kept.reverse()
            kept.sort(key=lambda wc: -wc[1])
        # fresh copies of the kept words: the counted strings share memory blocks with every
        # other counted word (a million on the benchmark corpus), which the allocator can hand
        # back only once all of them are gone (measured: 38 MB less held after counting it)
        vocab = cls([(w + "\0")[:-1] for w, _ in kept],
                    np.array([c for _, c in kept], dtype=np.int64), total_words,
                    total_sentences, null_word=null_word)
        if key is not None and spell is not None:
            vocab.spell_lookup(key, spell)
        log.info("vocabulary: %d of %d distinct words kept (min_count=%d), %d of %d tokens",
                 len(vocab), len(counts), effective_min, int(vocab.counts.sum()), total_words)
        return vocab

    def spell_lookup(self, key: Callable[[str], str], spell: Callable[[str], str]) -> None:
        """Read corpus tokens into a vocabulary of keys (``key(token)``, as counted): each
        word under its key, under ``spell(key)``, the token as a corpus writes it, and under
        that token in decomposed Unicode (NFD, as text from macOS often is) where ``key``
        counts it as the same word. Without the NFD spelling a jamo vocabulary counted such
        tokens and then trained on none of them."""
        lookup = dict(self.index)
        for i, word in enumerate(self.words):
            token = spell(word)
            lookup[token] = i
            nfd = unicodedata.normalize("NFD", token)
            if nfd != token and nfd not in lookup and key(nfd) == word:
                lookup[nfd] = i
        self.lookup = lookup
        self.__dict__.pop("_encoder", None)  # made from the old lookup

    def updated(self, counts: dict[str, int], total_words: int, total_sentences: int,
                min_count: int, sample: float, spell: Callable[[str], str] | None = None,
                trim_rule: TrimRule | None = None,
                key: Callable[[str], str] | None = None) -> Vocab:
        """gensim's online update (``build_vocab(update=True)``) with a new corpus's counts
        (``trim_rule`` seeing the keys; ``key`` and ``spell`` make a key-spelt vocabulary's
        lookup, :meth:`spell_lookup`).

        As gensim: every known word's count grows by its count in the new corpus; a word is
        taken when that count passes ``min_count`` (or ``trim_rule``), and a new taken word
        is appended after the old ones (in order of first appearance; nothing is re-sorted).
        The subsampling probability of each taken word is recomputed from its new-corpus
        count against the new corpus's taken total (gensim's ``sample_int``; the other
        words keep theirs). ``total_words`` and ``total_sentences`` add up over both corpora.
        """
        if total_words == 0:
            raise EmptyCorpusError(f"the update corpus has no tokens ({total_sentences} "
                                   "sentences)")
        keep = self.keep_probabilities(sample)
        words, totals = list(self.words), self.counts.copy()
        added: list[int] = []
        taken: list[tuple[int, int]] = []  # (id, count in the new corpus)
        for word, c in counts.items():
            i = self.index.get(word)
            if i is not None:
                totals[i] += c  # gensim grows every known word's count, taken or not
            if not keep_word(word, c, min_count, trim_rule):
                continue
            if i is None:
                i = len(words)
                words.append(word)
                added.append(c)
            taken.append((i, c))
        if not taken:
            log.warning("the update corpus has no word with min_count=%d: nothing changes",
                        min_count)
        vocab = type(self)(words, np.concatenate([totals, np.array(added, dtype=np.int64)]),
                           self.total_words + total_words,
                           self.total_sentences + total_sentences, null_word=self.null_word)
        if key is not None and spell is not None:
            vocab.spell_lookup(key, spell)
        new_keep = np.concatenate([keep, np.ones(len(added))])
        if taken:
            ids = np.array([i for i, _ in taken])
            new_keep[ids] = _keep_probability(np.array([c for _, c in taken], np.float64),
                                              sample)
        vocab.keep = (sample, new_keep)
        log.info("vocabulary updated: %d words taken from the new corpus, %d of them new; "
                 "%d words in all", len(taken), len(added), len(vocab))
        return vocab

    def keep_probabilities(self, sample: float) -> np.ndarray:
        """Probability of keeping each occurrence of each word under subsampling.

        gensim's formula (``prepare_vocab``): with ``t = sample * retained_words``,
        ``p = (sqrt(c / t) + 1) * t / c``, capped at 1. After an online update, the
        probabilities :meth:`updated` set (for the ``sample`` they were made with).
        """
        if self.keep is not None and self.keep[0] == sample:
            return self.keep[1]
        counts = self.counts.astype(np.float64)
        if not self.null_word:
            return _keep_probability(counts, sample)
        null = self.index[NULL_WORD]  # gensim computes the others without it, and never keeps it
        p = np.zeros(len(counts))
        others = np.arange(len(counts)) != null
        p[others] = _keep_probability(counts[others], sample)
        return p

    def sample_int(self, sample: float) -> np.ndarray:
        """gensim's ``sample_int`` attribute: the keep probabilities as uint32 thresholds."""
        return (self.keep_probabilities(sample) * (2**32 - 1)).astype(np.uint32)

    def noise(self, exponent: float) -> NoiseTable:
        """The negative-sampling distribution, each word's count to the power ``exponent``.

        Made once per exponent and kept with this vocabulary (whose counts never change; an
        update makes a new one), as gensim makes its ``cum_table`` in ``build_vocab``: not
        paid again by every ``train()`` call (a :class:`~kow2v.fast.negatives.NoiseTable`:
        68 ms for the 90,000 words of the benchmark corpus, where a train() call on 1,000
        reviews takes 25-30 ms).
        """
        kept = getattr(self, "_noise", None)
        if kept is None or kept[0] != exponent:
            kept = self._noise = (exponent,
                                  NoiseTable(self.counts.astype(np.float64) ** exponent))
        return kept[1]

    def encoder(self) -> TokenEncoder:
        """The :class:`TokenEncoder` of this vocabulary's ``lookup`` (made once, then kept)."""
        if getattr(self, "_encoder", None) is None:
            self._encoder = TokenEncoder(self.lookup)
        return self._encoder

    def encode_many(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`TokenEncoder.encode_many` with this vocabulary."""
        return self.encoder().encode_many(sentences)

    def encode_text(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`TokenEncoder.encode_text` with this vocabulary."""
        return self.encoder().encode_text(text)

    def encode(self, sentence: Sequence[str]) -> np.ndarray:
        """Ids of the in-vocabulary tokens of ``sentence`` (others dropped), int32."""
        index = self.lookup
        return np.fromiter((i for i in map(index.get, sentence) if i is not None),
                           dtype=np.int32)
