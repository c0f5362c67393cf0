"""Generated files written into the site folder by a child process.

MkDocs writes the files a plugin gives it as content one by one, on the build's only thread,
before it renders the pages: on the 1000-table benchmark model, 1626 diagram files, about a
second of system calls during which nothing else runs. The plugin hands MkDocs those files as
files already in the site folder instead, and has them written here while MkDocs reads and
converts the pages (decision record: docs/adr, "Write the diagram files into the site folder
beside the build").

The writing runs in a process of its own, not on a thread: a thread making system calls one
after another takes Python's global lock back after each, so it runs by turns with the
build's thread rather than beside it. The child (:mod:`archdocs.atomic_files` run as a
script, standard library only) starts in milliseconds; the files reach it as one pickle in an
unnamed temporary file, which costs the build's thread one write.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from archdocs import atomic_files
from archdocs.errors import WriteError
from archdocs.fsutil import write_all_atomic

CHILD_MIN_FILES = 64
"""Fewer files are written in the build's process: a child costs that process about as much
to start (a `mkdocs serve --dirty` rebuild changes a few)."""


def writer_command() -> list[str] | None:
    """The command of the child that writes the files, ``None`` where there is no Python
    interpreter to start (an embedding application) or no script to give it."""
    if not sys.executable or getattr(sys, "frozen", False) \
            or not os.path.isfile(atomic_files.__file__):  # imported from a zip archive
        return None
    # -I -S: no user site, no site-packages, no PYTHON* variables: only the standard library.
    return [sys.executable, "-I", "-S", atomic_files.__file__]


class SiteWrites:
    """One build's files being written. :meth:`start` it with the files, then :meth:`wait`
    for it before MkDocs copies the site's static files, and whenever the build ends (failed
    or not), so nothing writes into the folder a next build cleans."""

    def __init__(self) -> None:
        self._child: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None

    def start(self, files: Sequence[tuple[Path, bytes]]) -> None:
        """Write each ``(absolute path, content)`` of ``files`` atomically: by a child process
        that runs meanwhile, or here and now when they are few."""
        self.wait()
        command = writer_command()
        if len(files) < CHILD_MIN_FILES or command is None:
            write_all_atomic(files)
            return
        with tempfile.TemporaryFile() as payload:
            payload.write(pickle.dumps([(os.fspath(path), data) for path, data in files],
                                       protocol=pickle.HIGHEST_PROTOCOL))
            payload.seek(0)
            self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by wait()
            try:
                self._child = subprocess.Popen(command, stdin=payload,
                                               stdout=subprocess.DEVNULL, stderr=self._errors)
            except OSError:  # no process can be started here: written by this one
                self._errors.close()
                self._errors = None
                write_all_atomic(files)

    def wait(self) -> None:
        """Return once every file is written; raise a :class:`WriteError` naming the file that
        could not be (once: a build that failed on it has reported it)."""
        child, self._child = self._child, None
        errors, self._errors = self._errors, None
        if child is None or errors is None:
            return
        with errors:
            if child.wait() == 0:
                return
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip()
        raise WriteError(message or f"the process writing the site's diagram files failed "
                         f"(exit status {child.returncode})",
                         hint="make room on the disk, or choose a site_dir you can write to")
