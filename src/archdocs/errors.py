"""Errors a user can act on. The CLI prints them as one message and exits with their code."""

from __future__ import annotations

from archdocs.model.location import SourceLocation


class ArchdocsError(Exception):
    """A problem the user can fix: says where, what is wrong and how to fix it.

    The CLI prints ``file:line: error: message`` and the hint, with no traceback unless
    ``--debug`` is given, and exits with ``exit_code`` (2: the input could not be used).
    """

    exit_code = 2

    def __init__(
        self, message: str, *, location: SourceLocation | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        text = f"{prefix}error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ModelLoadError(ArchdocsError):
    """The models directory could not be imported."""


class UsageError(ArchdocsError):
    """The command line asks for something that cannot be done."""
