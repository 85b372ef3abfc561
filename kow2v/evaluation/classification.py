"""A document-classification probe: how well do the vectors serve a downstream task?

Each document is tokenized with the vectors' tokenizer and represented by the mean of its
token vectors (subword vectors answer tokens outside the vocabulary; a document with no token
that has a vector is the zero vector, and counted). A logistic regression (scikit-learn, the
``classify`` extra) is fitted on the training file and scored on the test file: accuracy and
macro-F1, each with a 95% bootstrap interval over the test documents. The baseline is TF-IDF
over the same tokens with the same classifier: the simplest strong method, so the report says
how far word vectors are from it.

Files are TSV or CSV (the header's delimiter decides; a TSV field is taken as written, quotes
and all, a CSV field as CSV quotes it: `kow2v.evaluation.delimited`) with a header naming a
label and a text column, plain, ``.gz`` or ``.bz2``, UTF-8 or CP949 as the corpus readers take
them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kow2v.errors import EvaluationFileError, MissingBackendError
from kow2v.evaluation.delimited import rows
from kow2v.evaluation.intervals import Interval, mean_interval, statistic_interval
from kow2v.evaluation.json_values import finite_or_none

INSTALL_HINT = "pip install 'kow2v[classify]' (scikit-learn)"
TEXT_COLUMNS = ("text", "document", "sentence", "review")


@dataclass
class LabelledDocs:
    texts: list[str]
    labels: list[str]
    source: str

    def __len__(self) -> int:
        return len(self.texts)


def read_labelled(path: str | os.PathLike[str], label_column: str = "label",
                  text_column: str | None = None, encoding: str = "utf-8") -> LabelledDocs:
    """Read a labelled TSV/CSV file (see the module's description).

    ``text_column=None`` takes the first of ``text``, ``document``, ``sentence``, ``review``.

    Raises
    ------
    EvaluationFileError
        A missing column (the message lists the columns), no document at all, a row without
        its label or text.
    """
    from kow2v.corpus import _normalise_encoding, _open_binary, detect_encoding

    path = Path(path)
    if not path.is_file():
        raise EvaluationFileError(f"{path}: no such file")
    codec = _normalise_encoding(encoding)
    if codec == "auto":
        codec = detect_encoding(path)
    try:
        with _open_binary(path) as fh:
            text = fh.read().decode(codec)
    except UnicodeDecodeError as exc:
        raise EvaluationFileError(f"{path}: cannot decode byte {exc.start} as {codec}; pass "
                                  "--encoding cp949 (or auto) for Korean Windows text") from None
    records = rows(text.lstrip("\ufeff"))
    columns = [c.strip() for c in next(records, (0, []))[1]]
    if text_column is None:
        text_column = next((c for c in TEXT_COLUMNS if c in columns), TEXT_COLUMNS[0])
    for wanted, option in ((label_column, "--label-column"), (text_column, "--text-column")):
        if wanted not in columns:
            raise EvaluationFileError(f"{path}: no column {wanted!r} (columns: "
                                      f"{', '.join(columns) or 'none'}); pick one with {option}")
    li, ti = columns.index(label_column), columns.index(text_column)
    texts, labels = [], []
    for number, row in records:
        if not row or not "".join(row).strip():
            continue
        if len(row) <= max(li, ti):
            raise EvaluationFileError(f"{path}: line {number}: {len(row)} fields, the header "
                                      f"has {len(columns)}")
        texts.append(row[ti])
        labels.append(row[li].strip())
    if not texts:
        raise EvaluationFileError(f"{path}: no documents")
    return LabelledDocs(texts, labels, str(path))


def check_splits(train: LabelledDocs, test: LabelledDocs) -> list[str]:
    """The classes, after refusing what a classifier cannot learn from (one-line errors)."""
    classes = sorted(set(train.labels))
    if len(classes) < 2:
        raise EvaluationFileError(f"{train.source}: every document has the label "
                                  f"{classes[0]!r}; a classifier needs at least two classes")
    unseen = sorted(set(test.labels) - set(classes))
    if unseen:
        raise EvaluationFileError(f"{test.source}: labels not in the training file: "
                                  f"{unseen[:5]}")
    return classes


@dataclass
class ClassificationResult:
    method: str  # "word vectors (mean)" or "TF-IDF"
    train_docs: int
    test_docs: int
    classes: list[str]
    accuracy: float
    accuracy_ci: Interval
    macro_f1: float
    macro_f1_ci: Interval
    empty_docs: int = 0  # documents (train and test) with no token that has a vector
    train_source: str = ""
    test_source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "train": self.train_source, "test": self.test_source,
                "train_docs": self.train_docs, "test_docs": self.test_docs,
                "classes": self.classes, "empty_docs": self.empty_docs,
                "accuracy": finite_or_none(self.accuracy),
                "accuracy_ci": [finite_or_none(x) for x in self.accuracy_ci],
                "macro_f1": finite_or_none(self.macro_f1),
                "macro_f1_ci": [finite_or_none(x) for x in self.macro_f1_ci]}


def _sklearn() -> Any:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise MissingBackendError(f"the classification probe needs scikit-learn: "
                                  f"{INSTALL_HINT}") from None
    import sklearn.linear_model
    import sklearn.pipeline
    import sklearn.preprocessing

    return sklearn


def classifier(dense: bool, seed: int = 0) -> Any:
    """The probe's classifier: a logistic regression (on standardised features when dense)."""
    sk = _sklearn()
    model = sk.linear_model.LogisticRegression(max_iter=2000, random_state=seed)
    if not dense:
        return model
    return sk.pipeline.make_pipeline(sk.preprocessing.StandardScaler(), model)


def mean_vectors(vectors: Any, docs: Sequence[Sequence[str]]) -> tuple[np.ndarray, int]:
    """(documents, D) mean token vectors, and how many documents had no token with a vector.

    ``vectors``: gensim KeyedVectors or :class:`~kow2v.surface.SurfaceVectors` (jamo keys and
    out-of-vocabulary tokens through n-grams are its business).
    """
    import scipy.sparse as sp

    from kow2v.surface import SurfaceVectors

    surface = vectors if isinstance(vectors, SurfaceVectors) else SurfaceVectors(vectors)
    index: dict[str, int] = {}
    rows: list[np.ndarray] = []
    col_ids: list[int] = []
    indptr = [0]
    for doc in docs:
        for token in doc:
            i = index.get(token)
            if i is None:  # each distinct token is looked up once
                i = len(rows) if surface.can_answer(token) else -1
                if i >= 0:
                    rows.append(surface.get_vector(token))
                index[token] = i
            if i >= 0:
                col_ids.append(i)
        indptr.append(len(col_ids))
    dim = surface.kv.vector_size
    table = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, dim), np.float32)
    counts = np.diff(indptr)
    weights = np.repeat(1.0 / np.maximum(counts, 1), counts).astype(np.float32)
    incidence = sp.csr_matrix((weights, np.array(col_ids, dtype=np.int64), np.array(indptr)),
                              shape=(len(docs), len(table)))
    return np.asarray(incidence @ table), int((counts == 0).sum())


