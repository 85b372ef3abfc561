"""The document-classification probe: the same numbers as a plain scikit-learn pipeline, the
same numbers twice, and one-line errors for files a classifier cannot learn from."""

from __future__ import annotations

import gzip
import json
import sys

import numpy as np
import pytest

from kow2v.errors import EvaluationFileError, MissingBackendError
from kow2v.evaluation.classification import (
    TokenizedDocs,
    mean_vectors,
    probe,
    read_labelled,
    tfidf_baseline,
)
from kow2v.keyedvectors import to_keyed_vectors
from tests.conftest import require_module

pytestmark = pytest.mark.classify
require_module("sklearn", "pip install 'kow2v[classify]'")

GOOD = [f"좋{i}" for i in range(20)]
BAD = [f"나쁨{i}" for i in range(20)]
NEUTRAL = [f"그냥{i}" for i in range(40)]
CLASSES = {"1": GOOD, "0": BAD}


@pytest.fixture(scope="module")
def kv():
    """Sentiment words lean along one direction, plus noise; neutral words are noise."""
    rng = np.random.default_rng(1)
    words = GOOD + BAD + NEUTRAL
    vecs = rng.normal(size=(len(words), 12)).astype(np.float32)
    axis = rng.normal(size=12).astype(np.float32)
    vecs[:20] += 0.6 * axis
    vecs[20:40] -= 0.6 * axis
    return to_keyed_vectors(words, vecs)


def _docs(n, seed, classes=CLASSES, unknown=0):
    """Reviews: 2-5 words of the label's class, 1-4 neutral words, sometimes a wrong-class
    word, and ``unknown`` documents made only of words the vectors do not know."""
    rng = np.random.default_rng(seed)
    labels, texts = [], []
    names = sorted(classes)
    for i in range(n):
        label = names[i % len(names)]
        words = list(rng.choice(classes[label], rng.integers(2, 6)))
        words += list(rng.choice(NEUTRAL, rng.integers(1, 5)))
        if rng.random() < 0.35:
            other = names[(names.index(label) + 1) % len(names)]
            words += list(rng.choice(classes[other], 2))
        rng.shuffle(words)
        labels.append(label)
        texts.append(" ".join(words))
    for j in range(unknown):
        labels.append(names[j % len(names)])
        texts.append(f"모르는말{j} 처음보는{j}")
    return labels, texts


def _write(path, labels, texts, header=("id", "document", "label"), sep="\t",
           encoding="utf-8"):
    rows = [sep.join(header)] + [sep.join((str(i), t, lab)) for i, (t, lab)
                                 in enumerate(zip(texts, labels, strict=True))]
    data = ("\n".join(rows) + "\n").encode(encoding)
    if str(path).endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


@pytest.fixture
def splits(tmp_path):
    train = _write(tmp_path / "train.tsv", *_docs(300, 0, unknown=6))
    test = _write(tmp_path / "test.tsv.gz", *_docs(200, 1, unknown=4))
    return train, test


def _tokenized(train_path, test_path, **kw):
    train, test = read_labelled(train_path, **kw), read_labelled(test_path, **kw)
    return TokenizedDocs.make(train, test, lambda texts: [t.split() for t in texts])


def test_probe_equals_a_plain_scikit_learn_pipeline(kv, splits):
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    docs = _tokenized(*splits)
    result = probe(kv, docs)

    def features(tokens):  # the mean of the known tokens' vectors, zero when none is known
        known = [kv[t] for t in tokens if t in kv.key_to_index]
        return np.mean(known, axis=0) if known else np.zeros(kv.vector_size)

    x_train = np.array([features(t) for t in docs.train_tokens])
    x_test = np.array([features(t) for t in docs.test_tokens])
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, random_state=0))
    predicted = model.fit(x_train, docs.train.labels).predict(x_test)
    assert result.accuracy == pytest.approx(accuracy_score(docs.test.labels, predicted),
                                            abs=1e-12)
    assert result.macro_f1 == pytest.approx(f1_score(docs.test.labels, predicted,
                                                     average="macro"), abs=1e-12)
    assert 0.75 < result.accuracy < 1.0  # the planted direction is learnable, not trivial
    assert result.empty_docs == 10  # the documents of unknown words are counted
    assert (result.train_docs, result.test_docs, result.classes) == (306, 204, ["0", "1"])
    lo, hi = result.accuracy_ci
    assert lo < result.accuracy < hi and hi - lo < 0.15


def test_tfidf_baseline_equals_a_plain_scikit_learn_pipeline(splits):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    docs = _tokenized(*splits)
    result = tfidf_baseline(docs)
    vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False,
                                 sublinear_tf=True)
    x_train = vectorizer.fit_transform(docs.train.texts)
    model = LogisticRegression(max_iter=2000, random_state=0).fit(x_train, docs.train.labels)
    expected = float(np.mean(model.predict(vectorizer.transform(docs.test.texts))
                             == np.array(docs.test.labels)))
    assert result.accuracy == pytest.approx(expected, abs=1e-12)
    assert result.method == "TF-IDF"


def test_scores_and_intervals_are_reproducible_to_the_digit(kv, splits):
    first = probe(kv, _tokenized(*splits)).to_dict()
    second = probe(kv, _tokenized(*splits)).to_dict()
    assert first == second
    other_seed = probe(kv, _tokenized(*splits), seed=7)
    assert other_seed.macro_f1_ci != tuple(first["macro_f1_ci"])  # the seed is used


