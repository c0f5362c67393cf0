"""The overview pages: a system's overview (its landscape, counts, contexts, datastores, services
outside any context, externals and actors, patterns and the first findings) and, when the model
declares several systems, the architecture index listing them."""

from __future__ import annotations

from collections.abc import Sequence

from archdocs.model.system import ExternalSystem, System
from archdocs.pages import governance as governance_pages
from archdocs.pages import markdown as md
from archdocs.pages.contexts import (
    CONTEXT_MAP_MIN_CONTEXTS,
    MIN_LABEL_PX,
    contexts_table,
    services_table,
)
from archdocs.pages.datastores import datastores_table
from archdocs.pages.page import Page, SiteContext, relative_link
from archdocs.pages.system_index import (
    LocatedFinding,
    SystemIndex,
    describe,
    diagram_spec,
    section,
    title,
)
from archdocs.review.finding import count_findings

OVERVIEW_FINDINGS = 15
"""How many findings the overview lists before pointing at the findings page."""


def overview_page(index: SystemIndex) -> Page:
    """The system's home page."""
    system, paths = index.system, index.paths
    page = paths.overview(system)
    out = [title(system.name), describe(system)]
    landscape = diagram_spec("context_landscape_spec", system)
    contexts_index = relative_link(page, paths.contexts_index(system))
    if len(system.contexts) < CONTEXT_MAP_MIN_CONTEXTS:
        out.append(index.ctx.diagram(page, landscape))
    elif diagram_spec("reads_at_page_width", landscape, MIN_LABEL_PX):
        out.append(section("System landscape"))
        out.append("Each box is a bounded context: click it for its services, datastores "
                   "and flows. A number on an arrow counts the flows it stands for; "
                   "brokers are drawn as the hubs flows pass through. The "
                   f"{md.link('context map', contexts_index)}"
                   " shows who depends on whom.\n\n")
        out.append(index.ctx.diagram(page, landscape))
    else:
        # Shrunk to the page column, the picture of every context would be unreadable: the
        # reader is sent to the pictures that read (each context's, around it).
        out.append(section("System landscape"))
        out.append(f"The landscape of all {len(system.contexts)} contexts would be drawn too "
                   "small to read at page width: each context's page draws the part around "
                   "it (its services, datastores and the elements its flows reach, and its "
                   "part of the context map). Start from the "
                   f"{md.link('bounded contexts', contexts_index)}.\n")
    tables = sum(len(d.tables) for d in system.datastores)
    counts = [
        ("Bounded contexts", len(system.contexts), paths.contexts_index(system)),
        ("Services", len(system.services), None),
        ("Datastores", len(system.datastores), paths.datastores_index(system)),
        ("Tables", tables, paths.lineage(system)),
        ("Data flows", len(system.flows), paths.flows_index(system)),
        ("Scenarios", len(system.scenarios),
         paths.scenarios_index(system) if system.scenarios else None),
        ("External systems", len(system.externals), None),
        ("Patterns", len(system.patterns), None),
        ("Findings", len(index.findings), paths.findings(system)),
        ("Accepted risks", len(index.accepted),
         governance_pages.risk_register_path(index.ctx, system)),
    ]
    out.append(section("Summary"))
    out.append(md.table(["What", "Count"], [
        [md.link(label, relative_link(page, target)) if target else label, count]
        for label, count, target in counts
    ]))
    out.append("\nSee also the " + md.link("technology decisions",
                                           relative_link(page, paths.decisions(system)))
               + ", the " + md.link("entity lineage",
                                    relative_link(page, paths.lineage(system)))
               + ", the " + md.link("deployment", relative_link(
                   page, governance_pages.deployment_path(index.ctx, system)))
               + " and the " + md.link("classified data", relative_link(
                   page, governance_pages.classification_path(index.ctx, system, None)))
               + ".\n")
    out.append(section("Bounded contexts"))
    out.append(contexts_table(index, page) if system.contexts else "None declared.\n")
    out.append(section("Datastores"))
    out.append(datastores_table(index, page) if system.datastores else "None declared.\n")
    loose = [s for s in system.services if s.context is None]
    if loose:
        out.append(section("Services outside any context"))
        out.append(services_table(loose))
    if system.externals or system.actors:
        out.append(section("External systems and actors"))
        rows = [[md.escape(e.name), "external system" if isinstance(e, ExternalSystem)
                 else "actor", md.escape(e.description)]
                for e in [*system.externals, *system.actors]]
        out.append(md.table(["Name", "Kind", "Description"], rows))
    if system.patterns:
        out.append(section("Patterns"))
        out.append(md.table(["Pattern", "Name", "Elements", "Description"],
                            index.pattern_rows(page, system.patterns)))
    out.append(section("Review findings"))
    summary = count_findings([located.finding.severity for located in index.findings])
    out.append(f"{summary}. "
               + md.link("All findings", relative_link(page, paths.findings(system))) + ".\n\n")
    shown = [located.finding for located in index.findings[:OVERVIEW_FINDINGS]]
    if shown:
        out.append(index.findings_block(page, shown, with_element=True))
    return Page(page, system.name, "".join(out), nav=True)


def systems_index_page(ctx: SiteContext, systems: Sequence[System],
                       located: dict[int, list[LocatedFinding]]) -> Page:
    """The architecture index of a model with several systems: each with its counts."""
    page = ctx.paths.root()
    rows = [[md.link(s.name, relative_link(page, ctx.paths.overview(s))), len(s.contexts),
             len(s.datastores), len(s.flows), len(located.get(id(s), []))] for s in systems]
    body = title("Architecture") + md.table(
        ["System", "Contexts", "Datastores", "Flows", "Findings"], rows)
    return Page(page, "Architecture", body, nav=True)


__all__ = ["OVERVIEW_FINDINGS", "overview_page", "systems_index_page"]
