"""A page provider for tests: one page whose diagram cannot be laid out."""

from __future__ import annotations

from archdocs.render import DiagramSpec
from archdocs.website.page import Page


def pages(ctx):
    path = f"{ctx.paths.prefix}/broken.md"
    spec = DiagramSpec("broken-diagram", "A broken diagram", "digraph { a -> ; }")
    yield Page(path, "Broken", "# Broken\n" + ctx.diagram(path, spec))
