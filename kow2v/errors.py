"""Exceptions that kow2v raises on purpose.

Every error a user can cause derives from :class:`Kow2vError`, so the command line can print
its message as one line and exit non-zero instead of showing a traceback.
"""

from __future__ import annotations


class Kow2vError(Exception):
    """Base class of the errors kow2v raises for bad input or a missing dependency."""


class TokenizerError(Kow2vError):
    """A tokenizer cannot be created or used."""


class UnknownTokenizerError(TokenizerError):
    """No tokenizer of that name is built in or registered by a plugin."""


class MissingBackendError(TokenizerError, ImportError):
    """The tokenizer's backend (a Python package or a Java runtime) is not installed."""


class CorpusError(Kow2vError):
    """A corpus cannot be read: missing, empty or undecodable."""


class EmptyCorpusError(CorpusError):
    """The corpus holds no token at all (``lines``: its non-blank lines, where counted)."""

    def __init__(self, message: str, lines: int | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.lines = lines
        self.hint = hint  # what else to say: why, where known (a POS filter that kept nothing)

    @classmethod
    def no_tokens(cls, source: str, lines: int | None, output: object = None,
                  hint: str = "") -> EmptyCorpusError:
        """``"SOURCE gave no tokens (N non-blank lines read); nothing was written to OUTPUT;
        HINT"``, each part where known."""
        read = "" if lines is None else f" ({lines} non-blank lines read)"
        written = "" if output is None else f"; nothing was written to {output}"
        why = f"; {hint}" if hint else ""
        return cls(f"{source} gave no tokens{read}{written}{why}", lines, hint)


class VocabularyError(Kow2vError):
    """The vocabulary is empty or unusable."""


class TrainingError(Kow2vError):
    """Training cannot go on, e.g. the loss became NaN or infinite."""


class OutOfMemoryError(Kow2vError, MemoryError):
    """The settings ask for more memory than the machine can map."""


class VectorFormatError(Kow2vError):
    """Vectors cannot be written to or read from the requested format."""


class EvaluationFileError(Kow2vError):
    """An analogy or similarity file has a line that cannot be parsed."""
