"""Finding a Java runtime for KoNLPy before JPype gets the chance to fail with a traceback."""

from __future__ import annotations

import functools
import importlib.util

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
