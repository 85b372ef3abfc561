"""Same corpus, several tokenizers, several trainers: train, evaluate, and collect the numbers.

Each tokenization is cached under ``cache_dir`` by a hash of the corpus bytes, the tokenizer's
name and options, kow2v's text handling and the tokenizer's package versions
(:func:`~kow2v.tokenizers.registry.revision`), so a re-run skips straight to training and an
upgrade that can change the tokens tokenizes again. Every trainer gets the same tokens,
the same settings (a :class:`~kow2v.config.FastTextConfig`, gensim's names, so gensim takes
them as they are) and the same seed. The result is a :class:`~kow2v.comparison.Comparison`.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kow2v import tokenizers
from kow2v.atomic import atomic_open
from kow2v.comparison import CompareConfig, Comparison, TokenizerSummary, TrainingRun
from kow2v.config import FastTextConfig, TrainConfig, config_fields, gensim_settings
from kow2v.corpus import LineCorpus, TokenizedCorpus
from kow2v.errors import EmptyCorpusError, Kow2vError
from kow2v.evaluation import EvalSets, TokenMapper, evaluate_sets, neighbour_overlap
from kow2v.evaluation.classification import TokenizedDocs, tfidf_baseline
from kow2v.evaluation.suite import ClassificationSet
from kow2v.tokenize import TokenizeStats, fit_or_load, tokenize_to_file
from kow2v.tokenizers.registry import revision

log = logging.getLogger(__name__)


def corpus_fingerprint(corpus: LineCorpus) -> str:
    """SHA-256 over the corpus files' bytes and the reading options (first 16 hex digits)."""
    digest = hashlib.sha256(f"{corpus.encoding}|{corpus.errors}".encode())
    for path in corpus.files:
        digest.update(str(path.name).encode())
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _entry_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (a lock file): a second run waits for the first.

    ``flock`` locks vanish with the process that holds them, so a killed run never leaves a
    stale lock behind.
    """
    with open(path, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _trusted_entry(tokens: Path, meta: Path) -> TokenizeStats | None:
    """The cached stats if ``tokens`` is exactly the file its metadata describes, else None."""
    if not (tokens.is_file() and meta.is_file()):
        return None
    try:
        record = json.loads(meta.read_text(encoding="utf-8"))
        expected = record.pop("tokens_file")
        stats = TokenizeStats(**record)
    except (ValueError, KeyError, TypeError):
        log.warning("%s: unreadable cache metadata; tokenizing again", meta)
        return None
    if tokens.stat().st_size != expected["bytes"] or _file_digest(tokens) != expected["sha256"]:
        log.warning("%s does not match its checksum; tokenizing again", tokens)
        return None
    return stats


def _cache_key(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _cached(stem: Path, produce: Callable[[Path], TokenizeStats]) -> tuple[Path, TokenizeStats]:
    """The tokens file ``stem.txt`` and its stats: from the cache when its checksum holds, else
    from ``produce(path)`` (called with the entry's lock held)."""
    tokens, meta = stem.with_suffix(".txt"), stem.with_suffix(".json")
    stats = _trusted_entry(tokens, meta)
    if stats is not None:
        log.info("using cached tokens %s", tokens)
        return tokens, stats
    stats = produce(tokens)
    record = {**asdict(stats), "tokens_file": {"bytes": tokens.stat().st_size,
                                               "sha256": _file_digest(tokens)}}
    with atomic_open(meta) as fh:
        json.dump(record, fh)
    return tokens, stats


def tokenize_cached(corpus: LineCorpus, name: str, cache_dir: Path, fingerprint: str,
                    workers: int = 1, progress: bool = False,
                    options: dict[str, Any] | None = None) -> tuple[Path, TokenizeStats, Any]:
    """Tokenize ``corpus`` with ``name`` unless the cache already holds the result.

    An entry is the tokens file plus a metadata file holding its size and SHA-256, written
    last; both are written atomically, and an entry is used only when the tokens match that
    checksum, so a run killed at any point leaves nothing a later run would trust. Runs that
    share a cache take a per-entry lock: a second run waits for the first and reuses its work.
    """
    options = options or {}
    stem = cache_dir / f"{name}-{_cache_key(fingerprint, name, options, revision(name))}"
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _entry_lock(stem.with_suffix(".lock")):
        tokenizer = fit_or_load(tokenizers.get(name, **options), corpus,
                                stem.with_suffix(".scores.json"))
        try:
            tokens, stats = _cached(stem, lambda path: tokenize_to_file(
                corpus, tokenizer, path, workers=workers, progress=progress))
        except EmptyCorpusError as exc:  # name the corpus and the tokenizer, not the cache
            raise EmptyCorpusError.no_tokens(f"{corpus.path}: {name}", exc.lines,
                                             hint=exc.hint) from None
    return tokens, stats, tokenizer


def tokenize_docs_cached(docs: ClassificationSet, tokenizer: Any, name: str, cache_dir: Path,
                         fingerprint: str, workers: int = 1, progress: bool = False,
                         options: dict[str, Any] | None = None) -> TokenizedDocs:
    """The classification documents tokenized by ``tokenizer`` (fitted on the corpus whose
    ``fingerprint`` is given), cached like :func:`tokenize_cached`, keyed by the documents."""
    train, test = docs.read()
    digest = hashlib.sha256("\0".join(train.texts + ["\1"] + test.texts).encode())
    key = _cache_key(fingerprint, name, options or {}, digest.hexdigest(), revision(name))
    stem = cache_dir / f"{name}-docs-{key}"
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _entry_lock(stem.with_suffix(".lock")):
        tokens, _ = _cached(stem, lambda path: tokenize_to_file(
            train.texts + test.texts, tokenizer, path, workers=workers, progress=progress,
            total_lines=len(train) + len(test)))
    with open(tokens, encoding="utf-8") as fh:
        rows = [line.split() for line in fh]
    if len(rows) != len(train) + len(test):  # tokenize_to_file keeps one line per text
        raise Kow2vError(f"{tokens}: {len(rows)} lines for {len(train) + len(test)} documents")
    return TokenizedDocs(train, test, rows[:len(train)], rows[len(train):])


class _EpochLoss:
    """gensim callback: per-epoch loss (gensim's is cumulative over the run) and progress."""

    def __init__(self, bar: Any, words: int) -> None:
        self.previous, self.bar, self.words = 0.0, bar, words
        self.losses: list[float] = []

    def on_epoch_end(self, model: Any) -> None:
        total = model.get_latest_training_loss()
        self.losses.append(float(total - self.previous))
        self.previous = total
        if self.bar is not None:
            self.bar(self.words, model.min_alpha_yet_reached)

    def on_train_begin(self, model: Any) -> None: ...
    def on_train_end(self, model: Any) -> None: ...
    def on_epoch_begin(self, model: Any) -> None: ...


def _jamo_copy(tokens: Path) -> Path:
    """The tokens spelt in jamo, for gensim's FastText to see what kow2v's jamo FastText sees
    (written once beside the cached tokens, atomically)."""
    from kow2v.jamo import decompose

    path = tokens.with_name(tokens.stem + ".jamo.txt")
    if not path.exists():
        with open(tokens, encoding="utf-8") as src, atomic_open(path) as out:
            for line in src:
                out.write(" ".join(decompose(t) for t in line.split()) + "\n")
    return path


def _model(trainer: str, cfg: FastTextConfig) -> Any:
    """An untrained model of ``trainer`` with ``cfg``'s settings (gensim's names: one dict)."""
    # gensim's trainers get gensim's settings alone, kow2v's its own (shared_negatives) too
    w2v = ({f.name: getattr(cfg, f.name) for f in config_fields(TrainConfig)}
           if trainer.startswith("kow2v") else gensim_settings(cfg))
    ft = {**w2v, **{f: getattr(cfg, f) for f in ("min_n", "max_n", "bucket", "word_ngrams")}}
    if trainer == "kow2v":
        from kow2v.word2vec import Word2Vec

        return Word2Vec(**w2v)
    if trainer == "kow2v-fasttext":
        from kow2v.fasttext import FastText

        return FastText(**ft, subwords=cfg.subwords)
    if trainer == "gensim":
        from gensim.models import Word2Vec as GensimWord2Vec

        return GensimWord2Vec(**w2v)
    from gensim.models import FastText as GensimFastText

    ft.pop("compute_loss")  # gensim's FastText keeps no loss
    return GensimFastText(**ft)


def train(trainer: str, tokens: Path, cfg: FastTextConfig,
          progress: bool = False) -> tuple[Any, TrainingRun]:
    """Train one trainer on a tokenized file; returns its vectors and its measurements
    (quality still empty).

    Speed is measured untraced; memory is the peak PSS of the process and its workers
    (:class:`~kow2v.memory.PeakMemory`) from ``build_vocab`` to the end of ``train``, whole
    and above the size the process had when ``build_vocab`` began (what this training added,
    the figure that compares trainers run one after another in one process).
    gensim's FastText reads the jamo spelling of the tokens when kow2v's reads jamo n-grams,
    so that both see the same n-grams.
    """
    from kow2v.evaluation import Evaluation
    from kow2v.memory import PeakMemory
    from kow2v.progress import ProgressBar

    cfg = FastTextConfig(**{**cfg.to_dict(), "compute_loss": True})
    if trainer == "gensim-fasttext" and cfg.subwords == "jamo":
        tokens = _jamo_copy(tokens)
    sentences = TokenizedCorpus(tokens)
    model = _model(trainer, cfg)
    ours = trainer.startswith("kow2v")
    bar = None
    with PeakMemory() as peak:
        model.build_vocab(sentences)
        if progress and not ours:
            bar = ProgressBar(model.corpus_total_words * cfg.epochs, desc=f"training {trainer}")
        start = time.perf_counter()
        try:
            if ours:
                model.train(sentences, total_examples=model.corpus_count, epochs=cfg.epochs,
                            progress=progress)
                losses = list(model.epoch_losses)
            else:
                recorder = _EpochLoss(bar, model.corpus_total_words)
                model.train(sentences, total_examples=model.corpus_count, epochs=cfg.epochs,
                            compute_loss=True, callbacks=[recorder])
                losses = recorder.losses if trainer == "gensim" else []  # FastText: none
        finally:
            seconds = time.perf_counter() - start
            if bar is not None:
                bar.close()
    if trainer == "gensim-fasttext" and cfg.subwords == "jamo":
        model.wv.kow2v_subwords = "jamo"  # its keys are jamo spellings, as kow2v's
    words = model.corpus_total_words * cfg.epochs
    return model.wv, TrainingRun(trainer, seconds, words / seconds, peak.mb, losses,
                                 len(model.wv), Evaluation(), added_mb=peak.added_mb)


def run_compare(corpus: LineCorpus, cfg: CompareConfig, progress: bool = False,
                fingerprint: str | None = None) -> Comparison:
    """Tokenize, train and evaluate every tokenizer x trainer (``fingerprint``: the corpus's
    :func:`corpus_fingerprint` when the caller has it already).

    Raises
    ------
    Kow2vError
        An unknown trainer, or no tokenizer that can be used here.
    """
    cfg.validate()
    fingerprint = fingerprint or corpus_fingerprint(corpus)
    eval_words = cfg.sets.words()
    status = tokenizers.available()
    result = Comparison(cfg, str(corpus.path), fingerprint)
    for name in cfg.tokenizers:
        reason = status.get(name, "unknown tokenizer")
        if reason is not None:
            log.warning("skipping %s: %s", name, reason)
            result.skipped[name] = reason
            continue
        tokens, stats, tokenizer = tokenize_cached(corpus, name, cfg.cache_dir, fingerprint,
                                                   cfg.train.workers, progress)
        mapper = TokenMapper(tokenizer)
        summary = TokenizerSummary(name, stats.lines, stats.tokens, stats.chars, stats.seconds,
                                   stats.vocabulary)
        docs = None
        if cfg.sets.classification is not None:
            docs = tokenize_docs_cached(cfg.sets.classification, tokenizer, name, cfg.cache_dir,
                                        fingerprint, cfg.train.workers, progress)
            summary.tfidf = tfidf_baseline(docs)
        word_sets = EvalSets(cfg.sets.analogies, cfg.sets.similarity)
        runs: dict[str, TrainingRun] = {}
        for trainer in cfg.trainers:
            log.info("training %s on %s tokens", trainer, name)
            kv, run = train(trainer, tokens, cfg.train, progress)
            run.quality = evaluate_sets(kv, cfg.sets, map_word=mapper, docs=docs)
            if cfg.pieces:
                run.quality_pieces = evaluate_sets(kv, word_sets, map_word=mapper, pieces=True)
            result.vectors[(name, trainer)] = kv
            runs[trainer] = run
        if eval_words:
            _coverage(summary, eval_words, mapper, tokenizer, result.vectors[(name,
                                                                             cfg.trainers[0])])
        if "kow2v" in runs and "gensim" in runs:
            summary.overlap_kow2v_gensim = neighbour_overlap(result.vectors[(name, "gensim")],
                                                             result.vectors[(name, "kow2v")])
        if "kow2v-fasttext" in runs and "gensim-fasttext" in runs:
            summary.overlap_fasttext = neighbour_overlap(
                result.vectors[(name, "gensim-fasttext")], result.vectors[(name, "kow2v-fasttext")])
        if cfg.keep_vectors == "first":  # the report's figures need no more; n-gram matrices
            for trainer in cfg.trainers[1:]:  # of FastText take hundreds of MB each
                result.vectors.pop((name, trainer), None)
        result.tokenizers[name] = summary
        result.runs[name] = runs
    if not result.runs:
        raise Kow2vError("no tokenizer could be used: " + "; ".join(
            f"{k}: {v}" for k, v in result.skipped.items()))
    return result


def _coverage(summary: TokenizerSummary, words: list[str], mapper: TokenMapper, tokenizer: Any,
              kv: Any) -> None:
    mapped = [mapper(w) for w in words]
    summary.eval_words = len(words)
    summary.eval_words_split = sum(m is None for m in mapped) / len(words)
    summary.eval_words_oov = sum(m is not None and m not in kv.key_to_index
                                 for m in mapped) / len(words)
    summary.split_words = {w: tokenizer.tokenize(w) for w in mapper.split_words}


SUMMARY_HEADER = ("tokenizer", "trainer", "tok tokens/s", "types", "train words/s",
                  "analogy 3CosAdd", "sim Spearman", "sentiment acc", "overlap k/g")


def summary_rows(result: Comparison) -> list[Sequence[Any]]:
    """One row per tokenizer x trainer for the terminal table."""
    def first(d: dict[str, Any], attr: str) -> str:
        value = getattr(next(iter(d.values())), attr) if d else float("nan")
        return "-" if value != value else f"{value:.3f}"

    rows: list[Sequence[Any]] = []
    for name, run in result.all_runs():
        tok = result.tokenizers[name]
        overlap = tok.overlap_kow2v_gensim
        probe = run.quality.classification
        rows.append((name, run.trainer, f"{tok.tokens_per_sec:,.0f}", f"{tok.types:,}",
                     f"{run.words_per_sec:,.0f}", first(run.quality.analogies, "accuracy_add"),
                     first(run.quality.similarity, "spearman"),
                     "-" if probe is None else f"{probe.accuracy:.3f}",
                     "-" if overlap is None else f"{overlap:.3f}"))
    return rows
