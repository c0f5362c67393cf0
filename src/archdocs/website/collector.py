"""Python's cyclic garbage collector kept off the objects a site build makes and keeps.

A build allocates millions of small objects (the model's SQLAlchemy tables, the page texts)
and keeps nearly all of them until the next build, so the collector's passes find little
garbage among them but walk them all. On the 1000-table benchmark model:

- While the build runs, its passes would walk the model and the pages again and again
  (:func:`paused` holds them off).
- Right after it, the first young passes walk everything it made: 0.1-0.2 s and 0.15-0.2 s of
  every `mkdocs serve` rebuild. :func:`keep` moves the build's objects out of the collector's
  sight instead (``gc.freeze``), until the next build in the process gives them back
  (:func:`release`).
- As the process ends, Python's last collection walked them all once more: 1.8-1.95 s
  between the end of a `mkdocs build` and the end of the process, 4.3 s after an
  `archdocs generate`. :func:`skip_last_collection` keeps it off every object.
- Under `mkdocs serve`, the plugin lets go of a build's model when the build ends (nothing
  needs it until the next build loads the model anew), and only a full pass frees it (its
  tables and columns refer to each other). :class:`IdleCollection` runs that pass while the
  server is idle after a rebuild, not during the next one.

Decision record: docs/adr, "Keep the collector off a build's objects".
"""

from __future__ import annotations

import atexit
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.RLock()
"""Held while the objects are frozen or given back, and during an idle collection (which
gives them back itself: hence reentrant)."""
_frozen = False
"""Whether :func:`keep` froze objects that :func:`release` has not given back yet."""


_pauses = 0
"""Blocks of :func:`paused` running now, in any thread."""
_enabled_before_pauses = False
_pauses_lock = threading.Lock()


@contextmanager
def paused() -> Iterator[None]:
    """No pass of the collector while the block runs. Reference counting still frees
    everything that is not in a cycle; cycles wait until the collector resumes. Nests, also
    across threads (a model loaded ahead beside a build, model_preload.py): the collector
    resumes when the last block ends, if it ran before the first began."""
    global _pauses, _enabled_before_pauses
    with _pauses_lock:
        if _pauses == 0:
            _enabled_before_pauses = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _enabled_before_pauses:
                gc.enable()


def keep() -> None:
    """Move every object tracked now out of the collector's sight (``gc.freeze``), until
    :func:`release`. Call it at the end of :func:`paused`, so that no pass walks them first."""
    global _frozen
    with _lock:
        gc.freeze()
        _frozen = True


def release() -> bool:
    """Give the objects :func:`keep` froze back to the collector, into its oldest generation:
    garbage among them is found by the next full pass. False when none were frozen."""
    global _frozen
    with _lock:
        if not _frozen:
            return False
        gc.unfreeze()
        _frozen = False
        return True


def skip_last_collection() -> None:
    """Let the process end without Python's last collection walking every object: at exit,
    everything left is moved out of its sight (``gc.freeze``) first. What it would find is
    garbage of a process that is ending; memory goes back to the system either way. Files are
    closed where they are written, not by the collector."""
    atexit.unregister(gc.freeze)  # once, however many builds registered it
    atexit.register(gc.freeze)


class IdleCollection:
    """A full pass of the collector once `mkdocs serve` has been idle for ``delay`` seconds
    after a build (:meth:`after_build`), in a timer thread.

    The pass finds the models that rebuilds replaced; it takes about 0.6 s on the 1000-table
    benchmark model. A save that comes during it waits for it, as it would wait for a pass in
    the rebuild itself. A rebuild that starts before the timer fires cancels it
    (:meth:`before_build`); after ``every`` builds without an idle pass, the rebuild runs the
    pass itself first, so that memory stays bounded when saves come faster than ``delay``.
    """

    def __init__(self, *, delay: float = 0.5, every: int = 3) -> None:
        self.delay = delay
        self.every = every
        self._timer: threading.Timer | None = None
        self._builds = 0
        """Builds since the last full pass."""

    def after_build(self) -> None:
        self.stop()
        self._builds += 1
        self._timer = threading.Timer(self.delay, self._collect)
        self._timer.daemon = True
        self._timer.name = "archdocs-idle-collection"
        self._timer.start()

    def before_build(self) -> None:
        self.stop()
        self._collect(due_only=True)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _collect(self, *, due_only: bool = False) -> None:
        with _lock:
            # Checked under the lock: an idle pass that was running has just reset it.
            if due_only and self._builds < self.every:
                return
            release()
            gc.collect()
            self._builds = 0
