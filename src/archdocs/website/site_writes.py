"""Generated files written into the site folder on a thread of their own.

MkDocs writes the files a plugin gives it as content one by one, on the build's only thread,
before it renders the pages: on the 1000-table benchmark model, 1626 diagram files, about a
second of system calls during which nothing else runs. The plugin hands MkDocs those files as
files already in the site folder instead, and writes them here while MkDocs reads and converts
the pages (decision record: docs/adr, "Write the diagram files into the site folder on a
thread").
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from archdocs.fsutil import write_all_atomic


class SiteWrites:
    """One build's files being written on a thread. :meth:`start` it with the files, then
    :meth:`wait` for it before MkDocs copies the site's static files, and whenever the build
    ends (failed or not), so no thread writes into the folder a next build cleans."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._error: Exception | None = None

    def start(self, files: Sequence[tuple[Path, bytes]]) -> None:
        """Write each ``(absolute path, content)`` of ``files`` atomically, on a thread."""
        self.wait()
        if not files:
            return
        self._thread = threading.Thread(target=self._write, args=(list(files),),
                                        name="archdocs site writes")
        self._thread.start()

    def _write(self, files: list[tuple[Path, bytes]]) -> None:
        try:
            write_all_atomic(files)
        except Exception as error:  # noqa: BLE001 - given to the build's thread by wait()
            self._error = error

    def wait(self) -> None:
        """Return once every file is written; raise the error that stopped the writing (once:
        a build that failed on it has reported it)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        error, self._error = self._error, None
        if error is not None:
            raise error
