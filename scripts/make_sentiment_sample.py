"""Write kow2v/data/eval/nsmc_sentiment_{train,test}.tsv.gz: the first 3,000 and 1,000 rows of
the shared NSMC sentiment split (already shuffled; CC0), for the demo and the tests.

Usage: python scripts/make_sentiment_sample.py [../shared/eval/nsmc-sentiment]
"""

import gzip
import itertools
import sys
from pathlib import Path

src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/nsmc-sentiment")
out = Path(__file__).resolve().parents[1] / "kow2v" / "data" / "eval"
for split, rows in (("train", 3000), ("test", 1000)):
    with gzip.open(src / f"{split}.tsv.gz", "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, rows + 1))  # the header, then the rows
    with gzip.GzipFile(out / f"nsmc_sentiment_{split}.tsv.gz", "wb", mtime=0) as gz:
        gz.write("".join(lines).encode("utf-8"))
    print(split, len(lines) - 1, "rows")
