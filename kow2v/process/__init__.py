"""Worker processes that never re-import the caller's ``__main__``.

``multiprocessing``'s ``spawn`` start method re-runs the user's main script in every child so
that functions defined there can be found. A gensim user's script has no
``if __name__ == "__main__":`` guard (gensim's workers are threads), so under ``spawn`` each
child would re-run the whole script, start workers of its own and die; a script read from
standard input (``python - < train.py``) cannot be re-run at all. kow2v therefore starts its
workers itself:

- :mod:`~kow2v.process.worker` launches ``sys.executable`` on a two-line bootstrap that
  imports only kow2v, takes the caller's ``sys.path`` and then the task (a function named by
  module and qualified name, with its arguments) as pickles over a pipe;
- :mod:`~kow2v.process.channel` frames the pickles (length-prefixed) over plain pipe file
  descriptors, so a dead peer is an end-of-file seen at once, never a wait;
- :mod:`~kow2v.process.shared` puts arrays in an anonymous memory file (``memfd``) handed to
  the children by descriptor: it has no name under ``/dev/shm``, so nothing can leak when a
  process is killed.

Nothing here registers an ``atexit`` join: a stuck or dead child can never keep the caller's
interpreter from exiting.
"""

from kow2v.process.channel import Channel, ChannelClosed
from kow2v.process.shared import SharedArrays, attach
from kow2v.process.worker import WorkerDied, WorkerProcess, portable_error, wait_readable

__all__ = ["Channel", "ChannelClosed", "SharedArrays", "WorkerDied", "WorkerProcess", "attach",
           "portable_error", "wait_readable"]
