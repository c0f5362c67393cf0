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


def how_to_report() -> str:
    """Where to report an archdocs bug: the issue tracker named in the package metadata
    (``[project.urls]`` in pyproject.toml), or the maintainers when it names none."""
    from importlib import metadata

    try:
        urls = metadata.metadata("archdocs").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower().replace(" ", "") in {"issues", "bugtracker", "tracker",
                                                       "bugs"}:
            return f"please report it at {url.strip()}"
    return "please report it to the archdocs maintainers (their issue tracker)"


class ModelLoadError(ArchdocsError):
    """The models directory could not be imported."""


class ModelArgumentError(ModelLoadError, TypeError):
    """A model builder or value class was given an argument of the wrong type; the location is
    the user's call."""


class UsageError(ArchdocsError):
    """The command line asks for something that cannot be done."""


class WriteError(UsageError, OSError):
    """A file could not be written (a folder in the way, no permission, a full disk). Still an
    ``OSError``, so callers that tolerate a failed write (the diagram cache) keep doing so."""
