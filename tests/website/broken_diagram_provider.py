"""A page provider for tests: one page whose diagram cannot be laid out."""

from __future__ import annotations

from archdocs.pages.page import Page
from archdocs.render import DiagramSpec


def pages(ctx):
    path = f"{ctx.paths.prefix}/broken.md"
    spec = DiagramSpec("broken-diagram", "A broken diagram", "digraph { a -> ; }")
    yield Page(path, "Broken", "# Broken\n" + ctx.diagram(path, spec))
