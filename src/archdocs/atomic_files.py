"""Replacing files whole, through a temporary file and a rename, with the standard library only.

:mod:`archdocs.fsutil` writes every file archdocs generates with :func:`replace_all`. Run as a
script (``python -I -S atomic_files.py``), this module reads from its standard input a pickled
list of ``(path, content)`` and a list of paths, writes the files, says so on its standard
output, then creates the paths that do not exist yet, empty (:func:`create_missing`): a site's
diagram files are written by such a child process while MkDocs converts the pages, and the
files MkDocs will write the generated pages into are made (:mod:`archdocs.website.site_writes`).
It imports nothing of archdocs, so the child starts in milliseconds.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path

_NEW_FILE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                   | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
"""A file created, never opened where something is already (a link included)."""


class ReplaceError(OSError):
    """A file could not be written: ``path`` and the operating system's error."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(error.errno, error.strerror or str(error))
        self.path = path
        self.error = error


def replace_atomically(path: Path, data: bytes) -> None:
    """``data`` written to a new temporary file beside ``path``, then renamed over it: readers
    see the old file or the new one, never half. ``path``'s folder must exist.

    The temporary file is created with mode 0666 and the kernel applies the umask, so the file
    gets the permissions of any file the user creates (mkstemp's are 0600) without reading the
    umask, which only setting it can do: that is process-wide, and a thread creating a file
    meanwhile would get the wrong permissions."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(tmp, _NEW_FILE_FLAGS, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise ReplaceError(path, error) from error
        break
    else:
        raise ReplaceError(path, FileExistsError(17, "no free temporary file name beside it"))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as error:
        tmp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ReplaceError(path, error) from error
        raise


def replace_all(files: Iterable[tuple[Path, bytes]]) -> None:
    """:func:`replace_atomically` for many files, each folder made once (a site's diagrams
    share one). Stops at the first file that cannot be written (:class:`ReplaceError`)."""
    folders: set[Path] = set()
    for path, data in files:
        if path.parent not in folders:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ReplaceError(path, error) from error
            folders.add(path.parent)
        replace_atomically(path, data)


def create_missing(paths: Iterable[Path]) -> None:
    """Each of ``paths`` made to exist, as an empty file in the folders it needs; whatever is
    at a path already (a file, a folder, a symbolic link) is left as it is, and a path that
    cannot be made is skipped: whoever writes the file later reports it.

    Creating a file costs far more than writing into one where the file system searches for a
    free inode: ext4 without a journal skips every inode freed in the last minute, one by one,
    so right after a site folder is cleaned each new file or folder cost about a millisecond
    on the build's machine. MkDocs creates each page's folder and file on the build's only
    thread; made here beforehand, in a child process, they are files MkDocs writes into."""
    folders: set[Path] = set()
    for path in paths:
        if path.parent not in folders:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                continue
            folders.add(path.parent)
        try:
            os.close(os.open(path, _NEW_FILE_FLAGS, 0o666))
        except OSError:  # there already (a symbolic link too), or not possible
            continue


WRITTEN = b"written\n"
"""What the script prints once it has written the files, before it creates the missing ones."""


def main() -> int:
    """Write the files pickled on standard input and print :data:`WRITTEN`, then create the
    missing paths pickled after them; when a file cannot be written, say which and why on
    standard error (``cannot write 'PATH': REASON``) and exit with 1."""
    files: list[tuple[str, bytes]]
    missing: list[str]
    files, missing = pickle.load(sys.stdin.buffer)
    try:
        replace_all((Path(path), data) for path, data in files)
    except ReplaceError as error:
        sys.stderr.write(f"cannot write '{error.path}': {error.strerror}\n")
        return 1
    try:
        # Unbuffered: a message left in sys.stdout's buffer would fail again at exit.
        os.write(sys.stdout.fileno(), WRITTEN)
    except BrokenPipeError:  # no one waits for the files any more (the build failed)
        return 0
    create_missing(Path(path) for path in missing)
    return 0


if __name__ == "__main__":
    sys.exit(main())
