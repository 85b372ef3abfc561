"""Finding a Java runtime for KoNLPy before JPype gets the chance to fail with a traceback."""

from __future__ import annotations

import functools
import importlib.util
import os
import threading

from kow2v.errors import MissingBackendError

JAVA_HINT = (
    "install a Java runtime (Debian/Ubuntu: `apt-get install -y default-jre-headless`; "
    "macOS: `brew install openjdk`) or point JAVA_HOME at one"
)


@functools.cache
def find_jvm() -> str | None:
    """Path of the JVM library JPype would start, or None when no Java runtime is found."""
    if importlib.util.find_spec("jpype") is None:
        return None
    import jpype

    try:
        return str(jpype.getDefaultJVMPath())
    except Exception:  # JVMNotFoundException and friends
        return None


def require_konlpy() -> None:
    """Raise :class:`MissingBackendError` with what to install when KoNLPy cannot start."""
    if importlib.util.find_spec("konlpy") is None:
        raise MissingBackendError("KoNLPy is not installed: pip install 'kow2v[konlpy]'")
    if find_jvm() is None:
        raise MissingBackendError(f"KoNLPy needs a Java runtime and none was found: {JAVA_HINT}")


#: Options kow2v adds to KoNLPy's own (``-Dfile.encoding=UTF8 -ea -Xmx...``). JPype hooks
#: Python's garbage collector and calls Java's ``System.gc()`` whenever the process has grown,
#: and the process grows with the Java heap: each call is a stop-the-world full collection of
#: the taggers' dictionaries (0.3-0.9 s each, 1.1 s of a 15 s Komoran run, 2.4 s with two
#: threads). kow2v hands Java no Python objects to hold, so nothing needs that collection;
#: Java still collects its own garbage as it always does.
JVM_OPTIONS = ("-XX:+DisableExplicitGC",)

_starting = threading.Lock()  # check-then-start would be a race between worker threads


def start_jvm(max_heap_size: int) -> None:
    """Start the JVM as KoNLPy would, plus :data:`JVM_OPTIONS`, unless one already runs.

    Call :func:`require_konlpy` first. JPype allows one JVM per process, started once: when
    the user's own code (or KoNLPy) started it, its options stay as they are.
    """
    import jpype
    from konlpy import utils

    with _starting:
        if jpype.isJVMStarted():
            return
        java_dir = os.path.join(utils.installpath, "java")
        classpath = [java_dir, os.path.join(java_dir, "bin"), os.path.join(java_dir, "*")]
        jpype.startJVM(find_jvm(), "-Dfile.encoding=UTF8", "-ea", f"-Xmx{int(max_heap_size)}m",
                       *JVM_OPTIONS, classpath=classpath, convertStrings=True)
