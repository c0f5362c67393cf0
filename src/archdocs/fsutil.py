"""Writing files safely: atomically, and never over a file the user wrote."""

from __future__ import annotations

import os
import tempfile
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
    With ``within``, ``path`` (relative to it, or absolute) must lie inside that folder.
    """
    path = Path(path)
    if within is not None:
        path = inside(within, path)
    if path.is_dir():
        raise _write_error(path, IsADirectoryError(21, "it is a folder"))
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp creates 0600 files; generated pages must be readable like any other file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _write_error(path, error) from error
        raise


def _write_error(path: Path, error: OSError) -> WriteError:
    return WriteError(f"cannot write '{path}': {error.strerror or error}",
                      hint="choose a file path you can write to (not a folder)")
