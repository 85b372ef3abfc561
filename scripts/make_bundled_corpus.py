"""Rebuild kow2v/data/nsmc-sample.txt.gz from the shared NSMC file (every 64th review).

Usage: python scripts/make_bundled_corpus.py ../shared/corpora/nsmc-reviews.txt.gz
"""

import gzip
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora/nsmc-reviews.txt.gz"
with gzip.open(src, "rt", encoding="utf-8") as fin:
    lines = [line for i, line in enumerate(fin) if i % 64 == 0]
# mtime=0 keeps the gzip bytes reproducible
with open("kow2v/data/nsmc-sample.txt.gz", "wb") as raw, gzip.GzipFile(
    fileobj=raw, mode="wb", mtime=0, filename=""
) as out:
    out.write("".join(lines).encode("utf-8"))
print(f"{len(lines)} reviews, {sum(map(len, lines))} characters")
