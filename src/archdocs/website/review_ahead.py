"""Under ``mkdocs serve``, the model reviewed in a helper process as soon as a save is noticed,
on the processor core the rebuild leaves idle.

A rebuild of the 1000-table benchmark model loads the model, reviews it (a fifth of the
rebuild) and generates the pages from the model and the review, all on one thread. Most saves
change no finding. So the server keeps one helper process (:class:`ReviewAhead`, started
once the first build is served): when a save in the models folder is noticed, the helper
loads the model and reviews it, while the rebuild loads the model itself and generates the
pages with the last build's review (:class:`PendingReview`). When the helper's review comes,
the rebuild takes it only when the helper loaded the models folder exactly as the rebuild did
(the same :func:`~archdocs.website.model_preload.models_snapshot`); otherwise, or when the
helper failed or went away, the rebuild reviews the model itself. When that review differs
from the last one, the pages are generated again with it. So the site is the same as a
rebuild that reviews first, whether the helper runs, lags, fails or is never started.

The helper writes no file and prints nothing (the rebuild's messages are the server's own),
and ends with the server. No MkDocs import here (only the plugin imports it). Decision
record: docs/adr, "Review the model in a helper process under mkdocs serve".
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import threading
import time
import warnings
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from archdocs.review.engine import Report, review
from archdocs.website.model_preload import models_snapshot
from archdocs.website.model_rebuilds import Snapshot

log = logging.getLogger("archdocs.website")

_Result = tuple[int, Snapshot | None, Report | None]
"""What the helper sends for a request: its number, the snapshot of the models folder taken
before the load, and the review (``None`` when the model did not load or a rule crashed)."""

WAIT_SECONDS = 60.0
"""How long a rebuild waits for the helper's review before it reviews the model itself."""


class ReviewAhead:
    """The helper process: :meth:`start` it once, :meth:`request` a review when a save is
    noticed, take it with :meth:`pending` when the rebuild starts, :meth:`stop` it at the end."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._numbers = itertools.count(1)
        self._requested: tuple[int, Path] | None = None
        """The last request sent, and the folder it named."""
        self._received: _Result | None = None
        """The newest result read from the helper."""

    def start(self) -> bool:
        """Start the helper (it imports archdocs while the server idles); False where it
        cannot start, or where this process may use one processor core only (the helper
        would take turns with the rebuild, and load the model a second time)."""
        if self._process is not None:
            return True
        if _usable_cores() < 2:
            return False
        try:
            context = multiprocessing.get_context("spawn")  # threads run here: never fork
            parent, child = context.Pipe()
            process = context.Process(target=_serve, args=(child,), daemon=True,
                                      name="archdocs-review-ahead")
            process.start()
        except (OSError, RuntimeError, ValueError) as error:  # no processes on this platform
            log.debug("archdocs: the review helper did not start: %s", error)
            return False
        child.close()
        self._process, self._conn = process, parent
        return True

    def request(self, models: Path) -> None:
        """Ask for a review of the models folder as it is now (a save there was noticed).
        Called from the watcher's thread."""
        with self._lock:
            if self._conn is None:
                return
            number = next(self._numbers)
            try:
                self._conn.send((number, str(models)))
            except (OSError, ValueError):
                self._gone()
                return
            self._requested = (number, models)

    def pending(self, models: Path, snapshot: Snapshot, last: Report) -> PendingReview | None:
        """For the rebuild that starts, of ``models`` as ``snapshot`` found them: the review
        asked for since the last build, to be checked against ``last`` (the last build's);
        ``None`` when none was asked for (the rebuild reviews first)."""
        with self._lock:
            requested, self._requested = self._requested, None
        if requested is None or requested[1] != models or self._conn is None:
            return None
        return PendingReview(self, requested[0], snapshot, last)

    def _result(self, number: int, timeout: float) -> _Result | None:
        """The newest result for request ``number`` or a later one, waiting up to ``timeout``
        seconds; ``None`` when none came by then or the helper is gone."""
        deadline = time.monotonic() + timeout
        with self._lock:
            conn = self._conn
        while conn is not None:
            received = self._received
            if received is not None and received[0] >= number:
                return received
            try:
                if not conn.poll(max(0.0, deadline - time.monotonic())):
                    return None
                self._received = conn.recv()
            except (EOFError, OSError):
                with self._lock:
                    self._gone()
                return None
        return None

    def _gone(self) -> None:
        self._conn = None
        self._requested = None

    def stop(self) -> None:
        """End the helper (the server stops)."""
        with self._lock:
            conn, process = self._conn, self._process
            self._conn = self._process = None
            self._requested = None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
            conn.close()
        if process is not None:
            process.join(timeout=0.5)
            if process.is_alive():  # in a load or a review: nothing of it is kept
                process.terminate()
                process.join(timeout=2)


def _usable_cores() -> int:
    """The processor cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class PendingReview:
    """The review of one rebuild's model, asked of the helper: the rebuild generates its pages
    with :attr:`last` meanwhile, and then takes :meth:`result`."""

    def __init__(self, ahead: ReviewAhead, number: int, snapshot: Snapshot,
                 last: Report) -> None:
        self._ahead = ahead
        self._number = number
        self._snapshot = snapshot
        self.last = last
        """The last build's review, to generate the pages with until this one comes."""

    def ready(self) -> bool:
        """Whether :meth:`result` would return without waiting."""
        return self._ahead._result(self._number, 0.0) is not None

    def result(self) -> Report | None:
        """The helper's review of the model the rebuild loaded, waiting for it; ``None`` when
        the helper reviewed other files, failed or went away (the rebuild reviews itself)."""
        result = self._ahead._result(self._number, WAIT_SECONDS)
        if result is None or result[1] != self._snapshot:
            return None
        return result[2]


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the helper process
    """The helper's loop: for each request, the newest one waiting, load the models folder it
    names and review it; send the result. Ends when the server sends ``None`` or goes away."""
    import gc

    from archdocs.load.loader import load_models
    from archdocs.review.engine import all_rules

    # Quiet: the server prints what its rebuild finds; model files may print or warn.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    all_rules()  # the rules' imports, before the first save
    uncollected = 0
    while True:
        try:
            if uncollected and (uncollected >= _UNCOLLECTED or not conn.poll(_IDLE_SECONDS)):
                # The models reviewed, freed by a full pass while the server idles (not
                # beside the rebuild, which a busy second core slows down).
                gc.enable()
                gc.collect()
                uncollected = 0
            request = conn.recv()
            while request is not None and conn.poll():
                request = conn.recv()  # only the newest save counts
        except (EOFError, OSError):
            return
        if request is None:
            return
        number, models = request
        snapshot: Snapshot | None = None
        report: Report | None = None
        gc.disable()  # as the rebuild's own load and review (collector.py)
        try:
            snapshot = models_snapshot(Path(models))
            report = review(load_models(models))
            if report.crashed:
                report = None  # the rebuild reviews, and logs what crashed
        except BaseException:  # noqa: BLE001 - the rebuild loads and reviews, and reports
            report = None
        uncollected += 1
        try:
            conn.send((number, snapshot, report))
        except (OSError, ValueError):
            return
        report = None


_IDLE_SECONDS = 2.0
"""How long the helper waits for the next request before it frees the models it reviewed."""
_UNCOLLECTED = 3
"""At most this many reviewed models wait to be freed (saves in quick succession)."""


__all__ = ["PendingReview", "ReviewAhead"]
