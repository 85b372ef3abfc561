"""``kow2v tokenizers`` and ``kow2v tokenize``."""

from __future__ import annotations

import argparse
import contextlib
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kow2v.cli.options import (
    add_corpus_options,
    add_tokenizer_options,
    corpus_from_args,
    guard_outputs,
    seconds,
    table,
    tokenizer_from_args,
    whole_number,
)


def add_commands(sub: Any) -> None:
    from kow2v.tokenizers import parallel

    p = sub.add_parser("tokenizers", help="list tokenizers and whether they can be used here")
    p.set_defaults(func=cmd_tokenizers)

    p = sub.add_parser("tokenize", help="tokenize a corpus into gensim's LineSentence format")
    p.add_argument("input", type=Path, help="text file (.txt, .gz, .bz2), directory, or -: "
                   "standard input")
    p.add_argument("-o", "--output", type=Path,
                   help="output file (default, or -: standard output)")
    p.add_argument("--workers", type=whole_number(1), default=1,
                   help="tokenizer workers (default 1)")
    p.add_argument("--pool", choices=parallel.POOLS, default="auto",
                   help="workers as processes (a tagger each) or threads sharing one JVM; "
                        "auto: threads for the KoNLPy taggers, processes otherwise")
    p.add_argument("--shard-lines", type=whole_number(1), metavar="N",
                   help="write OUTPUT as a directory of shards of N input lines each with a "
                   "manifest (resumable; gensim reads OUTPUT/shards with PathLineSentences); "
                   "default with --dask: 20000")
    p.add_argument("--dask", metavar="SCHEDULER",
                   help="tokenize on a Dask cluster: a scheduler address (tcp://host:8786) "
                   "or local:N for N local worker processes; needs kow2v[dask]; writes "
                   "shards")
    p.add_argument("--line-budget", type=seconds, metavar="SECONDS",
                   help="give up a line that takes longer (listed in OUTPUT.skipped.tsv, "
                   "written as an empty line); default: the tagger's own (30 s for the JVM "
                   "taggers), 0 for none")
    add_corpus_options(p)
    add_tokenizer_options(p)
    p.set_defaults(func=cmd_tokenize)


def cmd_tokenizers(args: argparse.Namespace) -> int:
    from kow2v import tokenizers

    rows = []
    for name, reason in tokenizers.available().items():
        rows.append((name, "yes" if reason is None else "no", tokenizers.describe(name)
                     if reason is None else reason))
    print(table(rows, ("tokenizer", "available", "description / what to install")))
    return 0


def cmd_tokenize(args: argparse.Namespace) -> int:
    if args.output == Path("-"):  # the usual spelling of standard output, not a file "-"
        args.output = None
    if args.input != Path("-"):
        return _tokenize(args)
    with _stdin_as_file() as args.input:  # ... and of standard input
        return _tokenize(args)


@contextlib.contextmanager
def _stdin_as_file() -> Iterator[Path]:
    """Standard input in a temporary file, removed afterwards: tokenizing may read its input
    more than once (``--encoding auto``, a soynlp tokenizer's fit, the workers' shares).
    Errors name it "standard input", not the file."""
    from kow2v.errors import Kow2vError

    with tempfile.TemporaryDirectory(prefix="kow2v-stdin-") as tmp:
        path = Path(tmp) / "stdin.txt"
        with open(path, "wb") as fh:
            shutil.copyfileobj(sys.stdin.buffer, fh, 1 << 20)
        try:
            yield path
        except Kow2vError as exc:
            exc.args = tuple(str(a).replace(str(path), "standard input") for a in exc.args)
            raise


def _tokenize(args: argparse.Namespace) -> int:
    from kow2v.tokenize import tokenize_to_file

    corpus = corpus_from_args(args, args.input)
    guard_outputs(args, [args.output, args.tokenizer_model], args.input)
    tokenizer = tokenizer_from_args(args, corpus)
    if args.dask or args.shard_lines:
        return _tokenize_shards(args, corpus, tokenizer)
    if args.output is None:
        from kow2v.tokenizers.parallel import tokenize_lines

        for tokens in tokenize_lines(corpus, tokenizer, workers=args.workers, pool=args.pool,
                                     line_budget=_budget(args, tokenizer)):
            sys.stdout.write(" ".join(tokens) + "\n")  # one line per line, as in a file
        return 0
    stats = tokenize_to_file(corpus, tokenizer, args.output, workers=args.workers,
                             progress=not args.quiet, pool=args.pool,
                             line_budget=_budget(args, tokenizer))
    print(f"{stats.tokenizer}: {stats.lines:,} lines, {stats.tokens:,} tokens, "
          f"{stats.vocabulary:,} types in {stats.seconds:.1f} s "
          f"({stats.tokens_per_sec:,.0f} tokens/s, {stats.chars_per_sec:,.0f} chars/s) "
          f"-> {args.output}", file=sys.stderr)
    if stats.lines_cut or stats.lines_skipped:
        from kow2v.tokenize import skipped_report_path

        skipped = (f"; {stats.lines_skipped:,} skipped over the time budget (listed in "
                   f"{skipped_report_path(args.output)})" if stats.lines_skipped else "")
        print(f"{stats.lines_cut:,} long lines analysed in pieces{skipped}", file=sys.stderr)
    return 0


def _budget(args: argparse.Namespace, tokenizer: Any) -> float | None:
    if args.line_budget is None:
        return getattr(tokenizer, "line_budget", None)
    return args.line_budget or None


def _tokenize_shards(args: argparse.Namespace, corpus: Any, tokenizer: Any) -> int:
    from kow2v.errors import Kow2vError
    from kow2v.tokenize import tokenize_to_shards

    if args.output is None:
        raise Kow2vError("--shard-lines and --dask write a directory: give it with -o")
    shard_lines = args.shard_lines or 20_000
    model = getattr(args, "tokenizer_model", None)
    if args.dask:
        from kow2v.distributed import connect, tokenize_on_dask

        logging.getLogger("distributed").setLevel(logging.WARNING)  # its start-up chatter
        started = time.perf_counter()
        client, cluster = connect(args.dask)
        try:
            up = time.perf_counter() - started
            stats = tokenize_on_dask(client, corpus, tokenizer, args.output, shard_lines,
                                     _budget(args, tokenizer), not args.quiet, model)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        where = (f"on dask ({args.dask}; cluster up in {up:.1f} s, first shard after "
                 f"{stats.first_shard_seconds or 0:.1f} s)")
    else:
        stats = tokenize_to_shards(corpus, tokenizer, args.output, shard_lines, args.workers,
                                   not args.quiet, args.pool, _budget(args, tokenizer), model)
        where = f"with {args.workers} worker(s)"
    print(f"{stats.tokenizer} {where}: {stats.lines:,} lines, {stats.tokens:,} tokens in "
          f"{stats.seconds:.1f} s -> {args.output}/shards (manifest: {args.output}/"
          "manifest.json)", file=sys.stderr)
    if stats.lines_skipped:
        print(f"{stats.lines_skipped:,} lines skipped over the time budget (listed in the "
              "manifest)", file=sys.stderr)
    return 0
