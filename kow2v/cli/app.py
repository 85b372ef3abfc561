"""The parser of every sub-command, logging set-up, and the error-to-exit-code policy."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from kow2v import __version__
from kow2v.cli import compare, evaluate, tokenize, train
from kow2v.errors import Kow2vError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kow2v", description="Korean word vectors: "
                                     "tokenize, train (NumPy word2vec), evaluate, compare.")
    parser.add_argument("--version", action="version", version=f"kow2v {__version__}")
    _add_output_options(parser, verbose=0, quiet=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for commands in (tokenize, train, evaluate, compare):
        commands.add_commands(sub)
    for command in sub.choices.values():  # also after the command: `kow2v train ... -q`
        _add_output_options(command, verbose=argparse.SUPPRESS, quiet=argparse.SUPPRESS)
    return parser


def _add_output_options(parser: argparse.ArgumentParser, verbose: Any, quiet: Any) -> None:
    """-v and -q with these defaults (``argparse.SUPPRESS`` on a command: given there, they
    set the value; not given, the one before the command stays)."""
    parser.add_argument("-v", "--verbose", action="count", default=verbose,
                        help="log what happens (-v) and per-epoch detail (-vv)")
    parser.add_argument("-q", "--quiet", action="store_true", default=quiet,
                        help="no progress bars, warnings only")


def configure_logging(verbose: int) -> None:
    """Warnings by default (commands print their own summaries); INFO with -v, DEBUG with -vv."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S", stream=sys.stderr)
    if verbose < 3:  # gensim is chatty at INFO
        logging.getLogger("gensim").setLevel(max(level, logging.WARNING))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # what the user typed, for reports
    configure_logging(args.verbose)
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
