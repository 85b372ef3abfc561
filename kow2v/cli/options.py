"""Options and helpers shared by the sub-commands (the one module they all import)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kow2v.config import FastTextConfig, TrainConfig, config_fields
from kow2v.errors import Kow2vError


def _parse_value(text: str) -> Any:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


# -- argument types ----------------------------------------------------------------------------
def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number of at least ``minimum`` (argparse then prints a
    one-line usage error naming the option, instead of a traceback later)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {value}")
        return value

    return parse


def seconds(text: str) -> float:
    """An argparse ``type``: a finite number of seconds >= 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text}")
    return value


# -- tokenizer ---------------------------------------------------------------------------------
def add_tokenizer_options(parser: argparse.ArgumentParser, required: bool = True) -> None:
    group = parser.add_argument_group("tokenizer")
    group.add_argument("-t", "--tokenizer", required=required, default=None if required else
                       "whitespace", help="tokenizer name (see `kow2v tokenizers`)")
    group.add_argument("--pos", help="keep only tags starting with these comma-separated "
                       "prefixes, e.g. NN,VV,VA (Okt: Noun,Verb,Adjective)")
    group.add_argument("--tagged", action="store_true", help="emit form/TAG tokens")
    group.add_argument("--norm", action="store_true", help="Okt: normalise informal spelling")
    group.add_argument("--stem", action="store_true", help="Okt: dictionary forms of verbs")
    group.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                       help="any other tokenizer option (repeatable)")
    group.add_argument("--tokenizer-model", type=Path, metavar="PATH",
                       help="soynlp: load learned scores from PATH if it exists, else fit on "
                       "the corpus and save them there")


def tokenizer_options(args: argparse.Namespace) -> dict[str, Any]:
    """The tokenizer options the arguments name (``--pos``, ``--option KEY=VALUE``, ...)."""
    options: dict[str, Any] = {}
    if args.pos:
        options["pos"] = [p for p in args.pos.split(",") if p]
    for flag in ("tagged", "norm", "stem"):
        if getattr(args, flag):
            options[flag] = True
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise Kow2vError(f"--option expects KEY=VALUE, got {item!r}")
        options[key.replace("-", "_")] = _parse_value(value)
    return options


def tokenizer_from_args(args: argparse.Namespace, corpus: Any) -> Any:
    """The tokenizer the arguments name, fitted on ``corpus`` when it learns (soynlp)."""
    from kow2v.tokenize import prepare_tokenizer

    return prepare_tokenizer(args.tokenizer, tokenizer_options(args), corpus,
                             args.tokenizer_model)


# -- corpus ------------------------------------------------------------------------------------
def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encoding", default="utf-8", help="utf-8 (default), cp949, euc-kr, "
                        "or auto (UTF-8 or CP949, decided per file)")
    parser.add_argument("--errors", choices=("strict", "replace"), default="strict",
                        help="what to do with undecodable bytes (default: stop with an error)")


def guard_outputs(args: argparse.Namespace, outputs: Sequence[Path | None], *inputs: Path) -> None:
    """Refuse any output that is, or lies inside, one of the inputs (nothing is written)."""
    from kow2v.paths import check_not_input

    for output in outputs:
        if output is not None:
            check_not_input(output, inputs)


def corpus_from_args(args: argparse.Namespace, path: Path) -> Any:
    from kow2v.corpus import LineCorpus

    return LineCorpus(path, encoding=args.encoding, errors=args.errors)


# -- training settings, generated from TrainConfig ----------------------------------------------
def add_train_options(parser: argparse.ArgumentParser,
                      defaults: TrainConfig | None = None) -> None:
    """One option per field of :class:`~kow2v.config.FastTextConfig` (Word2Vec's settings and
    fastText's) marked for the command line (``--vector-size``, ..., ``--sg``, ``--min-n``),
    with ``defaults``' values."""
    defaults = defaults or FastTextConfig()
    group = parser.add_argument_group("training (gensim's names and defaults)")
    for f in config_fields(FastTextConfig):
        if not f.metadata.get("cli"):
            continue
        default = getattr(defaults, f.name, f.default)
        flag = "--" + f.name.replace("_", "-")
        note = " (fastText)" if f.name not in _WORD2VEC_FIELDS else ""
        if f.name == "sg":
            group.add_argument(flag, action="store_const", const=1, default=default,
                               help="skip-gram (default: CBOW)")
            continue
        kind = type(default) if default is not None else int
        group.add_argument(flag, type=kind, default=default, metavar=f.name.upper(),
                           choices=f.metadata["choices"] or None,
                           help=f"{f.metadata['help']}{note} (default {default})")


