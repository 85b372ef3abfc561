"""``kow2v train`` and ``kow2v similar``: corpus -> vectors file, and a look at the result."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from kow2v.errors import Kow2vError

log = logging.getLogger("kow2v")


def add_commands(sub: Any) -> None:
    from kow2v.cli import add_corpus_options, add_tokenizer_options

    p = sub.add_parser("train", help="tokenize a corpus and train word vectors (kow2v.Word2Vec)")
    p.add_argument("input", type=Path, help="raw text corpus (file, .gz/.bz2, or directory)")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="vectors file: .kv (gensim), .bin (word2vec binary), .txt (word2vec text)")
    p.add_argument("--sg", action="store_true", help="skip-gram (default: CBOW)")
    p.add_argument("--vector-size", type=int, default=100)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--negative", type=int, default=5)
    p.add_argument("--sample", type=float, default=1e-3)
    p.add_argument("--alpha", type=float, default=0.025)
    p.add_argument("--min-alpha", type=float, default=0.0001)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=1,
                   help="processes for tokenizing and for training (Hogwild)")
    p.add_argument("--save-model", type=Path, help="also save the full model (.npz)")
    add_corpus_options(p)
    add_tokenizer_options(p, required=False)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("similar", help="nearest neighbours of a word in a vectors file")
    p.add_argument("vectors", type=Path, help=".kv, .bin or .txt vectors")
    p.add_argument("word")
    p.add_argument("-n", "--topn", type=int, default=10)
    p.add_argument("--unicode-errors", choices=("strict", "replace", "ignore"),
                   default="strict", help="word2vec files: what to do with keys that are not "
                   "valid UTF-8 (word2vec.c cuts long keys inside a character)")
    p.set_defaults(func=cmd_similar)


def cmd_train(args: argparse.Namespace) -> int:
    from kow2v.cli import build_tokenizer
    from kow2v.corpus import LineCorpus
    from kow2v.keyedvectors import format_for, save_vectors
    from kow2v.tokenize import tokenize_to_file
    from kow2v.word2vec import Word2Vec

    format_for(args.output)  # a bad suffix fails before any work
    corpus = LineCorpus(args.input, encoding=args.encoding, errors=args.errors)
    tokenizer = build_tokenizer(args, corpus)
    model = Word2Vec(vector_size=args.vector_size, window=args.window, min_count=args.min_count,
                     negative=args.negative, sample=args.sample, alpha=args.alpha,
                     min_alpha=args.min_alpha, epochs=args.epochs, seed=args.seed,
                     sg=int(args.sg), workers=args.workers, compute_loss=True)
    with tempfile.TemporaryDirectory(prefix="kow2v-") as tmp:
        tokens = Path(tmp) / "tokens.txt"
        stats = tokenize_to_file(corpus, tokenizer, tokens, workers=args.workers,
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
