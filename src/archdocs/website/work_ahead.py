"""The plugin's work on generated pages done ahead, by a child process forked once MkDocs has
every file, on the processor core MkDocs leaves idle.

MkDocs reads, converts and renders the pages one after another on one thread. Two of the
plugin's page events ran there too: hiding each generated page's HTML blocks before
Python-Markdown (``on_page_markdown``) and making its search entries (``on_page_context``),
together a fifth of MkDocs' part of the 1000-table benchmark model's build. A child forked
at the end of ``on_files`` has the same files and settings: it does that work for every
generated page, in the order MkDocs takes them, and sends each result through a pipe as it is
done (:class:`WorkAhead`; what the pipe has no room for waits in the child, which works on).
The plugin takes a result only when it has come already and was made from what MkDocs gives
the plugin (the same Markdown; the same HTML, title and table of contents): otherwise it does
the work itself, exactly as it would without the child, and the result that comes later is
dropped. So the site is the same whether the child runs, lags,
fails or is never started. The child writes no file and logs nothing (the build's messages
are the parent's own), and ends when the build does.

When a second child renders the last generated pages (website/render_ahead.py), that child
makes the search entries from MkDocs' own conversion, and this one only hides the blocks.

It runs where ``os.fork`` exists (not on Windows), in a process running no other thread
(forking one that does can deadlock), for a one-shot ``mkdocs build``: the plugin starts it
(``mkdocs serve`` rebuilds render few pages). Decision record: docs/adr, "Do the plugin's page
work ahead in a forked child".
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import struct
import threading
import warnings
from collections.abc import Callable, Hashable
from typing import Any, Final

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows, which has no fork either
    fcntl = None  # type: ignore[assignment]

Send = Callable[[Hashable, Any], None]
"""How the child's work sends a result: ``send(key, value)``, in the order it makes them."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()
"""What :meth:`WorkAhead.take` returns when the child has no result for a key (yet)."""


class WorkAhead:
    """Work done by a forked child while this process goes on: :meth:`start` it with the work,
    :meth:`take` each result when it is needed, :meth:`stop` it when the build ends."""

    def __init__(self) -> None:
        self._pid: int | None = None
        self._pipe: int | None = None
        """The reading end of the pipe from the child (non-blocking)."""
        self._unread = bytearray()
        """What came through the pipe and is not a whole result yet."""
        self._arrived: dict[Hashable, Any] = {}
        """Results read from the pipe before they were asked for."""
        self._passed: set[Hashable] = set()
        """Keys asked for before their result came: it is dropped when it comes."""

    @property
    def running(self) -> bool:
        """Whether results may still be taken: the child runs, or sent some not taken yet."""
        return self._pipe is not None or bool(self._arrived)

    def start(self, work: Callable[[Send], None]) -> bool:
        """Fork a child that runs ``work(send)``; False (and nothing started) where processes
        cannot be forked safely: no ``os.fork``, or another thread runs here."""
        self.stop()
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return False
        reader, writer = os.pipe()
        _widen(writer)
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return False
        if pid == 0:  # pragma: no cover - the child; coverage cannot see a forked process
            os.close(reader)
            _run_child(work, writer)
        os.close(writer)
        os.set_blocking(reader, False)
        self._pid, self._pipe = pid, reader
        return True

    def take(self, key: Hashable) -> Any:
        """The child's result for ``key`` if it has come; :data:`MISSING` if not (not yet, or
        never: the caller does the work itself, and the result is dropped when it comes).
        Never waits for the child."""
        if key not in self._arrived:
            self._read()
        if key in self._arrived:
            return self._arrived.pop(key)
        self._passed.add(key)
        return MISSING

    def wait_for(self, key: Hashable) -> Any:
        """The child's result for ``key``, waiting for it while the child runs;
        :data:`MISSING` when it ended without sending it."""
        while key not in self._arrived and self._pipe is not None:
            select.select([self._pipe], [], [])
            self._read()
        return self.take(key)

    def receive(self) -> None:
        """Take in the results that have come, without waiting: a child whose results fill
        the pipe waits until they are read, so call this now and then while they are not
        needed yet."""
        self._read()

    def has(self, key: Hashable) -> bool:
        """Whether the child's result for ``key`` has come and is not taken yet."""
        self._read()
        return key in self._arrived

    @property
    def sending(self) -> bool:
        """Whether the child may still send results (it has not closed its end)."""
        self._read()
        return self._pipe is not None

    def _read(self) -> None:
        """Take in every whole result the pipe holds now."""
        pipe = self._pipe
        if pipe is None:
            return
        try:
            while chunk := os.read(pipe, PIPE_BYTES):
                self._unread += chunk
            ended = True  # an empty read: the child closed its end
        except BlockingIOError:  # nothing more for now
            ended = False
        except OSError:
            ended = True
        unread, start = self._unread, 0
        while len(unread) - start >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(unread, start)
            end = start + _LENGTH.size + size
            if end > len(unread):
                break
            key, value = pickle.loads(memoryview(unread)[start + _LENGTH.size:end])
            if key in self._passed:
                self._passed.discard(key)
            else:
                self._arrived[key] = value
            start = end
        del unread[:start]
        if ended:
            os.close(pipe)
            self._pipe = None
            self._unread.clear()

    def stop(self) -> None:
        """End the child (if it still runs) and forget its results."""
        pipe, self._pipe = self._pipe, None
        pid, self._pid = self._pid, None
        if pipe is not None:
            os.close(pipe)
        if pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        self._unread.clear()
        self._arrived.clear()
        self._passed.clear()


_LENGTH = struct.Struct("!Q")
"""Each result goes through the pipe as its length, then the pickle of ``(key, value)``."""

PIPE_BYTES = 1 << 20
"""The pipe's buffer (Linux; 64 KiB by default), and the most read at once: the child sends a
page's result whole while the build takes the one before."""


def _widen(end: int) -> None:
    setting = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if setting is not None:
        with contextlib.suppress(OSError):  # above the system's limit: the default stays
            fcntl.fcntl(end, setting, PIPE_BYTES)


def _run_child(work: Callable[[Send], None],
               pipe: int) -> None:  # pragma: no cover - runs in the forked child
    """The child's life: the work, then ``os._exit`` (no ``atexit`` handler, no flush of
    buffers the parent owns, no cleanup of the parent's worker pools)."""
    code = 0
    try:
        # What the work would report (a link warning, a library's deprecation) is the
        # build's to report, once, when it does the page itself.
        logging.disable(logging.CRITICAL)
        warnings.simplefilter("ignore")

        # Results the pipe has no room for wait here while the work goes on: the build reads
        # the pipe only now and then (a render-ahead child's first megabytes of search entries
        # waited 0.2 s for MkDocs to render the site's own templates).
        unsent = bytearray()

        def flush() -> None:
            while unsent:
                try:
                    written = os.write(pipe, unsent)
                except BlockingIOError:
                    return
                del unsent[:written]

        def send(key: Hashable, value: Any) -> None:
            data = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
            unsent.extend(_LENGTH.pack(len(data)))
            unsent.extend(data)
            flush()

        os.set_blocking(pipe, False)
        work(send)
        os.set_blocking(pipe, True)
        flush()
    except BaseException:  # noqa: BLE001 - the parent does the work itself; nothing to say
        code = 1
    finally:
        os._exit(code)


__all__ = ["MISSING", "Send", "WorkAhead"]
