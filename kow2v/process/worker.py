"""A Python child process that runs one kow2v task and talks over a :class:`Channel`.

The child is ``sys.executable -c BOOTSTRAP`` with the pipe descriptors as arguments. The
bootstrap imports ``kow2v.process.child`` (the directory holding this kow2v is put first on
the path for that import only), adopts the caller's ``sys.path`` (so the modules a task
names, a test module or a plugin next to the user's script, import as they did here), then
receives ``(function, args)`` and calls ``function(channel, *args)``. The function is pickled
by reference: a module-level function of an importable module. Nothing of the caller's
``__main__`` is imported unless a task names it.

Standard input is ``/dev/null`` (with ``python - < script.py`` the caller's stdin is the
script); standard output and error are the caller's, so a backend's own messages still show.
The child ignores SIGINT: Ctrl-C interrupts the caller, which then kills its workers.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kow2v.process.channel import BackgroundSender, Channel, ChannelClosed

_KOW2V_ROOT = str(Path(__file__).resolve().parents[2])  # the directory holding kow2v/
_BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv[1]); import kow2v.process.child as c; "
    "del sys.path[0]; c.main()")
_PIPE_BYTES = 1 << 20  # ask Linux for 1 MB pipes: a job or a chunk fits without a wait


class WorkerDied(RuntimeError):
    """A worker process exited, was killed, or failed to start; the message says which."""


def _bigger_pipe(fd: int) -> None:
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is not None:
        try:
            fcntl.fcntl(fd, set_size, _PIPE_BYTES)
        except OSError:  # above /proc/sys/fs/pipe-max-size: the default is fine
            pass


def describe_exit(returncode: int | None) -> str:
    """``-9`` -> ``"was killed by signal SIGKILL"``; ``1`` -> ``"exited with code 1"``."""
    if returncode is None:
        return "stopped answering"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = str(-returncode)
        return f"was killed by signal {name}"
    return f"exited with code {returncode}"


class WorkerProcess:
    """Start ``target(channel, *args)`` in a fresh Python process.

    Parameters
    ----------
    target : callable
        A module-level function; it receives its end of the channel first.
    args : tuple
        Picklable arguments.
    name : str
        For error messages ("training worker 1").
    pass_fds : sequence of int
        Extra descriptors the child inherits (shared memory).
    """

    def __init__(self, target: Callable[..., Any], args: Sequence[Any] = (), name: str = "worker",
                 pass_fds: Sequence[int] = ()) -> None:
        if not sys.executable:
            raise WorkerDied("cannot start a worker process: sys.executable is not set "
                             "(an embedded interpreter); use workers=1")
        self.name = name
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        for fd in (to_child_w, from_child_w):
            _bigger_pipe(fd)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _BOOTSTRAP, _KOW2V_ROOT, str(to_child_r),
                 str(from_child_w)],
                stdin=subprocess.DEVNULL, pass_fds=(to_child_r, from_child_w, *pass_fds),
                close_fds=True)
        except BaseException:
            for fd in (to_child_r, to_child_w, from_child_r, from_child_w):
                os.close(fd)
            raise
        os.close(to_child_r)  # the child's ends: only the child may hold them, or EOF never comes
        os.close(from_child_w)
        self.channel = Channel(from_child_r, to_child_w)
        self._sender = BackgroundSender(self.channel, f"kow2v-send-{name}")
        self._sender.send(list(sys.path))
        self._sender.send((target, tuple(args)))

    @property
    def pid(self) -> int:
        return self.proc.pid

    def fileno(self) -> int:
        return self.channel.fileno()

    def send(self, obj: Any) -> None:
        """Queue ``obj`` for the child; never blocks. Raises :class:`WorkerDied` if it is gone."""
        try:
            self._sender.send(obj)
        except ChannelClosed:
            raise self._died() from None

    def recv(self) -> Any:
        """The child's next message (blocks until it is whole).

        Raises
        ------
        WorkerDied
            The child exited or was killed (the message gives the exit code or signal), or it
            reported a failure of its task (the message holds its traceback).
        """
        try:
            message = self.channel.recv()
        except ChannelClosed:
            raise self._died() from None
        if isinstance(message, tuple) and message and message[0] == "kow2v-worker-failed":
            self.kill()
            raise WorkerDied(f"{self.name} failed: {message[1]}")
        return message

    def _died(self) -> WorkerDied:
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        return WorkerDied(f"{self.name} (pid {self.pid}) {describe_exit(code)}")

    def close(self, timeout: float = 2.0) -> None:
        """Ask the child to finish (end of its input) and reap it; kill it after ``timeout``."""
        self._sender.stop()
        deadline = time.monotonic() + timeout
        try:
            self.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self.channel.close_read()

    def kill(self) -> None:
        """Kill the child now and reap it (no zombie is left)."""
        self._sender.stop()
        if self.proc.poll() is None:
            try:
                self.proc.kill()
            except ProcessLookupError:  # pragma: no cover - exited in between
                pass
        self.proc.wait()
        self.channel.close_read()


def portable_error(exc: BaseException,
                   fallback: type[Exception] = RuntimeError) -> BaseException:
    """``exc`` if it survives pickling (to be raised again by the parent), else a
    ``fallback`` with its type and message."""
    try:
        return pickle.loads(pickle.dumps(exc))  # type: ignore[no-any-return]
    except Exception:
        return fallback(f"{type(exc).__name__}: {exc}")


def wait_readable(workers: Sequence[WorkerProcess], timeout: float | None) -> list[WorkerProcess]:
    """The workers with a message (or an end-of-file) ready, waiting at most ``timeout`` s."""
    if not workers:
        return []
    ready, _, _ = select.select(workers, [], [], timeout)
    return ready
