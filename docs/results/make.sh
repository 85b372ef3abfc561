#!/usr/bin/env bash
# Reproduce docs/results/: kow2v compare on the NSMC benchmark corpus (../shared), four trainers
# (kow2v Word2Vec, kow2v FastText over jamo, gensim Word2Vec, gensim FastText), evaluated on
# NSMC sentiment classification, kor2vec's Korean WS-353 and analogy sets and the project's own.
#
#   nsmc-full/   the whole corpus (712,383 reviews) and the whole labelled split (150,000 train /
#                50,000 test): six tokenizers (docs/results/README.md says why not all)
#   nsmc-20k/    every built-in tokenizer on one identical subset: the first 20,000 reviews, and
#                the first 10,000 train / 5,000 test labelled rows
#   speed.txt    (target "speed", not in "all": hours; on the large-cache host about 2 of them
#                for Word2Vec at --repeat 3, 88 minutes of it the 5-epoch cells, more for
#                FastText) kow2v.Word2Vec against gensim's fastest mode for a file
#                (corpus_file=) with benchmarks/vs_gensim.py: the whole corpus as whitespace
#                and as mecab tokens, hierarchical softmax, the bundled corpus with the demo's
#                settings and 1,000 reviews; and fasttext_speed.txt, kow2v.FastText against
#                gensim's FastText on the whole corpus, both corpus_file=;
#                agreement.txt, the neighbour overlap of every pair of ten models (kow2v and
#                gensim, 1 and 2 workers, corpus_file and in order)
#
# Usage: bash docs/results/make.sh [subset|full|all|speed]   (default all; SHARED=../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
WHAT=${1:-all}
CORPUS="$SHARED/corpora/nsmc-reviews.txt.gz"
LABELLED="$SHARED/eval/nsmc-sentiment"
KOR2VEC="$SHARED/eval/kor2vec"
WORK=${WORK:-/tmp/kow2v-results}
mkdir -p "$WORK"

common=(--trainers kow2v,kow2v-fasttext,gensim,gensim-fasttext
        --epochs 5 --min-count 5 --workers 2 --seed 1 --split-words mean
        --analogies "$KOR2VEC/kor_analogy_semantic.txt"
        --analogies "$KOR2VEC/kor_analogy_syntactic.txt"
        --analogies kow2v/data/eval/ko_analogies.txt
        --similarity "$KOR2VEC/kor_ws353.csv"
        --similarity kow2v/data/eval/ko_similarity.tsv
        --cache-dir .kow2v-cache)

if [[ $WHAT == subset || $WHAT == all ]]; then
  # (head closes the pipe early: zcat's SIGPIPE is expected, hence the || true)
  { zcat "$CORPUS" || true; } | head -n 20000 > "$WORK/nsmc-20k.txt"
  { zcat "$LABELLED/train.tsv.gz" || true; } | head -n 10001 > "$WORK/train-10k.tsv"  # header + 10,000
  { zcat "$LABELLED/test.tsv.gz" || true; } | head -n 5001 > "$WORK/test-5k.tsv"
  .venv/bin/kow2v compare "$WORK/nsmc-20k.txt" \
    -t whitespace,mecab,kiwi,okt,komoran,hannanum,kkma,soynlp-ltokenizer,soynlp-maxscore,soynlp-regex \
    "${common[@]}" --classification "$WORK/train-10k.tsv" "$WORK/test-5k.tsv" \
    -o docs/results/nsmc-20k
fi

if [[ $WHAT == full || $WHAT == all ]]; then
  # On 2 cores each tokenizer costs 8-10 minutes here (four trainers, 5 epochs over 5.5-14M
  # tokens, five classifiers on 150k reviews) on top of its tokenizing (Okt 6 minutes, Hannanum
  # about 30, Kkma about 1.5 hours with 2 workers). The report was made in two runs, the second
  # added with --add (one -t list with all nine gives the same report in one run); add another
  # tokenizer the same way.
  zcat "$CORPUS" > "$WORK/nsmc-full.txt"
  full=(--classification "$LABELLED/train.tsv.gz" "$LABELLED/test.tsv.gz" -o docs/results/nsmc-full)
  .venv/bin/kow2v compare "$WORK/nsmc-full.txt" -t whitespace,mecab,kiwi,okt,komoran,soynlp-ltokenizer \
    "${common[@]}" "${full[@]}"
  .venv/bin/kow2v compare "$WORK/nsmc-full.txt" -t soynlp-maxscore,soynlp-regex,hannanum \
    "${common[@]}" "${full[@]}" --add
