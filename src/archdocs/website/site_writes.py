"""Generated files written into the site folder by a child process.

MkDocs writes the files a plugin gives it as content one by one, on the build's only thread,
before it renders the pages: on the 1000-table benchmark model, 1626 diagram files, about a
second of system calls during which nothing else runs. The plugin hands MkDocs those files as
files already in the site folder instead, and has them written here while MkDocs reads and
converts the pages (decision record: docs/adr, "Write the diagram files into the site folder
beside the build"). In a one-shot build the child starts as soon as the diagrams are
published, and once it has written them it creates the files MkDocs will write the generated
pages into, empty: where the file system is slow to create files, MkDocs then writes into
files that exist (decision record "Create the files of the generated pages beside the build").

The writing runs in a process of its own, not on a thread: a thread making system calls one
after another takes Python's global lock back after each, so it runs by turns with the
build's thread rather than beside it. The child (:mod:`archdocs.atomic_files` run as a
script, standard library only) starts in milliseconds; the files reach it as one pickle in an
unnamed temporary file, which costs the build's thread one write.
"""

from __future__ import annotations

import os
import pickle
import stat
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
    """One build's files being written. :meth:`start` it with the files, then wait until they
    are :meth:`written` before MkDocs copies the site's static files, and :meth:`wait` for the
    child whenever the build ends (failed or not), so nothing writes into the folder a next
    build cleans."""

    def __init__(self) -> None:
        self._child: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None
        self._written = False
        self._missing: list[Path] = []
        """The files the child was asked to create (:meth:`remove_unwritten`)."""

    def start(self, files: Sequence[tuple[Path, bytes]], missing: Sequence[Path] = ()) -> None:
        """Write each ``(absolute path, content)`` of ``files`` atomically, then create each of
        ``missing`` that does not exist, empty (:func:`archdocs.atomic_files.create_missing`:
        the files MkDocs will write the generated pages into, made beforehand on another
        core): by a child process that runs meanwhile, or, when they are few, ``files`` here
        and now and ``missing`` not at all (MkDocs creates them as it writes them)."""
        self.wait()
        if len(files) + len(missing) >= CHILD_MIN_FILES and self._spawn(
                ([(os.fspath(path), data) for path, data in files],
                 [os.fspath(path) for path in missing])):
            self._missing = list(missing)
            return
        write_all_atomic(files)

    def _spawn(self, payload: object) -> bool:
        """Start the child with ``payload`` pickled on its standard input; whether it runs."""
        command = writer_command()
        if command is None:
            return False
        with tempfile.TemporaryFile() as pickled:
            pickled.write(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
            pickled.seek(0)
            self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by wait()
            try:
                self._child = subprocess.Popen(command, stdin=pickled, stdout=subprocess.PIPE,
                                               stderr=self._errors)
            except OSError:  # no process can be started here
                self._errors.close()
                self._errors = None
                return False
        self._written = False
        return True

    def written(self) -> None:
        """Return once every file is written (the child may still be creating the missing
        ones); raise a :class:`WriteError` naming the file that could not be."""
        child = self._child
        if child is None or self._written:
            return
        assert child.stdout is not None
        if child.stdout.readline() == atomic_files.WRITTEN:
            self._written = True
            return
        self.wait()  # it ended without writing them all: say why

    def wait(self) -> None:
        """Return once the child has ended; raise a :class:`WriteError` naming the file that
        could not be written (once: a build that failed on it has reported it)."""
        child, self._child = self._child, None
        errors, self._errors = self._errors, None
        if child is None or errors is None:
            return
        with errors:
            if child.stdout is not None:
                child.stdout.close()
            if child.wait() == 0:
                return
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip()
        raise WriteError(message or f"the process writing the site's diagram files failed "
                         f"(exit status {child.returncode})",
                         hint="make room on the disk, or choose a site_dir you can write to")


    def remove_unwritten(self) -> None:
        """Once the child has ended (:meth:`wait`), remove each file it was asked to create
        that is still empty: MkDocs did not write that page (the build failed). Never a file
        with content, nor anything else."""
        missing, self._missing = self._missing, []
        for path in missing:
            try:
                found = path.lstat()
                if stat.S_ISREG(found.st_mode) and found.st_size == 0:
                    path.unlink()
            except OSError:
                continue
