"""kow2v.memory: what a block added is told apart from what the process already held."""

import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from kow2v.memory import PeakMemory, tree_kib

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


def _sample_while(action):
    """The largest tree_kib seen by a thread reading it without pause while ``action`` runs."""
    peak, stop = [0], threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], tree_kib())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        action()
    finally:
        stop.set()
        thread.join()
    return peak[0]


def test_a_child_being_started_does_not_count_its_parent_twice():
    """subprocess starts a child with vfork: until it runs its program, the child is in its
    parent's address space and /proc reports the parent's memory for it too (a 425 MB parent
    starting children read 851 MB, and FastText's benchmark once 1,457 MB for 732)."""
    held = np.ones(300 * 2**20, dtype=np.uint8)
    before = tree_kib()
    r, w = os.pipe()
    try:
        def start_children():
            for _ in range(40):
                subprocess.run([sys.executable, "-c", "pass"], pass_fds=(r, w), check=True)

        peak = _sample_while(start_children)
    finally:
        os.close(r)
        os.close(w)
    assert before > 300 * 1024
    assert peak < before + 120 * 1024  # the parent and one small child, not the parent twice
    del held


def test_a_child_forked_without_exec_is_counted_once():
    """A forked child keeps its parent's address space, pages shared until written: PSS
    splits them, so the tree reads what the parent alone read (after a few reads, as a
    child that may be about to run its program)."""
    held = np.ones(200 * 2**20, dtype=np.uint8)
    before = tree_kib()
    child = os.fork()
    if child == 0:  # the child: hold the shared pages a moment, write nothing
        time.sleep(1.0)
        os._exit(0)
    try:
        time.sleep(0.2)
        both = tree_kib()
    finally:
        os.waitpid(child, 0)
    assert 0.85 * before < both < 1.25 * before
    del held
