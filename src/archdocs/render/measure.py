"""How legible a diagram is at page width, measured by laying it out, so that no layout is
made twice for it.

A site cuts ER diagrams until each reads at page width (:func:`archdocs.render.er.er_specs`
with ``min_label_px``), which means laying every candidate out with Graphviz while the pages
are generated. :class:`Measurements` keeps, for one build:

* the layout of every diagram that passed, until the renderer takes it
  (:meth:`archdocs.render.renderer.DiagramRenderer.render`, ``laid_out=``): a diagram that is
  measured and kept is laid out once;
* every measurement in the diagram cache, next to the SVGs and pruned with them, by a hash of
  the DOT source: a later build (another process) measures nothing again;
* measurements made ahead in the renderer's worker processes (:meth:`Measurements.ahead`):
  on a cold build the site sends every datastore's ER parts there before the first page
  (:func:`archdocs.render.er.measure_er_ahead`), so they are laid out while the pages before
  the datastores' are generated, not in the build's own process when a page asks.

A process memo keeps the measurements too, for ``mkdocs serve`` without a disk cache.
"""

from __future__ import annotations

import heapq
import logging
import math
import os
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from queue import SimpleQueue
from typing import TYPE_CHECKING

from archdocs.render.layout import LayoutError, label_px, layout
from archdocs.render.renderer import MEASUREMENT_SUFFIX, cache_digest, store_measurement
from archdocs.render.spec import DiagramSpec

if TYPE_CHECKING:
    from archdocs.render.renderer import DiagramRenderer

log = logging.getLogger("archdocs.render")

_MEASURED: dict[str, float] = {}
"""Smallest label per DOT text (by its digest): ``mkdocs serve`` measures again only the
diagrams a save changed. Digests, not the DOT itself, so big schemas cost little memory."""
_MEASURED_LIMIT = 65536


_IN_FLIGHT = 12
"""Measurements with the workers at a time (:meth:`Measurements.ahead`): enough to keep two
busy between two calls of :meth:`Measurements.collect`, few enough that a measurement
queued later but needed sooner waits little."""


@dataclass
class _Ahead:
    """A measurement to make in a worker: when it is needed (lower first), what to call with
    its outcome, and its future once sent."""

    order: tuple[int, ...]
    min_label_px: float
    then: list[Callable[[bool], None]]
    future: Future[tuple[float, str | None, bool]] | None = None