def test_any_number_of_classes_csv_and_named_columns(kv, tmp_path):
    three = {"pos": GOOD[:10], "neg": BAD[:10], "mixed": GOOD[10:] + BAD[10:]}
    header = ("리뷰", "평점")
    train = _write(tmp_path / "a.csv", *_docs(240, 2, three), header=("n",) + header, sep=",")
    test = _write(tmp_path / "b.csv", *_docs(90, 3, three), header=("n",) + header, sep=",")
    with pytest.raises(EvaluationFileError, match=r"no column 'label' .*--label-column"):
        read_labelled(train)
    docs = _tokenized(train, test, label_column="평점", text_column="리뷰")
    result = probe(kv, docs)
    assert result.classes == ["mixed", "neg", "pos"]
    assert result.accuracy > 0.5 and 0.0 < result.macro_f1 <= 1.0  # chance is 1/3
    x_test, empty = mean_vectors(kv, docs.test_tokens)
    assert x_test.shape == (90, kv.vector_size) and empty == 0


def test_cp949_files_read_like_the_corpus_readers(kv, tmp_path):
    labels, texts = _docs(40, 4)
    utf8 = _write(tmp_path / "u.tsv", labels, texts)
    cp949 = _write(tmp_path / "c.tsv", labels, texts, encoding="cp949")
    expected = read_labelled(utf8)
    assert read_labelled(cp949, encoding="cp949").texts == expected.texts
    assert read_labelled(cp949, encoding="auto").texts == expected.texts
    with pytest.raises(EvaluationFileError, match="cannot decode.*cp949"):
        read_labelled(cp949)


@pytest.mark.parametrize("case, message", [
    ("one class", "at least two classes"),
    ("empty", "no documents"),
    ("unseen", r"labels not in the training file: \['9'\]"),
    ("short row", "line 3: 1 fields"),
])
def test_files_a_classifier_cannot_learn_from_are_one_line_errors(tmp_path, case, message):
    labels, texts = _docs(20, 5)
    train = _write(tmp_path / "train.tsv", labels, texts)
    test_labels = list(labels)
    if case == "one class":
        train = _write(tmp_path / "train.tsv", ["1"] * 20, texts)
    elif case == "unseen":
        test_labels[3] = "9"
    test = _write(tmp_path / "test.tsv", test_labels, texts)
    if case == "empty":
        test.write_text("id\tdocument\tlabel\n\n", encoding="utf-8")
    elif case == "short row":
        test.write_text("id\tdocument\tlabel\n0\t좋0\t1\n1\n", encoding="utf-8")
    with pytest.raises(EvaluationFileError, match=message) as err:
        _tokenized(train, test)
    assert "\n" not in str(err.value)


def test_subword_vectors_answer_tokens_the_vocabulary_lacks(tmp_path):
    from kow2v import FastText

    sentences = [s.split() for s in _docs(200, 6)[1]] * 3
    model = FastText(sentences, vector_size=16, min_count=1, epochs=1, seed=0, workers=1)
    labels, texts = _docs(40, 7, unknown=4)
    train = _write(tmp_path / "train.tsv", labels, texts)
    docs = _tokenized(train, train)
    assert probe(model.wv, docs, resamples=50).empty_docs == 0  # n-grams of 모르는말0...
    plain = to_keyed_vectors(list(model.wv.index_to_key), model.wv.vectors)
    assert probe(plain, docs, resamples=50).empty_docs == 8


def test_missing_scikit_learn_names_the_extra(kv, splits, monkeypatch):
    docs = _tokenized(*splits)
    monkeypatch.setitem(sys.modules, "sklearn", None)
    with pytest.raises(MissingBackendError, match=r"kow2v\[classify\]"):
        probe(kv, docs)


def test_cli_evaluate_prints_the_probe_and_the_baseline(kv, splits, tmp_path, capsys):
    from kow2v.cli import main

    path = tmp_path / "v.kv"
    kv.save(str(path))
    assert main(["evaluate", str(path), "--classification", *map(str, splits),
                 "-t", "whitespace", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    expected = probe(kv, _tokenized(*splits))
    assert out["classification"]["accuracy"] == pytest.approx(expected.accuracy, abs=1e-12)
    assert out["classification_baseline"]["method"] == "TF-IDF"
    assert "analogies" in out and not out["analogies"]  # only what was asked for
    assert main(["evaluate", str(path), "--classification", *map(str, splits)]) == 0
    text = capsys.readouterr().out
    assert f"accuracy {expected.accuracy:.3f} [" in text and "TF-IDF baseline" in text


def test_tsv_fields_are_taken_as_written_and_csv_fields_as_quoted(tmp_path):
    # NSMC's reviews start with quotes they do not close: read as CSV quoting, a review swallowed
    # the lines after it up to the next quote (148,646 of NSMC's 150,000 training rows were read)
    quoted = ['"재밌다" 라는 말에 속았다', '"최고', '평범한 영화', '끝 "인용"', '"다시" 볼래']
    labels = ["0", "1", "0", "1", "1"]
    tsv = _write(tmp_path / "q.tsv", labels, quoted)
    docs = read_labelled(tsv)
    assert docs.texts == quoted and docs.labels == labels
    # a CSV quotes a field holding the delimiter or a quote, and a field may be very long
    long_review = "가" * 200_000
    csv_path = tmp_path / "q.csv"
    csv_path.write_text('id,document,label\n1,"좋다, 정말 ""최고""",1\n2,' + long_review + ",0\n",
                        encoding="utf-8")
    assert read_labelled(csv_path).texts == ['좋다, 정말 "최고"', long_review]
    tsv_long = _write(tmp_path / "long.tsv", ["1", "0"], [long_review, "짧다"])
    assert read_labelled(tsv_long).texts == [long_review, "짧다"]
