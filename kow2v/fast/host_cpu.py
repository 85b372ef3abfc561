"""What the host's CPU is, as far as the kernel-call sizes need it: its vendor and its L2.

The sizes of the training kernels' calls (:class:`~kow2v.fast.examples.Settings`) follow what
was measured on each kind of host. With one worker they depend only on the CPU's vendor, so a
seed gives the same vectors every time on one machine; the same seed on another machine gives
vectors that differ in their last bits anyway, as OpenBLAS picks its kernels by CPU (measured:
its Haswell kernels against its SkylakeX ones on one host, bundled reviews, skip-gram, two
epochs: up to 4.5e-8 apart). With several workers Hogwild never gives the same vectors twice,
and skip-gram's batch there also follows the L2
(:func:`~kow2v.fast.examples.sg_workers_batch_pairs`).
"""

from __future__ import annotations

import functools
from pathlib import Path

CACHE_DIR = Path("/sys/devices/system/cpu/cpu0/cache")
CPUINFO = Path("/proc/cpuinfo")
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


def cpu_field(name: str, cpuinfo: Path = CPUINFO) -> str | None:
    """The first CPU's ``name`` field in ``/proc/cpuinfo`` (``"vendor_id"``, ``"model name"``),
    or None where it is not said (not Linux, a field the CPU lacks, unreadable)."""
    try:
        with open(cpuinfo, encoding="ascii", errors="replace") as lines:
            for line in lines:
                key, sep, value = line.partition(":")
                if sep and key.strip() == name:
                    return value.strip() or None
                if not line.strip():  # the first CPU's block ends here
                    return None
    except OSError:
        return None
    return None


@functools.cache
def cpu_vendor(cpuinfo: Path = CPUINFO) -> str | None:
    """The first CPU's ``vendor_id`` (``"GenuineIntel"``, ``"AuthenticAMD"``), or None where
    it is not said (not Linux, not x86, unreadable)."""
    return cpu_field("vendor_id", cpuinfo)
