"""Run a generator in a background thread, a few items ahead of its consumer.

gensim reads and batches the corpus in a producer thread while its workers train; kow2v does
the same, so reading, decompressing and encoding a streamed corpus overlap with the NumPy
kernels (which release the GIL for their heavy parts). All random draws stay in the consumer
thread, so a seed still gives the same vectors.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def prefetch(items: Iterable[T], size: int = 4) -> Iterator[T]:
    """Yield ``items`` in order, produced by a daemon thread at most ``size`` ahead.

    An exception in the producer is re-raised in the consumer; if the consumer stops early
    (an error, Ctrl-C), the producer is told to stop.
    """
    buffer: queue.Queue[object] = queue.Queue(maxsize=size)
    stop = threading.Event()
    failure: list[BaseException] = []

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        buffer.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
        except BaseException as exc:  # handed to the consumer
            failure.append(exc)
        finally:
            while not stop.is_set():
                try:
                    buffer.put(_DONE, timeout=0.1)
                    break
                except queue.Full:
                    continue

    thread = threading.Thread(target=produce, name="kow2v-prefetch", daemon=True)
    thread.start()
    try:
        while (item := buffer.get()) is not _DONE:
            yield item  # type: ignore[misc]
        if failure:
            raise failure[0]
    finally:
        stop.set()
        thread.join(timeout=5)
