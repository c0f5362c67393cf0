"""Writing files safely: atomically, and never over a file the user wrote."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from archdocs.atomic_files import ReplaceError, replace_all
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
    call from several threads at once (:mod:`archdocs.atomic_files`).
    """
    path = Path(path)
    if within is not None:
        path = inside(within, path)
    if path.is_dir():
        raise _write_error(path, IsADirectoryError(21, "it is a folder"))
    write_all_atomic([(path, content.encode("utf-8") if isinstance(content, str) else content)])


def write_all_atomic(files: Iterable[tuple[Path, bytes]]) -> None:
    """:func:`write_atomic` for many files, each folder made once (a site's diagrams share
    one)."""
    try:
        replace_all(files)
    except ReplaceError as error:
        raise _write_error(error.path, error.error) from error


def _write_error(path: Path, error: OSError) -> WriteError:
    return WriteError(f"cannot write '{path}': {error.strerror or error}",
                      hint="choose a file path you can write to (not a folder)")
