"""What the plugin needs to serve a rebuild after a save in the models folder as a dirty build
that equals a clean one (see docs/adr, "Serve a save in the models folder as a dirty rebuild").

- :func:`input_snapshot`: the state of every file MkDocs reads besides the models, so that a
  rebuild knows whether the save touched anything else.
- :func:`nav_signature`: what the navigation shows of the generated pages; when it changes,
  every page's HTML (which carries the navigation) must be rendered again.
- :func:`remove_outputs`: the files MkDocs wrote for generated pages that no longer exist.
- :class:`ContentDigests`: the digest of each generated file's content, which tells a rebuild
  the files that did not change.

No MkDocs import here (only the plugin imports it).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from stat import S_ISDIR

from archdocs.fsutil import inside
from archdocs.pages.page import Page

Snapshot = frozenset[tuple[str, int, int, int]]


BYTECODE_CACHE = "__pycache__"
"""The folder Python writes compiled model files into as it loads them: not an edit."""


def input_snapshot(paths: Iterable[Path], excluded: Path | None = None, *,
                   skipped_folders: frozenset[str] = frozenset()) -> Snapshot:
    """Path, modification time, size and inode of every file under ``paths`` (files or
    folders), but those under ``excluded`` and in folders named one of ``skipped_folders``:
    an editor's save changes one of them, a save through a rename (atomic save) the inode."""
    skip = os.path.abspath(excluded) if excluded is not None else None
    entries: set[tuple[str, int, int, int]] = set()
    pending = [os.path.abspath(path) for path in paths]
    while pending:
        path = pending.pop()
        if skip is not None and (path == skip or path.startswith(skip + os.sep)):
            continue
        try:
            status = os.stat(path)
        except OSError:
            continue  # gone: its absence is the difference
        if S_ISDIR(status.st_mode):
            if os.path.basename(path) in skipped_folders:
                continue
            try:
                with os.scandir(path) as listing:
                    pending.extend(entry.path for entry in listing)
            except OSError:
                continue  # removed while being listed (an editor's temporary folder)
        else:
            entries.add((path, status.st_mtime_ns, status.st_size, status.st_ino))
    return frozenset(entries)


def nav_signature(pages: Iterable[Page]) -> tuple[tuple[str, str], ...]:
    """The generated navigation pages in order, each with its front matter: MkDocs takes a
    page's title (and Material its icon or status) from there; archdocs writes front matter
    on every page. A page without it counts with its whole content."""
    return tuple((page.path, _front_matter(page.content)) for page in pages)


def _front_matter(content: str) -> str:
    if content.startswith("---\n"):
        end = content.find("\n---\n", 3)
        if end >= 0:
            return content[:end + 5]
    return content


def remove_outputs(site_dir: Path, outputs: Iterable[str]) -> None:
    """Delete ``outputs`` (paths relative to ``site_dir``, as MkDocs wrote them), and the
    folders that this leaves empty, as a clean build would not have them."""
    for output in outputs:
        target = inside(site_dir, output)
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


class ContentDigests:
    """SHA-256 of generated files' contents, kept from one build to the next per content
    object: a rebuild hands over the very strings and bytes of the pages and SVGs it took from
    the previous build (on the 1000-table benchmark model about 75 MB to hash again)."""

    def __init__(self) -> None:
        self._last: dict[int, tuple[str | bytes, str]] = {}
        self._now: dict[int, tuple[str | bytes, str]] = {}

    def digest(self, content: str | bytes) -> str:
        known = self._last.get(id(content))
        if known is not None and known[0] is content:
            digest = known[1]
        else:
            data = content.encode() if isinstance(content, str) else content
            digest = hashlib.sha256(data).hexdigest()
        self._now[id(content)] = (content, digest)
        return digest

    def build_done(self) -> None:
        """Keep this build's digests for the next one (and only those)."""
        self._last, self._now = self._now, {}
