"""Advice pages: per system an index, and per datastore (undecided and decided) the advice of
``archdocs advise`` (ranked options with reasons, rejected options, hosting, start-simple
checks, the context's pattern, the scalability path). Datastore pages link to it."""

from __future__ import annotations

from collections.abc import Iterator

from archdocs.advise.engine import Advice, advise
from archdocs.advise.render import as_markdown
from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.system import System
from archdocs.pages import markdown as md
from archdocs.pages.page import Asset, Page, SiteContext, relative_link


def advice_base(ctx: SiteContext, system: System) -> str:
    return f"{ctx.paths.base(system)}/advice"


def advice_page(ctx: SiteContext, system: System, datastore: Datastore) -> str:
    return f"{advice_base(ctx, system)}/{ctx.paths.slug(datastore)}.md"


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    for system in ctx.model.systems:
        advices = [(d, advise(system, d)) for d in system.datastores]
        yield _index(ctx, system, advices)
        for datastore, advice in advices:
            yield _page(ctx, system, datastore, advice)


def _status(datastore: Datastore, advice: Advice) -> str:
    if not datastore.decided:
        return "undecided"
    if advice.contradictions:
        return "contradicts its requirements"
    if advice.recommended.technology == datastore.technology.id:
        return "agrees"
    return f"another option ranks first ({advice.recommended.name})"


def _index(ctx: SiteContext, system: System, advices: list[tuple[Datastore, Advice]]) -> Page:
    page = f"{advice_base(ctx, system)}/index.md"
    out = ["# Advice\n\n",
           "What `archdocs advise` recommends for each datastore from its requirements, access "
           "patterns, projections and constraints, and whether the decision agrees.\n\n"]
    rows = [[md.link(d.name, relative_link(page, advice_page(ctx, system, d))),
             md.escape(d.technology.label), md.escape(a.recommended.name), a.kind,
             md.escape(_status(d, a))] for d, a in advices]
    out.append(md.table(["Datastore", "Technology", "Recommended", "Kind", "Decision"], rows)
               if rows else "No datastores declared.\n")
    # Reached from the Technology decisions page and every datastore page: the navigation
    # stays at its ten index pages (Material's nav cost, MEASURED.md).
    return Page(page, "Advice", "".join(out))


def _page(ctx: SiteContext, system: System, datastore: Datastore, advice: Advice) -> Page:
    page = advice_page(ctx, system, datastore)
    out = [f"# Advice: {md.escape(datastore.name)}\n\n",
           f"{md.link(datastore.name, relative_link(page, ctx.paths.datastore(system, datastore)))}"
           f" — {md.escape(datastore.technology.label)}, {md.escape(datastore.role.value)}: "
           f"{md.escape(_status(datastore, advice))}.\n\n",
           as_markdown(advice, heading=2)]
    return Page(page, f"Advice: {datastore.name}", "".join(out))


def element_section(ctx: SiteContext, system: System, element: Element, page_path: str) -> str:
    """A link from a datastore's page to its advice."""
    if not isinstance(element, Datastore):
        return ""
    target = relative_link(page_path, advice_page(ctx, system, element))
    what = "Recommend a technology" if not element.decided else "How this choice compares"
    return f"\n## Advice\n\n{md.link(what, target)}: ranked options, start-simple checks and " \
           "the scalability path.\n"
