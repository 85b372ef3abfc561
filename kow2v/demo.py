"""The main job on the bundled corpus, small enough for a laptop.

Tokenizes the bundled movie reviews with each available tokenizer of a fast set, trains
kow2v and gensim on each tokenization with the same settings, evaluates everything on the
project's evaluation sets, and writes the comparison report.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from kow2v.bundled import bundled
from kow2v.compare import run_compare
from kow2v.comparison import CompareConfig, Comparison
from kow2v.config import FastTextConfig
from kow2v.corpus import LineCorpus
from kow2v.evaluation import EvalSets
from kow2v.report import write_report

log = logging.getLogger(__name__)

#: fast enough together for the demo's time budget; hannanum and kkma can be asked for
DEMO_TOKENIZERS = ("whitespace", "mecab", "kiwi", "okt", "komoran", "soynlp-ltokenizer")
#: CBOW, 40 epochs, min_count 3: the bundled corpus has 86k-203k tokens (by tokenizer); with
#: fewer epochs most vectors have not yet moved apart (README, "When the corpus is too small")
DEMO_TRAINING = FastTextConfig(epochs=40, min_count=3, compute_loss=True)
#: ``kow2v demo --quick``: a smoke run of the whole pipeline
QUICK_TOKENIZERS = ("whitespace", "mecab")
QUICK_TRAINING = DEMO_TRAINING.replace(epochs=2)


def demo_config(tokenizers: Sequence[str] | None, output: Path,
                quick: bool = False) -> CompareConfig:
    """What the demo compares: both trainers, the project's sets (the classification probe
    where scikit-learn is installed), a cache in the report."""
    import importlib.util

    from kow2v.evaluation.classification import INSTALL_HINT

    sklearn = importlib.util.find_spec("sklearn") is not None
    if not sklearn:
        log.warning("no classification probe in the demo: %s", INSTALL_HINT)
    default = QUICK_TOKENIZERS if quick else DEMO_TOKENIZERS
    training = QUICK_TRAINING if quick else DEMO_TRAINING
    return CompareConfig(tokenizers=list(tokenizers or default), trainers=["kow2v", "gensim"],
                         train=FastTextConfig(**training.to_dict()), sets=EvalSets.bundled(sklearn),
                         cache_dir=output / "cache", keep_vectors="first")


def run_demo(corpus: str | os.PathLike[str] | None = None,
             tokenizers: Sequence[str] | None = None,
             output: str | os.PathLike[str] = "demo-report",
             progress: bool = False, quick: bool = False) -> tuple[Comparison, Path]:
    """Run the comparison of :func:`demo_config` and write its report into ``output``
    (``quick``: whitespace and mecab, 2 epochs).

    Returns
    -------
    (Comparison, Path)
        The results and the path of ``report.md``.
    """
    out = Path(output)
    if quick:  # a smoke run: undertrained on purpose, so one note instead of a warning a model
        log.info("demo --quick: %d epochs is a smoke run of the pipeline; its vectors have not "
                 "moved apart (the full demo trains %d)", QUICK_TRAINING.epochs,
                 DEMO_TRAINING.epochs)
    with _without_advice() if quick else contextlib.nullcontext():
        result = run_compare(LineCorpus(corpus or bundled("nsmc-sample.txt.gz")),
                             demo_config(tokenizers, out, quick), progress=progress)
    command = "kow2v demo" + (" --quick" if quick else "") + \
        (f" --corpus {corpus}" if corpus else "") + \
        (f" -t {','.join(tokenizers)}" if tokenizers else "")
    return result, write_report(result, out, command=command)


@contextlib.contextmanager
def _without_advice() -> Iterator[None]:
    """Leave out the trainers' "not moved apart" advice (:meth:`Any2Vec._advise`)."""
    from kow2v.evaluation.spread import NOT_MOVED_APART

    trainer_log = logging.getLogger("kow2v.any2vec")

    def keep(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(NOT_MOVED_APART)

    trainer_log.addFilter(keep)
    try:
        yield
    finally:
        trainer_log.removeFilter(keep)