_WORD2VEC_FIELDS = {f.name for f in config_fields(TrainConfig)}


def train_config(args: argparse.Namespace, cls: type[TrainConfig] = TrainConfig,
                 **fixed: Any) -> Any:
    """The ``cls`` config (:class:`~kow2v.config.TrainConfig` or ``FastTextConfig``) of the
    parsed options, plus ``fixed`` fields.

    Raises
    ------
    Kow2vError
        A value out of range, or a fastText option given for a word2vec model.
    """
    names = {f.name for f in config_fields(cls)}
    values = {f.name: getattr(args, f.name) for f in config_fields(FastTextConfig)
              if f.metadata.get("cli") and hasattr(args, f.name)}
    stray = [n for n, v in values.items() if n not in names and v != getattr(FastTextConfig, n)]
    if stray:
        raise Kow2vError(f"--{stray[0].replace('_', '-')} is a fastText option; add "
                         "--model fasttext")
    try:
        return cls(**{**{n: v for n, v in values.items() if n in names}, **fixed})
    except ValueError as exc:  # out of range: a user error, one line
        raise Kow2vError(str(exc)) from None


# -- evaluation sets ---------------------------------------------------------------------------
def add_eval_set_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("evaluation sets (default: the project's own, when none "
                                      "is given)")
    group.add_argument("--analogies", type=Path, action="append", default=[],
                       help="analogy file (': section' or '# section' headers); repeatable")
    group.add_argument("--similarity", type=Path, action="append", default=[],
                       help="word1,word2,score file (CSV/TSV, header optional); repeatable")
    group.add_argument("--classification", type=Path, nargs=2, metavar=("TRAIN", "TEST"),
                       help="labelled TSV/CSV files (header with a label and a text column) "
                       "for the document-classification probe")
    group.add_argument("--label-column", default="label", help="default: label")
    group.add_argument("--text-column", help="default: text, document, sentence or review")
    group.add_argument("--classification-encoding", default="utf-8",
                       help="utf-8 (default), cp949 or auto")
    group.add_argument("--split-words", choices=("skip", "mean"), default="skip",
                       help="evaluation words the tokenizer splits: skip them (counted), or "
                       "also score them by the mean of their pieces' vectors, reported apart")


def eval_sets(args: argparse.Namespace, with_bundled: bool) -> Any:
    """The sets the arguments give, or the project's own when ``with_bundled`` (the bundled
    classification sample only where scikit-learn is installed; a note says so otherwise)."""
    import importlib.util
    import sys

    from kow2v.evaluation import ClassificationSet, EvalSets

    docs = None
    if args.classification:
        docs = ClassificationSet(args.classification[0], args.classification[1],
                                 args.label_column, args.text_column,
                                 args.classification_encoding)
    given = EvalSets.of(args.analogies, args.similarity)
    given = EvalSets(given.analogies, given.similarity, docs)
    if not with_bundled:
        return given
    sklearn = importlib.util.find_spec("sklearn") is not None
    if not sklearn:
        from kow2v.evaluation.classification import INSTALL_HINT

        print(f"(no classification probe: {INSTALL_HINT})", file=sys.stderr)
    return EvalSets.bundled(classification=sklearn) + given


def add_unicode_errors_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unicode-errors", choices=("strict", "replace", "ignore"),
                        default="strict", help="word2vec files: what to do with keys that are "
                        "not valid UTF-8 (word2vec.c cuts long keys inside a character)")


# -- output ------------------------------------------------------------------------------------
def table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    """A plain-text table, columns padded to their widest cell."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
