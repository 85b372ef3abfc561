"""Pickled messages over a pair of pipe file descriptors, each framed by its length.

A closed or dead peer shows as :class:`ChannelClosed` (an ``EOFError``) on the next read or
write, never as a wait: the reader of a pipe whose writers have all gone sees end-of-file.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import threading
from typing import Any

_LENGTH = struct.Struct("<Q")


class ChannelClosed(EOFError):
    """The other end of the channel is gone (its process exited or closed the pipe)."""


class Channel:
    """Send and receive Python objects over raw pipe descriptors.

    Parameters
    ----------
    read_fd, write_fd : int or None
        Descriptors this end reads from and writes to; the channel owns and closes them.
    """

    def __init__(self, read_fd: int | None, write_fd: int | None) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd

    def fileno(self) -> int:
        """The read descriptor, for ``select``."""
        if self.read_fd is None:
            raise ValueError("this channel does not read")
        return self.read_fd

    # -- writing ---------------------------------------------------------------------------
    @staticmethod
    def encode(obj: Any) -> bytes:
        """One framed message: the pickle's length, then the pickle."""
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        return _LENGTH.pack(len(data)) + data

    def write_frame(self, frame: bytes) -> None:
        """Write an already encoded message, all of it."""
        if self.write_fd is None:
            raise ChannelClosed("the channel is closed for writing")
        view = memoryview(frame)
        try:
            while view:
                written = os.write(self.write_fd, view)
                view = view[written:]
        except (BrokenPipeError, OSError) as exc:
            raise ChannelClosed(f"the reader is gone ({exc.strerror or exc})") from None

    def send(self, obj: Any) -> None:
        """Pickle ``obj`` and write it (blocks while the pipe is full)."""
        self.write_frame(self.encode(obj))

    # -- reading ---------------------------------------------------------------------------
    def _read_exactly(self, n: int) -> bytearray:
        assert self.read_fd is not None
        buffer = bytearray(n)
        view = memoryview(buffer)
        got = 0
        while got < n:
            try:
                k = os.readv(self.read_fd, [view[got:]])
            except InterruptedError:  # pragma: no cover - retried by Python since 3.5
                continue
            if k == 0:
                raise ChannelClosed("end of file: the writer is gone")
            got += k
        return buffer

    def recv(self) -> Any:
        """The next object; blocks until a whole message has arrived.

        Raises
        ------
        ChannelClosed
            The writer closed its end or exited, before or during the message.
        """
        if self.read_fd is None:
            raise ChannelClosed("the channel is closed for reading")
        (length,) = _LENGTH.unpack(self._read_exactly(_LENGTH.size))
        return pickle.loads(self._read_exactly(length))

    def _close(self, attr: str) -> None:
        fd = getattr(self, attr)
        if fd is not None:
            setattr(self, attr, None)
            try:
                os.close(fd)
            except OSError:
                pass

    def close_read(self) -> None:
        """Close the read descriptor (idempotent)."""
        self._close("read_fd")

    def close_write(self) -> None:
        """Close the write descriptor (idempotent): the reader then sees end-of-file."""
        self._close("write_fd")

    def close(self) -> None:
        """Close both descriptors (idempotent)."""
        self.close_read()
        self.close_write()


class BackgroundSender:
    """Write a channel's messages from a daemon thread, so the sender never blocks on a pipe.

    Messages are pickled in the caller's thread (an unpicklable object fails there, at once)
    and written in order. The thread is a daemon and is never joined: when the reader dies,
    its write fails and the thread ends; when the reader is stuck, the caller kills it, which
    does the same. A failure is re-raised by the next :meth:`send`. The thread owns the write
    descriptor and closes it when it ends (after :meth:`stop`, or on a failed write), so no
    other thread can close a descriptor it is writing to.
    """

    def __init__(self, channel: Channel, name: str) -> None:
        self.channel = channel
        self._frames: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.error: ChannelClosed | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while (frame := self._frames.get()) is not None:
                self.channel.write_frame(frame)
        except ChannelClosed as exc:
            self.error = exc
        finally:
            self.channel.close_write()

    def send(self, obj: Any) -> None:
        if self.error is not None:
            raise self.error
        self._frames.put(Channel.encode(obj))

    def stop(self) -> None:
        """Let the thread end after the messages already queued, closing the write end."""
        self._frames.put(None)
