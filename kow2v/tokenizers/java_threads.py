"""Stopping a tagger call that is stuck in Java.

A Python thread cannot be interrupted, but a thread that JPype has attached to the JVM can be
stopped from the Java side: ``java.lang.Thread.stop()`` raises ``ThreadDeath`` inside the
running Java call, which JPype hands back to the Python thread as an exception. That ends the
call at once instead of letting it keep a core busy, and leaves no thread inside Java when
the interpreter exits (JPype destroys the JVM at exit; a thread still in a tagger call then
can crash the process with a segmentation fault). ``Thread.stop`` works up to Java 19; from
Java 20 it raises ``UnsupportedOperationException``, and the call is left to finish as before.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

log = logging.getLogger(__name__)


def current_java_thread() -> Any | None:
    """The ``java.lang.Thread`` of the calling thread, or ``None`` when no JVM is running."""
    jpype = sys.modules.get("jpype")
    if jpype is None or not jpype.isJVMStarted():
        return None
    try:
        return jpype.JClass("java.lang.Thread").currentThread()
    except Exception:  # noqa: BLE001 - a JVM shutting down: nothing to stop later
        return None


def stop_java_thread(thread: Any | None) -> bool:
    """Stop ``thread``'s Java call; ``True`` when the JVM accepted the request."""
    if thread is None:
        return False
    try:
        thread.stop()
    except Exception as exc:  # noqa: BLE001 - Java 20+: UnsupportedOperationException
        log.debug("could not stop a Java thread: %s", exc)
        return False
    return True


def was_stopped(exc: BaseException) -> bool:
    """Whether ``exc`` is the ``ThreadDeath`` of :func:`stop_java_thread` (to be re-raised)."""
    return type(exc).__name__ == "java.lang.ThreadDeath"
