"""``kow2v train`` and ``kow2v similar``: corpus -> vectors file, and a look at the result."""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from pathlib import Path
from typing import Any

from kow2v.cli.options import (
    add_corpus_options,
    add_tokenizer_options,
    add_train_options,
    add_unicode_errors_option,
    corpus_from_args,
    tokenizer_from_args,
    train_config,
)
from kow2v.errors import Kow2vError


def add_commands(sub: Any) -> None:
    p = sub.add_parser("train", help="tokenize a corpus and train word vectors (kow2v.Word2Vec)")
    p.add_argument("input", type=Path, help="raw text corpus (file, .gz/.bz2, or directory)")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="vectors file: .kv (gensim), .bin (word2vec binary), .txt (word2vec text)")
    p.add_argument("--save-model", type=Path, help="also save the full model (.npz)")
    add_train_options(p)
    add_corpus_options(p)
    add_tokenizer_options(p, required=False)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("similar", help="nearest neighbours of a word in a vectors file")
    p.add_argument("vectors", type=Path, help=".kv, .bin or .txt vectors")
    p.add_argument("word")
    p.add_argument("-n", "--topn", type=int, default=10)
    add_unicode_errors_option(p)
    p.set_defaults(func=cmd_similar)


def cmd_train(args: argparse.Namespace) -> int:
    from kow2v.keyedvectors import format_for, save_vectors
    from kow2v.tokenize import tokenize_to_file
    from kow2v.word2vec import Word2Vec

    format_for(args.output)  # a bad suffix fails before any work
    config = train_config(args, compute_loss=True)
    corpus = corpus_from_args(args, args.input)
    tokenizer = tokenizer_from_args(args, corpus)
    model = Word2Vec(**config.to_dict())
    with tempfile.TemporaryDirectory(prefix="kow2v-") as tmp:
        tokens = Path(tmp) / "tokens.txt"
        stats = tokenize_to_file(corpus, tokenizer, tokens, workers=config.workers,
                                 progress=not args.quiet)
        print(f"tokenized with {stats.tokenizer}: {stats.lines:,} lines, {stats.tokens:,} "
              f"tokens ({stats.tokens_per_sec:,.0f} tokens/s)", file=sys.stderr)
        model.build_vocab(corpus_file=tokens)
        model.train(corpus_file=tokens, total_examples=model.corpus_count, epochs=model.epochs,
                    progress=not args.quiet)
    for epoch, loss in enumerate(model.epoch_losses, start=1):
        print(f"epoch {epoch}: loss {loss:,.1f}", file=sys.stderr)
    path = save_vectors(model.wv, args.output)
    if args.save_model:
        model.save(args.save_model)
    print(f"{len(model.wv):,} vectors of {model.vector_size} dimensions -> {path}")
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    from kow2v.keyedvectors import load_vectors

    kv = load_vectors(args.vectors, unicode_errors=args.unicode_errors)
    if args.word not in kv.key_to_index:
        close = [w for w in kv.index_to_key[:50000] if args.word in w][:5]
        hint = f"; vocabulary words containing it: {', '.join(close)}" if close else ""
        raise Kow2vError(f"{args.word!r} is not in the vocabulary of {args.vectors}{hint}")
    with contextlib.suppress(BrokenPipeError):
        for word, score in kv.most_similar(args.word, topn=args.topn):
            print(f"{score:.4f}  {word}")
    return 0
