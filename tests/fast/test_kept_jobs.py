"""A small corpus file is read and encoded once and its jobs kept for the later epochs
(``kow2v.fast.jobs.KeptJobs``): the same vectors as reading it every epoch, and never for a
corpus whose text may change between epochs."""

from __future__ import annotations

import numpy as np
import pytest

from kow2v import FastText, Word2Vec
from kow2v.corpus import TokenizedCorpus
from kow2v.fast import jobs as jobs_module
from kow2v.fast.jobs import Job, KeptJobs
from tests.conftest import random_corpus_file


def _corpus_file(tmp_path, lines=400):
    return random_corpus_file(tmp_path, lines, words=60, stem="낱말", seed=5)


def _count_reads(monkeypatch) -> list[int]:
    """Count the passes over a TokenizedCorpus's text (the vocabulary scan is one)."""
    reads: list[int] = []
    original = TokenizedCorpus.text_blocks

    def counted(self, *args, **kwargs):
        reads.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TokenizedCorpus, "text_blocks", counted)
    return reads


@pytest.mark.parametrize("trainer, sg, hs", [(Word2Vec, 1, 0), (Word2Vec, 0, 0),
                                             (Word2Vec, 0, 1), (FastText, 1, 0)])
def test_kept_jobs_give_the_vectors_of_reading_every_epoch(tmp_path, monkeypatch, trainer, sg,
                                                           hs):
    path = _corpus_file(tmp_path)
    kwargs = dict(vector_size=10, min_count=1, epochs=4, seed=3, sg=sg, hs=hs,
                  negative=0 if hs else 4, batch_words=300)
    reads = _count_reads(monkeypatch)
    kept = trainer(corpus_file=str(path), **kwargs)
    scans_kept = len(reads)
    monkeypatch.setattr(jobs_module, "KEEP_MAX_WORDS", 0)  # read every epoch
    del reads[:]
    every_epoch = trainer(corpus_file=str(path), **kwargs)
    assert len(reads) == scans_kept + 3  # the three later epochs read the file again
    assert np.array_equal(kept.wv.vectors, every_epoch.wv.vectors)
    assert not np.array_equal(kept.wv.vectors[0], kept.wv.vectors[1])


def test_only_a_small_file_trained_more_than_once_is_kept(tmp_path):
    path = _corpus_file(tmp_path)
    corpus = TokenizedCorpus(path)
    assert KeptJobs.worth_keeping(corpus, 1000, epochs=2)
    assert not KeptJobs.worth_keeping(corpus, 1000, epochs=1)  # nothing to reuse
    assert not KeptJobs.worth_keeping(corpus, jobs_module.KEEP_MAX_WORDS + 1, epochs=5)

    class Shuffled(TokenizedCorpus):  # a user's corpus may change between epochs
        pass

    assert not KeptJobs.worth_keeping(Shuffled(path), 1000, epochs=5)
    assert not KeptJobs.worth_keeping(list(corpus), 1000, epochs=5)


def test_a_list_corpus_is_read_every_epoch(tmp_path):
    seen: list[int] = []

    class Counting:
        def __iter__(self):
            seen.append(1)
            yield from (["가", "나", "다"], ["나", "다", "라"])

    Word2Vec(Counting(), vector_size=8, min_count=1, epochs=3)
    assert len(seen) == 1 + 3  # the vocabulary scan, then every epoch


def test_an_epoch_broken_off_keeps_nothing():
    made: list[int] = []
    one = np.zeros(3, dtype=np.int32)

    def make():
        made.append(1)
        return iter([Job(one, one, 3), Job(one, one, 3)])

    jobs = KeptJobs(make)
    first = iter(jobs)
    next(first)  # the first epoch stops after one job (an error, an interrupt)
    first.close()
    assert len(list(jobs)) == 2 and len(made) == 2  # read again, whole
    assert len(list(jobs)) == 2 and len(made) == 2  # then kept