fi

if [[ $WHAT == speed ]]; then
  zcat "$CORPUS" > "$WORK/nsmc-full.txt"
  .venv/bin/kow2v tokenize -t mecab -o "$WORK/nsmc-mecab.txt" "$WORK/nsmc-full.txt"
  zcat kow2v/data/nsmc-sample.txt.gz > "$WORK/bundled.txt"
  head -n 1000 "$WORK/nsmc-full.txt" > "$WORK/reviews-1000.txt"
  vs=(../.venv/bin/python vs_gensim.py --corpus-file --repeat 3)
  ( cd benchmarks
    for tokens in nsmc-full nsmc-mecab; do  # issue 18's grid: 1 and 2 workers, 1 and 5 epochs
      "${vs[@]}" --corpus "$WORK/$tokens.txt" --configs sg1w1,sg0w1,sg1w2,sg0w2
      # 5 epochs, medians of 3 (the 1-worker cells are about an hour of the run here)
      "${vs[@]}" --corpus "$WORK/$tokens.txt" --configs sg1w2,sg0w2 --epochs 5
      "${vs[@]}" --corpus "$WORK/$tokens.txt" --configs sg1w1,sg0w1 --epochs 5
    done
    "${vs[@]}" --corpus "$WORK/nsmc-full.txt" --configs sg1w1,sg0w1 --hs
    "${vs[@]}" --corpus "$WORK/bundled.txt" --configs sg0w1,sg1w1 --epochs 10 --min-count 3
    "${vs[@]}" --corpus "$WORK/reviews-1000.txt" --configs sg1w1,sg0w1 --min-count 1 --repeat 7
    # skip-gram with kow2v's opt-in shared negatives (approximate; gensim trains as always)
    "${vs[@]}" --corpus "$WORK/nsmc-mecab.txt" --configs sg1w1,sg1w2 --shared-negatives 24
    "${vs[@]}" --corpus "$WORK/nsmc-full.txt" --configs sg1w1,sg1w2 --shared-negatives 24
    "${vs[@]}" --corpus "$WORK/nsmc-mecab.txt" --configs sg1w1,sg1w2 --shared-negatives 24 \
      --epochs 5
    echo "# benchmarks/online_update.py (issue 16: an online update against gensim's)"
    ../.venv/bin/python online_update.py
  ) > docs/results/speed.txt
  ( cd benchmarks  # which models agree with which (why 2 workers read quality in order)
    echo "# benchmarks/agreement_matrix.py, whole corpus, whitespace tokens, CBOW, 1 epoch"
    ../.venv/bin/python agreement_matrix.py "$WORK/nsmc-full.txt" --sg 0
  ) > docs/results/agreement.txt
  ( cd benchmarks
    ../.venv/bin/python fasttext_vs_gensim.py --tokens whitespace --configs sg1w1,sg0w1 \
      --repeat 3 --no-ws353
    ../.venv/bin/python fasttext_vs_gensim.py --tokens mecab --configs sg1w1,sg0w1 \
      --repeat 3 --no-ws353
    ../.venv/bin/python fasttext_vs_gensim.py --tokens whitespace,mecab --configs sg1w2,sg0w2 \
      --repeat 3 --no-ws353
    ../.venv/bin/python fasttext_vs_gensim.py --tokens whitespace,mecab \
      --configs sg1w1,sg0w1,sg1w2,sg0w2 --repeat 3 --no-ws353 --epochs 5
  ) > docs/results/fasttext_speed.txt
fi
