"""Writing files safely: atomically, and never over a file the user wrote."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from archdocs.errors import UsageError, WriteError


def inside(root: Path | str, relative: Path | str) -> Path:
    """``root / relative``, after checking that it lies inside ``root`` once both are resolved
    (``..``, absolute paths and symbolic links followed). Everything archdocs writes or deletes
    in a folder it owns goes through this.

    Raises :class:`~archdocs.errors.UsageError` naming the path when it would leave ``root``.
    """
    root = Path(root)
    try:
        target = root / relative
        base = root.resolve()
        resolved = target.resolve()
    except (OSError, ValueError) as error:  # a NUL byte, a symbolic link loop
        raise UsageError(f"refusing to write or delete {str(relative)!r} in '{root}': {error}",
                         hint="archdocs only writes and deletes files it can name inside the "
                         "folder it was given") from None
    if resolved != base and base not in resolved.parents:
        raise UsageError(
            f"refusing to write or delete '{relative}': it lies outside '{root}' "
            f"(it resolves to '{resolved}')",
            hint="archdocs only writes and deletes inside the folder it was given; remove the "
            "symbolic link or the entry that points elsewhere",
        )
    return target


def write_atomic(path: Path | str, content: str | bytes, *, within: Path | str | None = None
                 ) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename.

    Readers (a running ``mkdocs serve``, an editor) see the old file or the new one, never half.
    With ``within``, ``path`` (relative to it, or absolute) must lie inside that folder. Safe to
    call from several threads at once.
    """
    path = Path(path)
    if within is not None:
        path = inside(within, path)
    if path.is_dir():
        raise _write_error(path, IsADirectoryError(21, "it is a folder"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _write_error(path, error) from error
    _replace(path, content.encode("utf-8") if isinstance(content, str) else content)


def write_all_atomic(files: Iterable[tuple[Path, bytes]]) -> None:
    """:func:`write_atomic` for many files, each folder made once (a site's diagrams share
    one). Safe to run on a thread of its own."""
    folders: set[Path] = set()
    for path, data in files:
        if path.parent not in folders:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise _write_error(path, error) from error
            folders.add(path.parent)
        _replace(path, data)


_TEMPORARY_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def _replace(path: Path, data: bytes) -> None:
    """``data`` written to a new temporary file beside ``path``, then renamed over it.

    The temporary file is created with mode 0666 and the kernel applies the umask, so the file
    gets the permissions of any file the user creates (mkstemp's are 0600) without reading the
    umask, which only setting it can do: that is process-wide, and a thread writing meanwhile
    would create its files with the wrong permissions."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, _TEMPORARY_FLAGS, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise _write_error(path, error) from error
        break
    else:
        raise _write_error(path, FileExistsError(17, "no free temporary file name beside it"))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException as error:
        tmp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _write_error(path, error) from error
        raise


def _write_error(path: Path, error: OSError) -> WriteError:
    return WriteError(f"cannot write '{path}': {error.strerror or error}",
                      hint="choose a file path you can write to (not a folder)")
