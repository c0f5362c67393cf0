"""Generated pages and assets: plain data, independent of MkDocs.

Page providers are modules with ``def pages(ctx: SiteContext) -> Iterable[Page | Asset]``,
listed in :data:`PROVIDERS`. The MkDocs plugin serves what they return from memory;
``archdocs generate`` writes the same files to disk. A provider may also have
``def measure_ahead(ctx: SiteContext) -> None``, which the site builder calls before it
reviews the model (``ctx.report`` is not set yet): diagrams to measure in the diagram workers
while the review runs.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from archdocs.load.loader import Model
    from archdocs.model.element import Element
    from archdocs.model.system import System
    from archdocs.pages.paths import SitePaths
    from archdocs.render import DiagramSpec
    from archdocs.review.engine import Report


@dataclass(frozen=True)
class Page:
    """A Markdown page. ``path`` is relative to the docs root, with ``/`` separators
    (``architecture/datastores/orders-db.md``). ``nav`` pages appear in the navigation;
    the rest are reached through index pages (Material's nav cost grows with the page count
    squared, see MEASURED.md)."""

    path: str
    title: str
    content: str
    nav: bool = False


@dataclass(frozen=True)
class Asset:
    """A binary or text file the pages refer to (an SVG, a CSS file)."""

    path: str
    content: bytes


@lru_cache(maxsize=1 << 17)
def relative_link(from_page: str, to_path: str, anchor: str | None = None) -> str:
    """A Markdown link target from one generated file to another, both docs-root relative."""
    # Kept: a big site computes tens of thousands, the same ones again on a rebuild.
    # posixpath.relpath, minus its abspath calls: both paths are normalised and docs-relative,
    # and big sites compute tens of thousands of these.
    base = [part for part in posixpath.dirname(from_page).split("/") if part]
    target = to_path.split("/")
    common = 0
    while common < min(len(base), len(target) - 1) and base[common] == target[common]:
        common += 1
    link = "/".join([".."] * (len(base) - common) + target[common:]) or "."
    return f"{link}#{anchor}" if anchor else link


# Modules contributing pages, in order. Each feature adds its own module here.
PROVIDERS: list[str] = [
    "archdocs.pages.core",
    "archdocs.perf.pages",
    "archdocs.adr.pages",
    "archdocs.migrate.pages",
    "archdocs.live.pages",
    "archdocs.pages.governance",
    "archdocs.pages.physical",
    "archdocs.advise.pages",
    "archdocs.pages.scenarios",
    "archdocs.pages.views",
    "archdocs.pages.stylesheet",
]

# Modules adding a section to the pages of model elements (contexts, datastores, flows,
# migrations), so a feature can show what it knows about an element where readers look for it.
# Each exposes ``element_section(ctx, system, element, page_path) -> str``: Markdown, or ""
# when it has nothing to say. Providers that build element pages call
# :func:`element_sections` (before their findings section).
ELEMENT_SECTIONS: list[str] = [
    "archdocs.pages.physical",
    "archdocs.adr.pages",
    "archdocs.migrate.pages",
    "archdocs.pages.governance",
    "archdocs.advise.pages",
    "archdocs.pages.scenarios",
    "archdocs.pages.views",
]


def element_sections(ctx: SiteContext, system: System, element: Element, page_path: str) -> str:
    """Every registered section for the page of ``element`` at ``page_path``, in order."""
    import importlib

    return "".join(
        importlib.import_module(name).element_section(ctx, system, element, page_path)
        for name in ELEMENT_SECTIONS
    )


class SiteContext(Protocol):
    """What a page provider receives. The site builder implements it."""

    model: Model
    report: Report
    """The review findings for the whole model."""
    paths: SitePaths
    options: Mapping[str, Any]
    """Plugin options (``models``, ``prefix``, ``diagrams``, ``drift_url_env`` …)."""
    log: logging.Logger
    """Where providers warn: the face that builds the site chooses it (MkDocs' own logger under
    the plugin, so ``--strict`` counts the warnings; ``archdocs.generate`` under the CLI)."""

    def diagram(self, page_path: str, spec: DiagramSpec) -> str:
        """Markdown that shows ``spec`` on the page at ``page_path``; the builder renders it
        (in parallel, cached) and, if rendering fails, the snippet says so visibly."""
        ...
