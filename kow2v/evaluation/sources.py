"""Where an evaluation set comes from, in words, so that every score names its data.

>>> describe("x/kor_ws353.csv")
'Korean WS-353 translation (kor2vec, MIT)'
>>> describe("/data/my_pairs.tsv")
'my_pairs.tsv'
"""

from __future__ import annotations

import os
from pathlib import Path

#: file names of the sets kow2v ships or documents, and what they are
KNOWN = {
    "ko_analogies.txt": "kow2v's own analogy set (CC0, single author)",
    "ko_similarity.tsv": "kow2v's own similarity set (CC0, single annotator)",
    "kor_ws353.csv": "Korean WS-353 translation (kor2vec, MIT)",
    "kor_analogy_semantic.txt": "kor2vec's semantic analogies (MIT)",
    "kor_analogy_syntactic.txt": "kor2vec's syntactic analogies (MIT)",
    "nsmc_sentiment_train.tsv.gz": "NSMC sentiment sample (e9t/nsmc, CC0)",
    "nsmc_sentiment_test.tsv.gz": "NSMC sentiment sample (e9t/nsmc, CC0)",
    "train.tsv.gz": "NSMC sentiment (e9t/nsmc, CC0)",
    "test.tsv.gz": "NSMC sentiment (e9t/nsmc, CC0)",
}


def describe(path: str | os.PathLike[str] | None) -> str:
    """A short description of an evaluation file: its source for a known set, else its name."""
    if path is None:
        return "given in memory"
    name = Path(path).name
    return KNOWN.get(name, name)
