#!/usr/bin/env bash
# Reproduce docs/results/: kow2v compare on the first 100,000 NSMC reviews (../shared), six
# tokenizers, both trainers, the project's evaluation sets plus kor2vec's published ones.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
# (head closes the pipe early: zcat's SIGPIPE is expected, hence the || true)
{ zcat "$SHARED/corpora/nsmc-reviews.txt.gz" || true; } | head -n 100000 > /tmp/nsmc-100k.txt
.venv/bin/kow2v compare /tmp/nsmc-100k.txt \
  -t whitespace,mecab,okt,komoran,kiwi,soynlp-ltokenizer --trainers kow2v,gensim \
  --epochs 5 --min-count 5 --workers 1 \
  --analogies "$SHARED/eval/kor2vec/kor_analogy_semantic.txt" \
  --analogies "$SHARED/eval/kor2vec/kor_analogy_syntactic.txt" \
  --similarity "$SHARED/eval/kor2vec/kor_ws353.csv" \
  -o docs/results

