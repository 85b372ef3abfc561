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
    guard_outputs,
    tokenizer_from_args,
    train_config,
    whole_number,
)
from kow2v.errors import EmptyCorpusError, Kow2vError

#: settings a resumed model takes from the command line (the others shape its weights)
RESUMABLE = ("epochs", "alpha", "min_alpha", "workers", "window", "sample", "min_count", "seed")


def add_commands(sub: Any) -> None:
    p = sub.add_parser("train", help="tokenize a corpus and train word vectors "
                       "(kow2v.Word2Vec or kow2v.FastText)")
    p.add_argument("input", type=Path, help="raw text corpus (file, .gz/.bz2, or directory)")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="vectors file: .kv (gensim; fastText: FastTextKeyedVectors, which "
                   "answer unseen words), .bin (word2vec binary), .txt (word2vec text)")
    p.add_argument("--model", choices=("word2vec", "fasttext"), default="word2vec",
                   help="word2vec, or fastText's subword model (default word2vec)")
    p.add_argument("--extra-words", type=Path, metavar="FILE",
                   help="fastText to .bin/.txt: also write vectors for these words (one a "
                   "line), composed from their n-grams")
    p.add_argument("--save-model", type=Path, help="also save the full model (.npz)")
    p.add_argument("--resume", type=Path, metavar="MODEL.npz",
                   help="go on training a saved model (--save-model, of the same --model) on "
                   "new text: its vocabulary is updated (new words added, counts grown) and "
                   "its weights kept; its settings stay, except the ones given here among "
                   + ", ".join(f"--{n.replace('_', '-')}" for n in sorted(RESUMABLE)))
    add_train_options(p)
    add_corpus_options(p)
    add_tokenizer_options(p, required=False)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("similar", help="nearest neighbours of a word in a vectors file")
    p.add_argument("vectors", type=Path, help=".kv, .bin or .txt vectors, or a model file "
                   "(kow2v's, or a gensim Word2Vec or FastText save)")
    p.add_argument("word")
    p.add_argument("-n", "--topn", type=whole_number(1), default=10)
    add_unicode_errors_option(p)
    p.set_defaults(func=cmd_similar)


def cmd_train(args: argparse.Namespace) -> int:
    from kow2v.config import FastTextConfig, TrainConfig
    from kow2v.fasttext import FastText
    from kow2v.keyedvectors import format_for, save_vectors
    from kow2v.tokenize import tokenize_to_file
    from kow2v.word2vec import Word2Vec

    fmt = format_for(args.output)  # a bad suffix fails before any work
    fasttext = args.model == "fasttext"
    if args.extra_words and not (fasttext and fmt != "kv"):
        raise Kow2vError("--extra-words is for --model fasttext with a .bin or .txt output")
    extra = _read_words(args.extra_words) if args.extra_words else []
    config = train_config(args, FastTextConfig if fasttext else TrainConfig, compute_loss=True)
    inputs = [args.input] + ([args.resume] if args.resume else [])
    guard_outputs(args, [args.output, args.save_model, args.tokenizer_model], *inputs)
    if args.resume:
        model = _resumed(args.resume, config, FastText if fasttext else Word2Vec)
    else:
        model = (FastText if fasttext else Word2Vec)(**config.to_dict())
    corpus = corpus_from_args(args, args.input)
    tokenizer = tokenizer_from_args(args, corpus)
    with tempfile.TemporaryDirectory(prefix="kow2v-") as tmp:
        tokens = Path(tmp) / "tokens.txt"
        try:
            stats = tokenize_to_file(corpus, tokenizer, tokens, workers=config.workers,
                                     progress=not args.quiet)
        except EmptyCorpusError as exc:  # name the user's files, not the temporary one
            raise EmptyCorpusError.no_tokens(f"{args.input}: the corpus", exc.lines,
                                             args.output, exc.hint) from None
        print(f"tokenized with {stats.tokenizer}: {stats.lines:,} lines, {stats.tokens:,} "
              f"tokens ({stats.tokens_per_sec:,.0f} tokens/s)", file=sys.stderr)
        model.build_vocab(corpus_file=tokens, update=bool(args.resume))
        model.train(corpus_file=tokens, total_examples=model.corpus_count, epochs=model.epochs,
                    progress=not args.quiet)
    for epoch, loss in enumerate(model.epoch_losses, start=1):
        print(f"epoch {epoch}: loss {loss:,.1f}", file=sys.stderr)
    vectors = model.wv
    if fasttext and fmt != "kv":  # the word2vec formats: ordinary spelling, no n-grams
        vectors = model.surface.to_keyed_vectors(extra_words=extra)
    path = save_vectors(vectors, args.output)
    if args.save_model:
        model.save(args.save_model)
    print(f"{len(vectors):,} vectors of {model.vector_size} dimensions -> {path}")
    return 0


def _resumed(path: Path, config: Any, model_class: Any) -> Any:
    """The saved model (a ``model_class`` file), with the settings of RESUMABLE given on the
    command line (those that differ from the defaults); a different setting that shapes the
    weights is refused."""
    model = model_class.load(path)
    defaults = type(config)()
    for name, value in config.to_dict().items():
        if name == "compute_loss" or value == getattr(defaults, name):
            continue
        if name in RESUMABLE:
            setattr(model, name, value)
        elif value != getattr(model, name):
            raise Kow2vError(f"--{name.replace('_', '-')} {value} differs from the resumed "
                             f"model's {getattr(model, name)}, which shapes its weights; leave "
                             "it out")
    model.compute_loss = True
    return model


def _read_words(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise Kow2vError(f"{path}: cannot read the word list: {exc}") from None
    return [w for w in (line.strip() for line in text.splitlines()) if w]


def cmd_similar(args: argparse.Namespace) -> int:
    from kow2v.any_vectors import load_any
    from kow2v.surface import SurfaceVectors

    vectors = SurfaceVectors(load_any(args.vectors, args.unicode_errors))
    query = vectors.spelling(args.word)  # pasted in NFD, or keys in NFD
    if query not in vectors:
        if not vectors.can_answer(query):
            close = [w for w in vectors.index_to_key[:50000] if query in w][:5]
            hint = f"; vocabulary words containing it: {', '.join(close)}" if close else ""
            raise Kow2vError(f"{query!r} is not in the vocabulary of {args.vectors}{hint}")
        print(f"({query} is not in the vocabulary: its vector comes from its n-grams)",
              file=sys.stderr)
    with contextlib.suppress(BrokenPipeError):
        for word, score in vectors.most_similar(query, topn=args.topn):
            print(f"{score:.4f}  {word}")
    return 0
