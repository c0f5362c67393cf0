"""What a diagram is before and after rendering: plain, picklable data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkTarget:
    """What a box of a diagram stands for, so the site can link it to that thing's page:
    ``kind`` is an element kind (``context``, ``service``, ``datastore``, ``actor``,
    ``external``), ``flow``, ``flows`` (the system's list of flows: an edge standing for
    several, ``name`` lists them), ``table`` or ``page`` (a page known by its docs-relative
    path, ``page``: an architecture decision record, a migration's page); ``datastore`` names
    a table's datastore, ``anchor`` a place on the page (``phase-2``).
    ``name`` is what a reader knows the thing by: the site shows it as the box's tooltip."""

    system: str
    kind: str
    name: str
    datastore: str = ""
    page: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class DiagramSpec:
    """A diagram ready to be rendered.

    ``key`` is stable and slug-safe (``landscape``, ``context-orders``, ``flow-<slug>``,
    ``er-<datastore>``, ``er-<datastore>--<part>``, ``erfocus-<datastore>--<table>``). Keys are
    readable rather than unique: the site builder gives a diagram whose key another diagram
    has (two systems' landscapes) the key with a hash of its content appended.
    ``dot`` is deterministic DOT source for SVG output; ``mermaid`` is the Mermaid source when
    the diagram supports Mermaid output. ``links`` pairs Graphviz node, cluster or edge names
    (an edge as its SVG title, ``source->target``) with
    what they stand for; the site turns them into links (they are not part of the layout).
    ``svg`` is the picture when archdocs drew it itself (a table's neighbours,
    :mod:`archdocs.render.er_focus`): Graphviz is not asked, and ``dot`` is empty. Its boxes
    are SVG groups titled as Graphviz titles nodes, so ``links`` apply alike.
    """

    key: str
    title: str
    dot: str
    mermaid: str | None = None
    links: tuple[tuple[str, LinkTarget], ...] = ()
    svg: str | None = None


@dataclass(frozen=True)
class Diagram:
    """A rendered diagram.

    ``svg`` is a self-contained SVG (icons embedded as ``data:`` URIs, no file paths), or
    ``None`` when rendering failed or the output is Mermaid. ``error`` says what failed and why,
    naming the diagram, so the page can show it instead of a broken picture.
    """

    key: str
    title: str
    svg: str | None
    mermaid: str | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether there is something to show (an SVG or Mermaid source) and no error."""
        return self.error is None and (self.svg is not None or self.mermaid is not None)


_mermaid_wanted: ContextVar[bool] = ContextVar("archdocs_mermaid_wanted", default=True)


def mermaid_wanted() -> bool:
    """Whether spec builders should write :attr:`DiagramSpec.mermaid` (see
    :func:`mermaid_sources`)."""
    return _mermaid_wanted.get()


@contextmanager
def mermaid_sources(wanted: bool) -> Iterator[None]:
    """Inside the block, unless ``wanted``, the architecture and ER spec builders leave
    ``mermaid`` out (None): a site drawn as SVG never shows it, and writing it was a tenth of
    the time spent on those specs (issue 21). The renderer then draws such a diagram as SVG
    even where Mermaid output is asked for."""
    token = _mermaid_wanted.set(wanted)
    try:
        yield
    finally:
        _mermaid_wanted.reset(token)
