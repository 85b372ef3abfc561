"""The producer process (``kow2v.fast.producer``): the vectors of the producer thread, the
reader's errors as the thread raises them, and a dead or abandoned producer never a hang."""

from __future__ import annotations

import os
import signal
import time

import numpy as np
import pytest

from kow2v import FastText, Word2Vec
from kow2v.corpus import TokenizedCorpus
from kow2v.errors import CorpusError, TrainingError
from kow2v.fast import producer
from tests.conftest import random_corpus_file, started_children


def _corpus_file(tmp_path, lines=600):
    return random_corpus_file(tmp_path, lines, words=80)


def _spy_on_producers(monkeypatch) -> list[int]:
    """Force the producer process for any corpus size; the list counts the ones started."""
    started: list[int] = []

    class Spy(producer.ProducerProcess):
        def __init__(self, *args, **kwargs):
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(producer, "PROCESS_MIN_WORDS", 0)
    monkeypatch.setattr("kow2v.any2vec.ProducerProcess", Spy)
    return started


@pytest.mark.parametrize("trainer, sg, hs", [(Word2Vec, 1, 0), (Word2Vec, 0, 0),
                                             (Word2Vec, 1, 1), (FastText, 1, 0)])
def test_the_process_gives_the_vectors_of_the_thread(tmp_path, monkeypatch, trainer, sg, hs):
    path = _corpus_file(tmp_path)
    kwargs = dict(vector_size=12, min_count=1, epochs=3, seed=7, sg=sg, hs=hs,
                  negative=0 if hs else 3, batch_words=500)
    threaded = trainer(corpus_file=str(path), **kwargs)
    first_call = threaded.wv.vectors.copy()
    # a second train() call continues the same random stream
    threaded.train(corpus_file=str(path), total_examples=threaded.corpus_count, epochs=1)
    started = _spy_on_producers(monkeypatch)
    in_process = trainer(corpus_file=str(path), **kwargs)
    assert started == [1]  # one process for all three epochs
    assert np.array_equal(first_call, in_process.wv.vectors)
    assert not np.array_equal(in_process.wv.vectors[0], in_process.wv.vectors[1])
    in_process.train(corpus_file=str(path), total_examples=in_process.corpus_count, epochs=1)
    assert started == [1, 1]
    assert np.array_equal(threaded.wv.vectors, in_process.wv.vectors)
    assert started_children() == []


@pytest.mark.parametrize("trainer, hs, sg", [(Word2Vec, 1, 1), (FastText, 0, 1),
                                             (FastText, 0, 0)])
def test_the_process_plans_the_batches_so_the_trainer_does_not(tmp_path, monkeypatch, trainer,
                                                                hs, sg):
    """The per-job plans (skip-gram's shared paths with hierarchical softmax, FastText's
    distinct input or context words) are made where the examples are drawn: with a producer
    process, there, and never in the process that trains."""
    import kow2v.fast.examples as examples
    import kow2v.fast.kernels as kernels

    calls: list[str] = []

    def counted(name, real):
        def spy(*args, **kw):
            calls.append(name)
            return real(*args, **kw)
        return spy

    for module in (examples, kernels):
        for name in ("plan_paths", "plan_inputs"):
            monkeypatch.setattr(module, name, counted(name, getattr(module, name)))
    path = _corpus_file(tmp_path)
    kwargs = dict(vector_size=12, min_count=1, epochs=2, seed=7, sg=sg, hs=hs,
                  negative=0 if hs else 3, batch_words=500)
    threaded = trainer(corpus_file=str(path), **kwargs)
    assert set(calls) == {"plan_paths" if hs else "plan_inputs"}  # the thread's, this process
    calls.clear()
    started = _spy_on_producers(monkeypatch)
    in_process = trainer(corpus_file=str(path), **kwargs)
    assert started == [1] and calls == []
    assert np.array_equal(threaded.wv.vectors, in_process.wv.vectors)


