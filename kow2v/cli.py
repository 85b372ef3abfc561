"""The ``kow2v`` command line. The only module that prints, configures logging or shows progress."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kow2v import __version__
from kow2v.errors import Kow2vError

log = logging.getLogger("kow2v")


# -- helpers -------------------------------------------------------------------------------
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


def build_tokenizer(args: argparse.Namespace, corpus: Any) -> Any:
    """Create the tokenizer the arguments name, fitted on ``corpus`` when it learns (soynlp)."""
    from kow2v import tokenizers
    from kow2v.tokenize import fit_if_needed

    tokenizer = tokenizers.get(args.tokenizer, **tokenizer_options(args))
    model = args.tokenizer_model
    if tokenizers.is_trainable(tokenizer):
        if model is not None and model.exists():
            tokenizer = type(tokenizer).load(model)  # type: ignore[attr-defined]
            log.info("loaded %s scores from %s", tokenizer.name, model)
        else:
            fit_if_needed(tokenizer, corpus)
            if model is not None:
                tokenizer.save(model)  # type: ignore[attr-defined]
                log.info("saved %s scores to %s", tokenizer.name, model)
    elif model is not None:
        raise Kow2vError(f"--tokenizer-model is for trainable tokenizers; {args.tokenizer} is not")
    return tokenizer


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encoding", default="utf-8", help="utf-8 (default), cp949, euc-kr, "
                        "or auto (UTF-8 or CP949, decided per file)")
    parser.add_argument("--errors", choices=("strict", "replace"), default="strict",
                        help="what to do with undecodable bytes (default: stop with an error)")


def _table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# -- sub-commands ----------------------------------------------------------------------------
def cmd_tokenizers(args: argparse.Namespace) -> int:
    from kow2v import tokenizers

    rows = []
    for name, reason in tokenizers.available().items():
        rows.append((name, "yes" if reason is None else "no", tokenizers.describe(name)
                     if reason is None else reason))
    print(_table(rows, ("tokenizer", "available", "description / what to install")))
    return 0


def cmd_tokenize(args: argparse.Namespace) -> int:
    from kow2v.corpus import LineCorpus
    from kow2v.tokenize import tokenize_to_file

    corpus = LineCorpus(args.input, encoding=args.encoding, errors=args.errors)
    tokenizer = build_tokenizer(args, corpus)
    if args.output is None:
        from kow2v.tokenizers.parallel import tokenize_lines

        for tokens in tokenize_lines(corpus, tokenizer, workers=args.workers, pool=args.pool):
            if tokens:
                sys.stdout.write(" ".join(tokens) + "\n")
        return 0
    stats = tokenize_to_file(corpus, tokenizer, args.output, workers=args.workers,
                             progress=not args.quiet, pool=args.pool)
    print(f"{stats.tokenizer}: {stats.lines:,} lines, {stats.tokens:,} tokens, "
          f"{stats.vocabulary:,} types in {stats.seconds:.1f} s "
          f"({stats.tokens_per_sec:,.0f} tokens/s, {stats.chars_per_sec:,.0f} chars/s) "
          f"-> {args.output}", file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from kow2v.demo import run_demo

    return run_demo(args)


# -- parser ------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    from kow2v.tokenizers import parallel

    parser = argparse.ArgumentParser(prog="kow2v", description="Korean word vectors: "
                                     "tokenize, train (NumPy word2vec), evaluate, compare.")
    parser.add_argument("--version", action="version", version=f"kow2v {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress bars, warnings only")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("tokenizers", help="list tokenizers and whether they can be used here")
    p.set_defaults(func=cmd_tokenizers)

    p = sub.add_parser("tokenize", help="tokenize a corpus into gensim's LineSentence format")
    p.add_argument("input", type=Path, help="text file (.txt, .gz, .bz2) or directory")
    p.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    p.add_argument("--workers", type=int, default=1, help="tokenizer workers (default 1)")
    p.add_argument("--pool", choices=parallel.POOLS, default="auto",
                   help="workers as processes (a tagger each) or threads sharing one JVM; "
                        "auto: threads for Okt, Hannanum and Kkma, processes otherwise")
    add_corpus_options(p)
    add_tokenizer_options(p)
    p.set_defaults(func=cmd_tokenize)

    p = sub.add_parser("demo", help="the main job on the bundled corpus")
    p.add_argument("--corpus", type=Path, help="corpus to use instead of the bundled sample")
    p.add_argument("-t", "--tokenizers", help="comma-separated tokenizers (default: a fast set)")
    p.add_argument("-o", "--output", type=Path, default=Path("demo-report"),
                   help="report directory (default ./demo-report)")
    p.set_defaults(func=cmd_demo)

    from kow2v import cli_evaluate, cli_train

    cli_train.add_commands(sub)
    cli_evaluate.add_commands(sub)
    return parser


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S", stream=sys.stderr)
    if verbose < 2:  # gensim is chatty at INFO
        logging.getLogger("gensim").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose, args.quiet)
    try:
        return int(args.func(args) or 0)
    except Kow2vError as exc:
        print(f"kow2v: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kow2v: interrupted; no partial output file was left behind", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kow2v tokenize ... | head`
        return 0
