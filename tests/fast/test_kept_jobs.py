"""A corpus file is read and encoded once and its jobs kept for the later epochs
(``kow2v.fast.jobs.KeptJobs``: in memory when small, else in an anonymous temporary file): the
same vectors as reading it every epoch, and never for a corpus whose text may change between
epochs. Here build_vocab keeps no token codes (``kow2v.coded_corpus``, which serves the
first train() after it and is tested in tests/test_coded_corpus.py): these are the runs that read
the text, a later train() call or a corpus counted another way."""

from __future__ import annotations

import errno
import logging
import os
import tempfile

import numpy as np
import pytest

from kow2v import FastText, Word2Vec
from kow2v import any2vec as any2vec_module
from kow2v.corpus import TokenizedCorpus
from kow2v.fast import jobs as jobs_module
from kow2v.fast.jobs import Job, KeptJobs, SpooledJobs
from tests.conftest import count_text_reads, random_corpus_file


@pytest.fixture(autouse=True)
def _no_codes(monkeypatch):
    monkeypatch.setattr(any2vec_module, "codable", lambda corpus: False)


def _corpus_file(tmp_path, lines=400):
    return random_corpus_file(tmp_path, lines, words=60, stem="낱말", seed=5)


def _read_every_epoch(monkeypatch) -> None:
    monkeypatch.setattr(KeptJobs, "worth_keeping", staticmethod(lambda corpus, epochs: False))


@pytest.mark.parametrize("kept_in", ["memory", "a temporary file"])
@pytest.mark.parametrize("trainer, sg, hs", [(Word2Vec, 1, 0), (Word2Vec, 0, 0),
                                             (Word2Vec, 0, 1), (FastText, 1, 0)])
def test_kept_jobs_give_the_vectors_of_reading_every_epoch(tmp_path, monkeypatch, trainer, sg,
                                                           hs, kept_in):
    path = _corpus_file(tmp_path)
    kwargs = dict(vector_size=10, min_count=1, epochs=4, seed=3, sg=sg, hs=hs,
                  negative=0 if hs else 4, batch_words=300)
    if kept_in == "a temporary file":
        monkeypatch.setattr(jobs_module, "KEEP_MAX_WORDS", 0)
        spooled: list[int] = []
        original_add = SpooledJobs.add
        monkeypatch.setattr(SpooledJobs, "add",
                            lambda self, job: spooled.append(1) or original_add(self, job))
    reads = count_text_reads(monkeypatch)
    kept = trainer(corpus_file=str(path), **kwargs)
    scans_kept = len(reads)
    if kept_in == "a temporary file":
        assert spooled  # the jobs went through the file
    _read_every_epoch(monkeypatch)
    del reads[:]
    every_epoch = trainer(corpus_file=str(path), **kwargs)
    assert len(reads) == scans_kept + 3  # the three later epochs read the file again
    assert np.array_equal(kept.wv.vectors, every_epoch.wv.vectors)
    assert not np.array_equal(kept.wv.vectors[0], kept.wv.vectors[1])


def test_the_temporary_file_has_no_name_and_is_closed_after_training(tmp_path, monkeypatch):
    path = _corpus_file(tmp_path)
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool_dir))
    monkeypatch.setattr(jobs_module, "KEEP_MAX_WORDS", 0)
    seen: list[list[str]] = []

    class Look:
        def on_epoch_end(self, model):
            seen.append(os.listdir(spool_dir))

    descriptors = len(os.listdir("/proc/self/fd"))
    Word2Vec(corpus_file=str(path), vector_size=8, min_count=1, epochs=3, callbacks=[Look()])
    assert seen == [[], [], []]
    assert len(os.listdir("/proc/self/fd")) == descriptors


def test_a_full_disk_means_reading_every_epoch_with_one_warning(tmp_path, monkeypatch, caplog):
    path = _corpus_file(tmp_path)
    kwargs = dict(vector_size=10, min_count=1, epochs=4, seed=3, batch_words=300)
    monkeypatch.setattr(jobs_module, "KEEP_MAX_WORDS", 0)

    def full(self, job):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SpooledJobs, "add", full)
    reads = count_text_reads(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="kow2v.fast.jobs"):
        unkept = Word2Vec(corpus_file=str(path), **kwargs)
    assert len(reads) == 1 + 4  # the vocabulary scan, then every epoch
    warnings = [r.getMessage() for r in caplog.records if r.name == "kow2v.fast.jobs"]
    assert len(warnings) == 1 and "No space left on device" in warnings[0]
    _read_every_epoch(monkeypatch)
    assert np.array_equal(unkept.wv.vectors, Word2Vec(corpus_file=str(path), **kwargs).wv.vectors)


def test_only_kow2v_s_own_file_reader_trained_more_than_once_is_kept(tmp_path):
    path = _corpus_file(tmp_path)
    corpus = TokenizedCorpus(path)
    assert KeptJobs.worth_keeping(corpus, epochs=2)
    assert not KeptJobs.worth_keeping(corpus, epochs=1)  # nothing to reuse

    class Shuffled(TokenizedCorpus):  # a user's corpus may change between epochs
        pass

    assert not KeptJobs.worth_keeping(Shuffled(path), epochs=5)
    assert not KeptJobs.worth_keeping(list(corpus), epochs=5)


def test_a_list_corpus_is_read_every_epoch(tmp_path):
    seen: list[int] = []

    class Counting:
        def __iter__(self):
            seen.append(1)
            yield from (["가", "나", "다"], ["나", "다", "라"])

    Word2Vec(Counting(), vector_size=8, min_count=1, epochs=3)
    assert len(seen) == 1 + 3  # the vocabulary scan, then every epoch


@pytest.mark.parametrize("words", [6, jobs_module.KEEP_MAX_WORDS + 1])  # memory, file
def test_an_epoch_broken_off_keeps_nothing(words):
    made: list[int] = []
    ids, sent = np.array([4, 5, 6], dtype=np.int32), np.array([0, 0, 1], dtype=np.int32)

    def make():
        made.append(1)
        return iter([Job(ids, sent, 3), Job(ids[:1], sent[:1], 2)])

    jobs = KeptJobs(make, words)
    first = iter(jobs)
    next(first)  # the first epoch stops after one job (an error, an interrupt)
    first.close()
    for _ in range(2):  # read again, whole; then kept
        again = list(jobs)
        assert len(made) == 2
        assert [(j.ids.tolist(), j.sent.tolist(), j.raw_words) for j in again] == \
            [([4, 5, 6], [0, 0, 1], 3), ([4], [0], 2)]
    jobs.close()
    assert len(list(jobs)) == 2 and len(made) == 3  # closed: nothing kept any more
