"""The size of this host's per-core L2 cache, read from Linux's sysfs (None where unknown).

Only sizes that may differ from host to host read it: with several workers Hogwild never
gives the same vectors twice, so the skip-gram batch there may follow the cache
(:func:`~kow2v.fast.examples.sg_workers_batch_pairs`); with one worker every size is a
constant, so that a seed gives the same vectors on every machine.
"""

from __future__ import annotations

import functools
from pathlib import Path

CACHE_DIR = Path("/sys/devices/system/cpu/cpu0/cache")
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str) -> int | None:
    """``"1024K"``, ``"2M"`` or ``"524288"`` in bytes; None if it is none of these."""
    text = text.strip().upper()
    unit = text[-1:] if text[-1:] in ("K", "M", "G") else ""
    number = text[:-1] if unit else text
    return int(number) * _UNITS[unit] if number.isdigit() else None


@functools.cache
def l2_bytes(cache_dir: Path = CACHE_DIR) -> int | None:
    """The first CPU's level-2 data (or unified) cache in bytes, or None where sysfs does not
    say (not Linux, a container hiding it, an unreadable entry)."""
    try:
        entries = sorted(cache_dir.glob("index*"))
        for entry in entries:
            level = (entry / "level").read_text().strip()
            kind = (entry / "type").read_text().strip()
            if level == "2" and kind in ("Unified", "Data"):
                return parse_size((entry / "size").read_text())
    except (OSError, ValueError):
        return None
    return None
