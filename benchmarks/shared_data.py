"""Where the benchmarks find the read-only shared material (``../shared`` beside the project)."""

from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NSMC = SHARED / "corpora/nsmc-reviews.txt.gz"  # 712k NSMC movie reviews, CC0
