"""How legible a diagram is at page width, measured by laying it out, so that no layout is
made twice for it.

A site cuts ER diagrams until each reads at page width (:func:`archdocs.render.er.er_specs`
with ``min_label_px``), which means laying every candidate out with Graphviz while the pages
are generated. :class:`Measurements` keeps, for one build:

* the layout of every diagram that passed, until the renderer takes it
  (:meth:`archdocs.render.renderer.DiagramRenderer.render`, ``laid_out=``): a diagram that is
  measured and kept is laid out once;
* every measurement in the diagram cache, next to the SVGs and pruned with them, by a hash of
  the DOT source: a later build (another process) measures nothing again.

A process memo keeps the measurements too, for ``mkdocs serve`` without a disk cache.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from archdocs.fsutil import write_atomic
from archdocs.render.layout import LayoutError, label_px, layout
from archdocs.render.renderer import MEASUREMENT_SUFFIX, cache_digest
from archdocs.render.spec import DiagramSpec

log = logging.getLogger("archdocs.render")

_MEASURED: dict[str, float] = {}
"""Smallest label per DOT text (by its digest): ``mkdocs serve`` measures again only the
diagrams a save changed. Digests, not the DOT itself, so big schemas cost little memory."""
_MEASURED_LIMIT = 65536


class Measurements:
    """The legibility of the diagrams of one build.

    ``cache_dir`` is the renderer's (``None``: no disk cache). After the build's measuring,
    ``layouts`` holds the raw Graphviz SVG of each diagram laid out to measure it that passed,
    by its DOT source (hand it to the renderer), and ``laid_out`` counts the layouts made.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.layouts: dict[str, str] = {}
        self.laid_out = 0

    def legible(self, dot: str, min_label_px: float) -> bool:
        """Whether the smallest label of ``dot``, laid out as the renderer lays it out (so the
        direction it picks is measured), is drawn at least ``min_label_px`` CSS pixels high in
        the page column. A graph Graphviz cannot lay out counts as legible: the renderer
        reports the failure on the page."""
        digest = cache_digest("label-px", dot)
        smallest = _MEASURED.get(digest)
        if smallest is None:
            smallest = self._cached(digest)
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
            self._store(digest, smallest)
        if len(_MEASURED) >= _MEASURED_LIMIT:
            _MEASURED.clear()
        _MEASURED[digest] = smallest
        return smallest >= min_label_px

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
        if path is None:
            return
        try:
            # repr() reads back as the same float, so a warm build cuts exactly the same parts.
            write_atomic(path, repr(smallest))
        except OSError as exc:  # the renderer warns about a read-only cache
            log.debug("cannot write the measurement %s: %s", path, exc)


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
