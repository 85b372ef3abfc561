"""kow2v.memory: what a block added is told apart from what the process already held."""

import os
import time

import numpy as np
import pytest

from kow2v.memory import PeakMemory

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/smaps_rollup"),
                                reason="PSS needs Linux /proc/*/smaps_rollup")


def test_added_mb_counts_the_block_not_what_came_before():
    held = np.ones(200 * 2**20, dtype=np.uint8)  # 200 MiB in use before the block
    with PeakMemory(interval=0.01) as peak:
        block = np.ones(64 * 2**20, dtype=np.uint8)
        time.sleep(0.1)  # the sampler looks every 10 ms: a block that lives less can be missed
        del block
    assert peak.mb > 250  # the whole process: held + block
    assert 55 < peak.added_mb < 120  # the block alone (plus a little sampling slack)
    del held