def test_the_process_reads_the_text_once_for_all_epochs(tmp_path, monkeypatch):
    """Its jobs are kept after the first epoch, as the thread keeps them: a file emptied after
    the first epoch trains the later ones on what was read (re-reading it would train on
    nothing)."""
    path = _corpus_file(tmp_path)
    text = path.read_bytes()

    class EmptyTheFile:
        def on_epoch_end(self, model):
            path.write_bytes(b"")

    kwargs = dict(vector_size=12, min_count=1, epochs=3, seed=7, batch_words=500,
                  callbacks=[EmptyTheFile()])
    vectors = []
    for force in (False, True):
        if force:
            started = _spy_on_producers(monkeypatch)
        path.write_bytes(text)
        model = Word2Vec(corpus_file=str(path), **kwargs)
        vectors.append(model.wv.vectors)
    assert started == [1]
    assert np.array_equal(vectors[0], vectors[1])
    assert started_children() == []


def test_only_a_corpus_a_child_can_open_and_enough_words_get_a_process(tmp_path, monkeypatch):
    path = _corpus_file(tmp_path)
    sentences = list(TokenizedCorpus(path))
    assert not producer.worth_a_process(sentences, 10**9)  # a list lives in this process only
    assert not producer.worth_a_process(TokenizedCorpus(path), producer.PROCESS_MIN_WORDS - 1)
    assert producer.worth_a_process(TokenizedCorpus(path), producer.PROCESS_MIN_WORDS)
    started = _spy_on_producers(monkeypatch)
    Word2Vec(sentences, vector_size=8, min_count=1, epochs=1)
    Word2Vec(corpus_file=str(path), vector_size=8, min_count=1, epochs=1, workers=2)
    assert started == []  # a list; and with workers the parent reads for them


def test_a_file_that_goes_bad_after_the_vocabulary_fails_as_in_the_thread(tmp_path, monkeypatch):
    path = _corpus_file(tmp_path)
    errors = []
    for force in (False, True):
        if force:
            _spy_on_producers(monkeypatch)
        model = Word2Vec(corpus_file=str(path), vector_size=8, min_count=1, epochs=1)
        path.write_bytes(path.read_bytes() + "깨진 줄\n".encode("cp949"))
        with pytest.raises(CorpusError) as caught:
            model.train(corpus_file=str(path), total_examples=model.corpus_count, epochs=1)
        errors.append(str(caught.value))
        path = _corpus_file(tmp_path)  # the good file again
    assert errors[0] == errors[1]
    assert "corpus.txt" in errors[1] and "UTF-8" in errors[1]
    assert started_children() == []


def dying_producer(channel, *args):  # stands in for a reader killed (out of memory, kill -9)
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_producer_is_an_error_within_seconds(tmp_path, monkeypatch):
    path = _corpus_file(tmp_path)
    model = Word2Vec(corpus_file=str(path), vector_size=8, min_count=1, epochs=1)
    before = model.wv.vectors.copy()
    _spy_on_producers(monkeypatch)
    monkeypatch.setattr(producer, "_produce", dying_producer)
    start = time.monotonic()
    with pytest.raises(TrainingError, match="corpus reader process .* killed by signal SIGKILL"):
        model.train(corpus_file=str(path), total_examples=model.corpus_count, epochs=2)
    assert time.monotonic() - start < 5.0
    assert np.array_equal(model.wv.vectors, before)  # nothing was trained
    assert started_children() == []


def test_an_interrupted_run_leaves_no_producer_behind(tmp_path, monkeypatch):
    class Interrupt:
        def on_epoch_end(self, model):
            raise KeyboardInterrupt

    path = _corpus_file(tmp_path)
    _spy_on_producers(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        Word2Vec(corpus_file=str(path), vector_size=8, min_count=1, epochs=5,
                 callbacks=[Interrupt()])
    assert started_children() == []
