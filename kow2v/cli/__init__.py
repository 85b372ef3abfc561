"""The ``kow2v`` command line: the only part of kow2v that prints, configures logging or shows
progress bars.

One module per group of sub-commands (``tokenize``, ``train``, ``evaluate``, ``compare``);
each imports only :mod:`kow2v.cli.options` and library modules, and :mod:`kow2v.cli.app`
assembles them, so no module of the package imports another command's module.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    from kow2v.cli.app import main as run

    return run(argv)
