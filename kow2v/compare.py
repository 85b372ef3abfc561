"""Same corpus, several tokenizers, several trainers: train, evaluate, and collect the numbers.

Each tokenization is cached under ``cache_dir`` by a hash of the corpus bytes, the tokenizer's
name and options, so a re-run skips straight to training. Every trainer gets the same tokens,
hyper-parameters and seed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kow2v import tokenizers
from kow2v.atomic import atomic_open
from kow2v.corpus import LineCorpus, TokenizedCorpus
from kow2v.errors import Kow2vError
from kow2v.evaluation import (
    TokenMapper,
    evaluate_analogies,
    evaluate_pairs,
    neighbour_overlap,
    read_analogies,
    read_pairs,
)
from kow2v.tokenize import TokenizeStats, fit_if_needed, tokenize_to_file

log = logging.getLogger(__name__)

TRAINERS = ("kow2v", "gensim")


@dataclass
class CompareConfig:
    """What to compare and how (gensim's names for the training settings)."""

    tokenizers: list[str]
    trainers: list[str] = field(default_factory=lambda: list(TRAINERS))
    sg: int = 0
    epochs: int = 5
    vector_size: int = 100
    window: int = 5
    min_count: int = 5
    seed: int = 1
    workers: int = 1
    analogies: list[Path] = field(default_factory=list)
    similarity: list[Path] = field(default_factory=list)
    cache_dir: Path = Path(".kow2v-cache")

    def validate(self) -> None:
        unknown = [t for t in self.trainers if t not in TRAINERS]
        if unknown:
            raise Kow2vError(f"unknown trainer(s) {unknown}; choose from {list(TRAINERS)}")
        if not self.tokenizers:
            raise Kow2vError("name at least one tokenizer")


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
    key = hashlib.sha256(json.dumps([fingerprint, name, options], sort_keys=True,
                                    default=str).encode()).hexdigest()[:16]
    stem = cache_dir / f"{name}-{key}"
    tokens, meta = stem.with_suffix(".txt"), stem.with_suffix(".json")
    model = stem.with_suffix(".scores.json")
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _entry_lock(stem.with_suffix(".lock")):
        tokenizer = tokenizers.get(name, **options)
        if tokenizers.is_trainable(tokenizer) and model.exists():
            tokenizer = type(tokenizer).load(model)  # type: ignore[attr-defined]
        stats = _trusted_entry(tokens, meta)
        if stats is not None:
            log.info("%s: using cached tokens %s", name, tokens)
            return tokens, stats, tokenizer
        if fit_if_needed(tokenizer, corpus):
            tokenizer.save(model)  # type: ignore[attr-defined]
        stats = tokenize_to_file(corpus, tokenizer, tokens, workers=workers, progress=progress)
        record = {**asdict(stats), "tokens_file": {"bytes": tokens.stat().st_size,
                                                   "sha256": _file_digest(tokens)}}
        with atomic_open(meta) as fh:
            json.dump(record, fh)
    return tokens, stats, tokenizer


def train(trainer: str, tokens: Path, cfg: CompareConfig) -> dict[str, Any]:
    """Train one trainer on a tokenized file; returns its vectors and measurements."""
    sentences = TokenizedCorpus(tokens)
    params: dict[str, Any] = dict(
        vector_size=cfg.vector_size, window=cfg.window, min_count=cfg.min_count, sg=cfg.sg,
        seed=cfg.seed, workers=cfg.workers, epochs=cfg.epochs, compute_loss=True)
    losses: list[float] = []
    if trainer == "kow2v":
        from kow2v.word2vec import Word2Vec

        model = Word2Vec(**params)
    else:
        from gensim.models import Word2Vec as GensimWord2Vec
        from gensim.models.callbacks import CallbackAny2Vec

        class EpochLoss(CallbackAny2Vec):  # gensim's loss is cumulative over the run
            def __init__(self) -> None:
                self.previous = 0.0

            def on_epoch_end(self, model: Any) -> None:
                total = model.get_latest_training_loss()
                losses.append(float(total - self.previous))
                self.previous = total

        model = GensimWord2Vec(**params)
        callbacks = [EpochLoss()]  # gensim ignores callbacks given to the constructor here
    tracemalloc.start()  # vocabulary counting, the weights and training: what a run holds
    model.build_vocab(sentences)
    start = time.perf_counter()
    if trainer == "kow2v":
        model.train(sentences, total_examples=model.corpus_count, epochs=cfg.epochs)
    else:
        model.train(sentences, total_examples=model.corpus_count, epochs=cfg.epochs,
                    compute_loss=True, callbacks=callbacks)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    if trainer == "kow2v":
        losses = list(model.epoch_losses)
    words = model.corpus_total_words * cfg.epochs
    return {"kv": model.wv, "seconds": seconds, "words_per_sec": words / seconds,
            "peak_mb": peak / 2**20, "epoch_losses": losses, "vocabulary": len(model.wv)}


def _eval_words(cfg: CompareConfig) -> list[str]:
    words: set[str] = set()
    for path in cfg.analogies:
        words.update(w for s in read_analogies(path) for q in s.questions for w in q)
    for path in cfg.similarity:
        words.update(w for a, b, _ in read_pairs(path) for w in (a, b))
    return sorted(words)


def evaluate(kv: Any, mapper: TokenMapper, cfg: CompareConfig) -> dict[str, Any]:
    """Every evaluation set, through the corpus tokenizer."""
    out: dict[str, Any] = {"analogies": {}, "similarity": {}}
    for path in cfg.analogies:
        r = evaluate_analogies(kv, path, map_word=mapper)
        out["analogies"][path.name] = {
            "accuracy_3cosadd": r.accuracy_add, "accuracy_3cosmul": r.accuracy_mul,
            "questions": r.questions, "answered": r.answered, "skipped_ratio": r.skipped_ratio,
            "sections": {s.name: {"questions": s.questions, "answered": s.answered,
                                  "split": s.split, "accuracy_3cosadd": s.accuracy_add,
                                  "accuracy_3cosmul": s.accuracy_mul} for s in r.sections}}
    for path in cfg.similarity:
        p = evaluate_pairs(kv, path, map_word=mapper)
        out["similarity"][path.name] = {"spearman": p.spearman, "pearson": p.pearson,
                                        "pairs": p.pairs, "oov_pairs": p.oov_pairs,
                                        "split_pairs": p.split_pairs}
    return out


def run_compare(corpus: LineCorpus, cfg: CompareConfig, progress: bool = False) -> dict[str, Any]:
    """Tokenize, train and evaluate every tokenizer x trainer; returns the report's numbers.

    The returned dict holds plain numbers (for ``report.json``) except ``vectors``, which maps
    ``(tokenizer, trainer)`` to the trained KeyedVectors for the figures.
    """
    cfg.validate()
    fingerprint = corpus_fingerprint(corpus)
    eval_words = _eval_words(cfg)
    status = tokenizers.available()
    results: dict[str, Any] = {"config": {k: (str(v) if isinstance(v, Path) else
                                              [str(x) for x in v] if k in ("analogies",
                                                                           "similarity") else v)
                                          for k, v in asdict(cfg).items()},
                               "corpus": {"path": str(corpus.path), "fingerprint": fingerprint},
                               "tokenizers": {}, "runs": {}, "skipped": {}}
    vectors: dict[tuple[str, str], Any] = {}
    for name in cfg.tokenizers:
        reason = status.get(name, "unknown tokenizer")
        if reason is not None:
            log.warning("skipping %s: %s", name, reason)
            results["skipped"][name] = reason
            continue
        tokens, stats, tokenizer = tokenize_cached(corpus, name, cfg.cache_dir, fingerprint,
                                                   cfg.workers, progress)
        mapper = TokenMapper(tokenizer)
        entry: dict[str, Any] = {
            "tokens_per_sec": stats.tokens_per_sec, "chars_per_sec": stats.chars_per_sec,
            "lines": stats.lines, "tokens": stats.tokens, "types": stats.vocabulary,
            "type_token_ratio": stats.vocabulary / max(stats.tokens, 1),
            "tokenize_seconds": stats.seconds}
        runs = {}
        for trainer in cfg.trainers:
            log.info("training %s on %s tokens", trainer, name)
            run = train(trainer, tokens, cfg)
            kv = run.pop("kv")
            vectors[(name, trainer)] = kv
            run.update(evaluate(kv, mapper, cfg))
            runs[trainer] = run
        if eval_words:
            mapped = [mapper(w) for w in eval_words]
            kv = next(iter(vectors[(name, t)] for t in cfg.trainers))
            entry["eval_words"] = len(eval_words)
            entry["eval_words_split"] = sum(m is None for m in mapped) / len(eval_words)
            entry["split_words"] = mapper.split_words  # each with its tokens in the report
            entry["split_words_tokens"] = {w: tokenizer.tokenize(w) for w in mapper.split_words}
            entry["eval_words_oov"] = sum(m is not None and m not in kv.key_to_index
                                          for m in mapped) / len(eval_words)
        if "kow2v" in runs and "gensim" in runs:
            entry["overlap_kow2v_gensim"] = neighbour_overlap(vectors[(name, "gensim")],
                                                              vectors[(name, "kow2v")])
        results["tokenizers"][name] = entry
        results["runs"][name] = runs
    if not results["runs"]:
        raise Kow2vError("no tokenizer could be used: " + "; ".join(
            f"{k}: {v}" for k, v in results["skipped"].items()))
    results["vectors"] = vectors
    return results


def default_eval_sets() -> tuple[list[Path], list[Path]]:
    """The project's own analogy and similarity sets (``corpora/eval``)."""
    from kow2v.bundled import bundled

    return [bundled("eval/ko_analogies.txt")], [bundled("eval/ko_similarity.tsv")]


def summary_rows(results: dict[str, Any]) -> list[Sequence[Any]]:
    """One row per tokenizer x trainer for the terminal table."""
    rows: list[Sequence[Any]] = []
    for name, runs in results["runs"].items():
        tok = results["tokenizers"][name]
        for trainer, run in runs.items():
            ana = next(iter(run["analogies"].values()), None)
            sim = next(iter(run["similarity"].values()), None)
            rows.append((name, trainer, f"{tok['tokens_per_sec']:,.0f}", f"{tok['types']:,}",
                         f"{run['words_per_sec']:,.0f}",
                         f"{ana['accuracy_3cosadd']:.3f}" if ana else "-",
                         f"{sim['spearman']:.3f}" if sim else "-",
                         f"{tok.get('overlap_kow2v_gensim', float('nan')):.3f}"))
    return rows


SUMMARY_HEADER = ("tokenizer", "trainer", "tok tokens/s", "types", "train words/s",
                  "analogy 3CosAdd", "sim Spearman", "overlap k/g")
