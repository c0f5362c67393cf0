"""How ``mkdocs serve`` notices a save in the models folder.

MkDocs' live-reload server polls every folder it watches every 0.5 s, then waits 0.1 s for more
writes: a save waits 0.35 s on average before its rebuild starts. On Linux the models folder is
also watched with inotify, which reports a save as it is written, through the server's own
``watch()`` (its handler, its log, its rebuild). The polling stays, for the folders inotify does
not see written (a network file system, a folder shared with a virtual machine's host); each of
the two drops a change of a path the other one reported in the last seconds, so that a save
rebuilds once. Either way two
kinds of events are left out: Python's bytecode cache, which loading the models writes under the
models folder during the rebuild (a second rebuild followed every save), and a file only opened
or read; and inotify's report of a file being written counts when the file is closed.

A models folder inside another watched path (docs/, ``mkdocs.yml``, the ``watch`` paths), or
holding one, is only polled, as MkDocs polls the other (two watchers would rebuild twice). The
MkDocs internal this relies on (docs/adr): while ``server.watch()`` runs, the server's
``observer`` attribute is given an object whose ``schedule()`` wraps MkDocs' handler; a server
without that attribute watches the models folder exactly as MkDocs does.

No MkDocs import here (only the plugin imports it).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from watchdog.events import (
    FileDeletedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch

from archdocs.website.model_rebuilds import BYTECODE_CACHE

log = logging.getLogger("mkdocs.plugins.archdocs")

# Events that say nothing was changed.
_NOT_CHANGES = frozenset({"opened", "closed_no_write"})
# inotify reports a file being written as it is truncated, before its content is: the rebuild
# would read it half-written, then rebuild again. It waits for the file to be closed instead
# (a write that never closes the file is left to the polling).
_WHILE_WRITING = _NOT_CHANGES | {"modified"}


def watch_models(server: Any, models: Path, others: Iterable[Path],
                 noticed: Callable[[], None] | None = None) -> BaseObserver | None:
    """Have ``server`` (MkDocs' ``LiveReloadServer``, before it serves) rebuild on every
    change under ``models``, calling ``noticed`` first (in the watcher's thread). Returns the
    inotify observer started for it, to be stopped when serving ends, or None when only the
    server's polling watches the folder."""
    polling = getattr(server, "observer", None)
    if polling is None or not callable(getattr(polling, "schedule", None)):
        server.watch(str(models))  # not the LiveReloadServer of MkDocs 1.6: as MkDocs does
        return None
    scheduler = _Scheduler(polling, _inotify() if _apart(models, others) else None, noticed)
    server.observer = scheduler
    try:
        server.watch(str(models))
    finally:
        server.observer = polling
    if scheduler.native is not None and not scheduler.used_native:
        scheduler.native.stop()
        return None
    return scheduler.native


class _Scheduler:
    """Stands in for the server's observer while ``server.watch()`` schedules its handler:
    schedules it behind :class:`_Changes`, on inotify when it can and on the server's
    polling."""

    def __init__(self, polling: Any, native: BaseObserver | None,
                 noticed: Callable[[], None] | None) -> None:
        self.polling = polling
        self.native = native
        self.used_native = False
        self.noticed = noticed

    def schedule(self, handler: FileSystemEventHandler, path: str, *,
                 recursive: bool = False) -> ObservedWatch:
        inotify, polling = _Recent(), _Recent()
        if self.native is not None:
            try:
                self.native.schedule(
                    _Changes(handler, inotify, polling, _WHILE_WRITING, self.noticed),
                    path, recursive=recursive)
            except OSError as error:  # a missing folder, the limit of inotify watches
                log.debug("archdocs: the models folder is only polled (inotify: %s)", error)
            else:
                self.used_native = True
        watch = self.polling.schedule(
            _Changes(handler, polling, inotify, _NOT_CHANGES, self.noticed),
            path, recursive=recursive)
        assert isinstance(watch, ObservedWatch)
        return watch


class _Recent:
    """The paths one watcher reported to the server in the last seconds: more than a poll of
    the folder takes, even on a busy machine (inotify holds a move 0.5 s to pair its ends)."""

    SECONDS = 5.0

    def __init__(self) -> None:
        self.seen: dict[str, float] = {}
        self.lock = threading.Lock()

    def note(self, paths: list[str]) -> None:
        now = time.monotonic()
        with self.lock:
            self.seen = {path: when for path, when in self.seen.items()
                         if now - when < self.SECONDS}
            self.seen.update((path, now) for path in paths)

    def covers(self, paths: list[str]) -> bool:
        now = time.monotonic()
        with self.lock:
            return all(any(now - when < self.SECONDS
                           and (path == seen or path.startswith(seen + os.sep))
                           for seen, when in self.seen.items()) for path in paths)


class _Changes(FileSystemEventHandler):
    """Passes the server's handler the events of one watcher a rebuild must follow, but
    those of paths the other watcher reported (``theirs``), noting the rest (``mine``)."""

    def __init__(self, rebuild: FileSystemEventHandler, mine: _Recent, theirs: _Recent,
                 ignored: frozenset[str], noticed: Callable[[], None] | None) -> None:
        self.rebuild = rebuild
        self.mine = mine
        self.theirs = theirs
        self.ignored = ignored
        self.noticed = noticed

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [os.fsdecode(path) for path in (event.src_path, event.dest_path) if path]
        if (event.event_type in self.ignored and not event.is_directory) or all(
                BYTECODE_CACHE in Path(path).parts for path in paths):
            return
        if event.is_directory:
            # The server's handler skips folders, as polling reports each file in one;
            # inotify may report only the folder that was moved or removed.
            if event.event_type == "deleted":
                event = FileDeletedEvent(event.src_path)
            elif event.event_type == "moved":
                event = FileMovedEvent(event.src_path, event.dest_path)
            else:
                return  # created (its files report themselves), modified (a file in it)
        if self.theirs.covers(paths):
            return
        self.mine.note(paths)
        if self.noticed is not None:
            self.noticed()
        self.rebuild.dispatch(event)


def _inotify() -> BaseObserver | None:
    """A started inotify observer (Linux), or None where there is none."""
    try:
        from watchdog.observers.inotify import InotifyObserver

        observer = InotifyObserver()
        observer.start()  # the folder's watch then starts as it is scheduled, or fails there
    # Not Linux (watchdog's UnsupportedLibcError), no inotify instance left (OSError): polled.
    except Exception as error:
        log.debug("archdocs: the models folder is only polled (%s)", error)
        return None
    return observer


def _apart(models: Path, others: Iterable[Path]) -> bool:
    """The models folder neither lies in nor holds another watched path."""
    folder = os.path.abspath(models)
    for other in others:
        path = os.path.abspath(other)
        try:
            common = os.path.commonpath([folder, path])
        except ValueError:  # on two drives
            continue
        if common in (folder, path):
            return False
    return True