def _scores(truth: np.ndarray, predicted: np.ndarray, n_classes: int,
            resamples: int, seed: int) -> tuple[float, Interval, float, Interval]:
    correct = (truth == predicted).astype(np.float64)

    def macro_f1(idx: np.ndarray) -> float:
        confusion = np.bincount(truth[idx] * n_classes + predicted[idx],
                                minlength=n_classes ** 2).reshape(n_classes, n_classes)
        tp = np.diag(confusion).astype(np.float64)
        denominator = confusion.sum(axis=0) + confusion.sum(axis=1)
        f1 = np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)
        return float(f1.mean())

    every = np.arange(len(truth))
    return (float(correct.mean()), mean_interval(correct, resamples, seed),
            macro_f1(every), statistic_interval(len(truth), macro_f1, resamples, seed))


def _fit_and_score(method: str, train_x: Any, test_x: Any, train: LabelledDocs,
                   test: LabelledDocs, dense: bool, seed: int, resamples: int,
                   empty: int = 0) -> ClassificationResult:
    classes = check_splits(train, test)
    code = {c: i for i, c in enumerate(classes)}
    y_train = np.array([code[c] for c in train.labels])
    y_test = np.array([code[c] for c in test.labels])
    model = classifier(dense, seed).fit(train_x, y_train)
    predicted = np.asarray(model.predict(test_x))
    acc, acc_ci, f1, f1_ci = _scores(y_test, predicted, len(classes), resamples, seed)
    return ClassificationResult(method, len(train), len(test), classes, acc, acc_ci, f1, f1_ci,
                                empty, train.source, test.source)


@dataclass
class TokenizedDocs:
    """Both splits with the tokens of every document (tokenized once, used by every model)."""

    train: LabelledDocs
    test: LabelledDocs
    train_tokens: list[list[str]]
    test_tokens: list[list[str]]

    @classmethod
    def make(cls, train: LabelledDocs, test: LabelledDocs,
             tokenize: Callable[[list[str]], list[list[str]]]) -> TokenizedDocs:
        """``tokenize`` takes all texts of a split at once (workers and batches can be used)."""
        check_splits(train, test)
        return cls(train, test, tokenize(train.texts), tokenize(test.texts))


def probe(vectors: Any, docs: TokenizedDocs, seed: int = 0,
          resamples: int = 1000) -> ClassificationResult:
    """Mean token vectors + logistic regression; see the module's description."""
    train_x, empty_train = mean_vectors(vectors, docs.train_tokens)
    test_x, empty_test = mean_vectors(vectors, docs.test_tokens)
    return _fit_and_score("word vectors (mean)", train_x, test_x, docs.train, docs.test, True,
                          seed, resamples, empty_train + empty_test)


def tfidf_baseline(docs: TokenizedDocs, seed: int = 0,
                   resamples: int = 1000) -> ClassificationResult:
    """TF-IDF over the same tokens, the same logistic regression."""
    _sklearn()
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True)
    train_x = vectorizer.fit_transform(docs.train_tokens)
    test_x = vectorizer.transform(docs.test_tokens)
    return _fit_and_score("TF-IDF", train_x, test_x, docs.train, docs.test, False, seed,
                          resamples)
