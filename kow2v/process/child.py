"""The child side of :class:`~kow2v.process.worker.WorkerProcess` (started by its bootstrap)."""

from __future__ import annotations

import signal
import sys
import traceback

from kow2v.process.channel import Channel, ChannelClosed


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    channel = Channel(int(sys.argv[2]), int(sys.argv[3]))  # argv: -c, root, in, out
    try:
        sys.path[:] = channel.recv()
        target, args = channel.recv()
        target(channel, *args)
    except ChannelClosed:  # the parent is gone or done: nothing to report to
        sys.exit(0)
    except BaseException:
        try:
            channel.send(("kow2v-worker-failed", traceback.format_exc(limit=-8).rstrip()))
        except ChannelClosed:
            pass
        sys.exit(1)