class Measurements:
    """The legibility of the diagrams of one build.

    ``cache_dir`` is the renderer's (``None``: no disk cache). After the build's measuring,
    ``layouts`` holds the raw Graphviz SVG of each diagram laid out to measure it that passed,
    by its DOT source (hand it to the renderer), and ``laid_out`` counts the layouts made.

    With ``workers`` (the build's renderer), diagrams can be measured ahead
    (:meth:`ahead`): laid out in the diagram worker processes while the build generates the
    pages before the one that needs them; :meth:`legible` then waits for the measurement
    instead of laying the diagram out in this process. ``prepared`` holds what a spec builder
    prepared when it measured ahead, by a key of its own
    (:func:`archdocs.render.er.measure_er_ahead`).
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.layouts: dict[str, str] = {}
        self.laid_out = 0
        self.workers: DiagramRenderer | None = None
        self.prepared: dict[Hashable, object] = {}
        self._pending: dict[str, _Ahead] = {}
        """Measurements queued or under way in a worker, by DOT source."""
        self._queued: list[tuple[tuple[int, ...], str]] = []
        """Those not sent yet, as a heap by order."""
        self._sent = 0
        self._arrived: SimpleQueue[str] = SimpleQueue()
        """DOT sources whose measurement came back (put there by the pool's thread)."""
        self._digests: dict[str, str] = {}
        """The cache digest of each DOT source asked about: an ER part is asked about several
        times (measured ahead, collected, known), each time hashing its tens of kilobytes."""

    def _digest(self, dot: str) -> str:
        digest = self._digests.get(dot)
        if digest is None:
            digest = self._digests[dot] = cache_digest("label-px", dot)
        return digest

    def known(self, dot: str) -> float | None:
        """The smallest label of ``dot`` if it was measured already (in this process, in the
        disk cache, or in a worker and collected): no layout made, nothing waited for. A
        measurement still pending here is not known yet, even when its worker has written it
        into the disk cache: taking it from there would skip its ``then`` (:meth:`ahead`), and
        the parts that outcome measures ahead would be laid out here instead."""
        self.collect()
        if dot in self._pending:
            return None
        return self._known(dot)

    def _known(self, dot: str) -> float | None:
        digest = self._digest(dot)
        smallest = _MEASURED.get(digest)
        if smallest is None:
            smallest = self._cached(digest)
            if smallest is not None:
                self._remember(digest, smallest)
        return smallest

    def legible(self, dot: str, min_label_px: float) -> bool:
        """Whether the smallest label of ``dot``, laid out as the renderer lays it out (so the
        direction it picks is measured), is drawn at least ``min_label_px`` CSS pixels high in
        the page column. A graph Graphviz cannot lay out counts as legible: the renderer
        reports the failure on the page. A diagram being measured ahead is waited for."""
        smallest = self.known(dot)
        if smallest is None and dot in self._pending:
            smallest = self._wait(dot)
        if smallest is None:
            try:
                svg, _ = layout(dot)
            except LayoutError:
                smallest = math.inf
            else:
                self.laid_out += 1
                smallest = label_px(svg)
                if smallest >= min_label_px:
                    self.layouts[dot] = svg
            digest = self._digest(dot)
            self._store(digest, smallest)
            self._remember(digest, smallest)
        return smallest >= min_label_px

    def ahead(self, wanted: Sequence[tuple[tuple[int, ...], str, Callable[[bool], None]]],
              min_label_px: float) -> None:
        """Measure each ``(order, dot, then)`` of ``wanted`` in the workers, unless measured
        already; ``then(legible)`` is called in this thread once the measurement is known
        (at once for one known already; for the others when :meth:`collect` or
        :meth:`legible` takes it in), so a caller can measure ahead what that outcome asks
        for next. A few at a time are sent to the workers, lowest ``order`` first (the order
        the build will ask for them in), so a part cut after the others were queued is still
        measured before the pages need it. What the workers do not take (none run, too little
        work to start them) is left to :meth:`legible`, and its ``then`` is never called."""
        self.collect()
        known: list[tuple[Callable[[bool], None], bool]] = []
        new: dict[str, _Ahead] = {}
        for order, dot, then in wanted:
            smallest = self._known(dot)
            if smallest is not None:
                known.append((then, smallest >= min_label_px))
            elif dot in self._pending:
                self._pending[dot].then.append(then)
            elif dot in new:
                new[dot].then.append(then)
            else:
                new[dot] = _Ahead(order, min_label_px, [then])
        if new and self.workers is not None and self.workers.has_workers(
                len(new), sum(len(dot) for dot in new)):
            self._pending.update(new)
            for dot, pending in new.items():
                heapq.heappush(self._queued, (pending.order, dot))
            self._feed()
        for then, legible in known:
            then(legible)

    def _feed(self) -> None:
        """Send queued measurements, lowest order first, while fewer than
        :data:`_IN_FLIGHT` are with the workers."""
        while self._queued and self._sent < _IN_FLIGHT:
            _, dot = heapq.heappop(self._queued)
            pending = self._pending.get(dot)
            if pending is not None and pending.future is None and not self._send(dot, pending):
                return

    def _send(self, dot: str, pending: _Ahead) -> bool:
        # The worker writes the measurement into the cache (not this thread's system calls).
        future = self.workers.measure(dot, pending.min_label_px,
                                      self._path(self._digest(dot))) \
            if self.workers else None
        if future is None:
            # No workers any more: what is still queued is measured by legible(), here.
            for queued in [d for d, p in self._pending.items() if p.future is None]:
                del self._pending[queued]
            self._queued.clear()
            return False
        pending.future = future
        self._sent += 1
        future.add_done_callback(partial(self._arrive, dot))
        return True

    def _arrive(self, dot: str, _: object) -> None:
        self._arrived.put(dot)  # in the pool's thread: only noted, taken in by collect()

    def collect(self) -> None:
        """Take in the measurements the workers have finished, call their ``then``
        (:meth:`ahead`) and send the next ones. Cheap when none has: callers may call it
        often."""
        while not self._arrived.empty():
            self._settle(self._arrived.get())
        self._feed()
        if self.workers is not None:
            self.workers.pump()  # layouts held back while measurements were under way

    def _wait(self, dot: str) -> float | None:
        """The measurement of ``dot`` from its worker, sent now if still queued and waited
        for, the others taken in and sent meanwhile (``None`` if the worker could not make
        it: the caller measures it)."""
        pending = self._pending[dot]
        if pending.future is None and not self._send(dot, pending):
            return None
        future = pending.future
        assert future is not None
        while dot in self._pending and not future.done():
            running = [p.future for p in self._pending.values()
                       if p.future is not None and not p.future.done()]
            wait(running, return_when=FIRST_COMPLETED)
            for done in [d for d, p in self._pending.items()
                         if p.future is not None and p.future.done()]:
                self._settle(done)
            self.collect()
        if dot in self._pending:
            return self._settle(dot)
        return self._known(dot)  # None when its worker failed

    def _settle(self, dot: str) -> float | None:
        """Take in the finished measurement of ``dot`` and call its ``then``; ``None`` when
        the worker could not make it (the pool stopped, a worker died): :meth:`legible`
        measures it here, and its ``then`` is never called."""
        pending = self._pending.get(dot)
        if pending is None or pending.future is None or not pending.future.done():
            return None  # settled already (waited for before its arrival was collected)
        del self._pending[dot]
        self._sent -= 1
        try:
            smallest, svg, laid_out = pending.future.result()
        except Exception as exc:  # noqa: BLE001 - any failure: measured here instead
            log.debug("measuring in a worker failed (%s); measured here instead", exc)
            return None
        self.laid_out += laid_out
        if svg is not None:
            self.layouts[dot] = svg
        self._remember(self._digest(dot), smallest)  # in the cache: the worker
        for then in pending.then:
            then(smallest >= pending.min_label_px)
        return smallest

    @staticmethod
    def _remember(digest: str, smallest: float) -> None:
        if len(_MEASURED) >= _MEASURED_LIMIT:
            _MEASURED.clear()
        _MEASURED[digest] = smallest

    def _path(self, digest: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / digest[:2] / f"{digest}{MEASUREMENT_SUFFIX}"

    def _cached(self, digest: str) -> float | None:
        path = self._path(digest)
        if path is None or not path.is_file():
            return None
        try:
            smallest = float(path.read_text(encoding="ascii"))
            os.utime(path)  # recently used: pruned last
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        return smallest

    def _store(self, digest: str, smallest: float) -> None:
        path = self._path(digest)
        if path is not None:
            store_measurement(path, smallest)


_ACTIVE: ContextVar[Measurements | None] = ContextVar("archdocs_measurements", default=None)


@contextmanager
def measuring(measurements: Measurements) -> Iterator[Measurements]:
    """Measure diagrams with ``measurements`` while the block runs (the site builder wraps page
    generation in it); elsewhere each measurement stands alone, with the process memo only."""
    token = _ACTIVE.set(measurements)
    try:
        yield measurements
    finally:
        _ACTIVE.reset(token)


def active() -> Measurements | None:
    """The measurements of the running build (inside :func:`measuring`), if any."""
    return _ACTIVE.get()


def collect() -> None:
    """Take in what the workers measured ahead for the running build, if any
    (:meth:`Measurements.collect`): the site builder calls it as pages queue diagrams, so a
    measurement's outcome is acted upon (an ER part cut, its halves measured ahead) before
    the page that needs it."""
    measurements = _ACTIVE.get()
    if measurements is not None:
        measurements.collect()


def legible(dot: str, min_label_px: float) -> bool:
    """:meth:`Measurements.legible` with the measurements of the running build, if any."""
    return (_ACTIVE.get() or Measurements()).legible(dot, min_label_px)


MAX_MEASURED_BOXES = 40
"""Above this many boxes an overview (context map, contexts landscape) is not laid out to be
measured: it never reads at page width (the 50-context map of the synthetic benchmark is
drawn with 1.7-px labels after three layouts of 1.5-1.8 s each)."""


def reads_at_page_width(spec: DiagramSpec, min_label_px: float) -> bool:
    """Whether the overview ``spec`` draws its labels at least ``min_label_px`` high in the page
    column: no when it has more than :data:`MAX_MEASURED_BOXES` boxes, else measured as
    :func:`legible` measures (the layout is kept for the renderer, so a legible overview is
    laid out once)."""
    boxes = sum(1 for name, _ in spec.links
                if "->" not in name and not name.startswith("cluster_"))
    return boxes <= MAX_MEASURED_BOXES and legible(spec.dot, min_label_px)
