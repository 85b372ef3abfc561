"""A corpus file counted once and kept as token codes, so that training does not split its
text again.

``build_vocab`` reads a :class:`~kow2v.corpus.TokenizedCorpus` block by block (the blocks
training reads, :meth:`~kow2v.corpus.TokenizedCorpus.text_blocks`). Each distinct token gets a
code in order of first appearance, the codes are counted (``np.add.at``) and written, 4
bytes a token, to an anonymous temporary file (on Linux it never has a name:
nothing is left behind, even by a crash; it lives in the page cache, not in this process's
memory). Once the vocabulary is made, :meth:`CodedCorpus.bind` turns each code into its
word id (one int32 array over the distinct tokens), and an epoch's jobs come from the file:
one ``np.take`` a block instead of a split and a dictionary lookup a token. The ids, line
numbers and lengths are those :meth:`~kow2v.vocab.TokenEncoder.encode_text` gives for the
text, so the jobs, and the vectors, are the same (tested).

The file serves the vocabulary it was bound to and the files as they were counted (path,
inode, size and modification time of each): anything else reads the text as before. A block
holding the character U+0000 (the text path's line separator) makes counting start again
the old way, without codes.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, TypeGuard

import numpy as np

from kow2v.corpus import TokenizedCorpus
from kow2v.fast.jobs import Int32Records, Job, make_jobs_from_text
from kow2v.vocab import LINE_SEPARATOR, Vocab, count_words, lines_of_codes

log = logging.getLogger(__name__)

FileState = tuple[tuple[str, int, int, int], ...]


def files_state(corpus: TokenizedCorpus) -> FileState:
    """Each file of ``corpus`` with its inode, size and modification time (ns)."""
    state = []
    for path in corpus.files:
        st = os.stat(path)
        state.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(state)


def codable(corpus: Any) -> TypeGuard[TokenizedCorpus]:
    """Whether ``corpus`` can be counted into codes: kow2v's reader of files itself (a
    subclass may read its text differently from :meth:`TokenizedCorpus.text_blocks`)."""
    return type(corpus) is TokenizedCorpus


class _HasSeparator(Exception):
    """A block of the corpus holds U+0000: count it the old way."""


class CodedCorpus:
    """The token codes of a counted corpus file, in a temporary file, until :meth:`close`.

    Made by :func:`count_codes`; :meth:`bind` (with the vocabulary made from the counts) makes
    it ready to serve :meth:`jobs`.
    """

    def __init__(self, state: FileState) -> None:
        """``state``: the counted files' :func:`files_state`."""
        self._state = state
        self._records = Int32Records("token codes")
        self._tokens: dict[str, int] | None = None  # the tokens from code 1 on, until bind()
        self._ids: np.ndarray | None = None  # (codes,) int32 each code's word id
        self._vocab: Vocab | None = None  # what the ids were made from
        self._lookup: dict[str, int] | None = None

    def _add(self, codes: np.ndarray) -> None:
        self._records.add((), codes)

    def bind(self, vocab: Vocab) -> None:
        """Each code's word id in ``vocab``, as encoding the text looks it up (its
        ``lookup``: -1 for an unknown token, -2 for the line separator, code 0)."""
        assert self._tokens is not None
        ids = np.empty(1 + len(self._tokens), dtype=np.int32)
        ids[0] = -2
        ids[1:] = np.fromiter(map(vocab.lookup.get, self._tokens, itertools.repeat(-1)),
                              dtype=np.int32, count=len(self._tokens))
        self._ids, self._vocab, self._lookup = ids, vocab, vocab.lookup
        self._tokens = None

    def serves(self, corpus: Any, vocab: Vocab) -> bool:
        """Whether :meth:`jobs` gives what reading ``corpus`` with ``vocab`` would: the same
        files, unchanged since they were counted, and the vocabulary bound."""
        if self._ids is None or vocab is not self._vocab or vocab.lookup is not self._lookup \
                or not codable(corpus):
            return False
        try:
            return files_state(corpus) == self._state
        except OSError:
            return False

    def blocks(self) -> Iterator[np.ndarray]:
        """The codes, block by block as counted (each ending with a line separator)."""
        for _, codes in self._records:
            yield codes

    def encode(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What :meth:`~kow2v.vocab.TokenEncoder.encode_text` gives for the block's text."""
        assert self._ids is not None
        return lines_of_codes(self._ids[codes])

    def jobs(self, batch_words: int) -> Iterator[Job]:
        """One epoch's jobs, cut as :func:`~kow2v.fast.jobs.corpus_jobs` cuts the text."""
        return make_jobs_from_text(self.blocks(), self.encode, batch_words)

    def close(self) -> None:
        """Remove the temporary file."""
        self._records.close()


def count_codes(corpus: TokenizedCorpus, key: Callable[[str], str] | None = None,
                keep_codes: bool = True,
                ) -> tuple[dict[str, int], int, int, CodedCorpus | None]:
    """What :func:`~kow2v.vocab.count_words` counts of ``corpus`` (each word's count, in order
    of first appearance, under ``key(token)`` when given; the tokens; the non-blank lines),
    and, with ``keep_codes``, the corpus as codes (None when they cannot be kept: a block
    with U+0000, or a temporary file that cannot be written).
    """
    state = files_state(corpus)
    coded = None
    if keep_codes:
        try:
            coded = CodedCorpus(state)
        except OSError as exc:
            log.warning("cannot keep the corpus's token codes in a temporary file (%s)", exc)
    try:
        code_of, counts, words, sentences, coded = _count_blocks(corpus, coded)
    except _HasSeparator:
        if coded is not None:
            coded.close()
        return (*count_words(corpus, key), None)
    except BaseException:
        if coded is not None:
            coded.close()
        raise
    # each token's count in place of its code (in order of first appearance, as counted),
    # before the vocabulary copies its words: the codes' memory goes back whole (_codes)
    code_of.default_factory = None
    for token, count in zip(code_of, counts.tolist(), strict=True):
        code_of[token] = count
    del code_of[LINE_SEPARATOR]  # code 0: never a token of a counted block
    if coded is not None:
        coded._tokens = code_of  # (its keys: the tokens in order of their codes, from 1)
    if key is None:
        return code_of, words, sentences, coded
    counted: dict[str, int] = {}
    for token, count in code_of.items():  # tokens in order of first appearance: so are keys
        k = key(token)
        counted[k] = counted.get(k, 0) + count
    return counted, words, sentences, coded


def _codes(chunk: int = 1 << 16) -> Iterator[int]:
    """0, 1, 2, ...: the int objects made ``chunk`` at a time, side by side in memory, so
    that once freed their memory goes back whole. Made one by one, between the tokens'
    strings (whitespace file, 1.18M distinct tokens): the count's peak 14 MB higher and 12 MB
    more held after it."""
    return itertools.chain.from_iterable(list(range(start, start + chunk))
                                         for start in itertools.count(0, chunk))


#: bytes of text split at a time while counting. Small: a block's tokens are strings that die
#: together, between the new tokens' strings that live on; the vocabulary's words, copied
#: after counting, then land in the gaps and hold that memory (whitespace file, held once the
#: vocabulary is made and the counts freed: 127-135 MB at 256 KiB, the training blocks' size,
#: 60-66 MB at 16 KiB, both with the counts kept beside the codes; ``count_words`` 75-77 MB;
#: counting time the same, 2.8-3.4 s)
COUNT_BLOCK_BYTES = 1 << 14
#: codes written to the temporary file together (the blocks training reads: 256 KiB)
WRITE_CODES = 1 << 16


def _write(coded: CodedCorpus, blocks: list[np.ndarray]) -> CodedCorpus | None:
    """Write ``blocks`` as one block (emptying the list); None: the file failed and is gone."""
    codes = np.concatenate(blocks)
    blocks.clear()
    try:
        coded._add(codes)
        return coded
    except OSError as exc:
        log.warning("cannot keep the corpus's token codes in a temporary file (%s); training "
                    "reads the text", exc)
        coded.close()
        return None


def _count_blocks(corpus: TokenizedCorpus, coded: CodedCorpus | None,
                  ) -> tuple[defaultdict[str, int], np.ndarray, int, int, CodedCorpus | None]:
    """(each token's code, each code's count, tokens, non-blank lines, the codes kept)."""
    code_of: defaultdict[str, int] = defaultdict(_codes().__next__)
    code_of[LINE_SEPARATOR]  # code 0: the end of a line  # noqa: B018
    counts = np.zeros(1 << 16, dtype=np.int64)  # by code; grown by doubling
    words = sentences = 0
    separator_spaced = f" {LINE_SEPARATOR} "
    unwritten: list[np.ndarray] = []
    for text in corpus.text_blocks(COUNT_BLOCK_BYTES):
        if LINE_SEPARATOR in text:
            raise _HasSeparator
        tokens = text.replace("\n", separator_spaced).split()
        codes = np.fromiter(map(code_of.__getitem__, tokens), dtype=np.int32, count=len(tokens))
        del tokens
        if len(code_of) > len(counts):
            counts = np.concatenate([counts, np.zeros(max(len(counts), len(code_of)),
                                                      dtype=np.int64)])
        # np.add.at, not a bincount a block: no array as long as the distinct tokens for each
        # block (measured on the mecab file: such arrays, freed, left 15 MB of heap held)
        np.add.at(counts, codes, 1)
        ends = np.flatnonzero(codes == 0)
        words += len(codes) - len(ends)
        sentences += int(np.count_nonzero(np.diff(ends, prepend=-1) > 1))
        if coded is not None:
            unwritten.append(codes)
            if sum(map(len, unwritten)) >= WRITE_CODES:
                coded = _write(coded, unwritten)
    if coded is not None and unwritten:
        coded = _write(coded, unwritten)
    return code_of, counts[:len(code_of)], words, sentences, coded
