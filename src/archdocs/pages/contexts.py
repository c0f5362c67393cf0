"""The bounded-context pages of a system: the contexts index (every context, the context map
from :data:`CONTEXT_MAP_MIN_CONTEXTS` contexts on, the dependencies between contexts) and one
page per context (its services, datastores, flows in and out, patterns and findings)."""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterator, Sequence

from archdocs.migrate.status import migration_status
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.system import BoundedContext, Service, System
from archdocs.pages import context_map as context_map_pages
from archdocs.pages import markdown as md
from archdocs.pages.datastores import datastores_table
from archdocs.pages.page import Page, element_sections, relative_link
from archdocs.pages.system_index import SystemIndex, describe, diagram_spec, section, title

CONTEXT_MAP_MIN_CONTEXTS = 3
"""From this many bounded contexts on, the overview and the contexts index show a context map:
the landscape of every element is then too dense to read at page width."""


def shows_context_map(system: System) -> bool:
    """Whether the contexts index draws the context map: once the system has
    :data:`CONTEXT_MAP_MIN_CONTEXTS` contexts, or as soon as it declares a relationship (the
    map is the only picture of it)."""
    return len(system.contexts) >= CONTEXT_MAP_MIN_CONTEXTS or bool(system.relationships)
MIN_LABEL_PX = 9.0
"""The context map and the contexts landscape are drawn whole only if their labels read at
page width (the threshold ER diagrams are cut at); else each context's page draws its part."""
_WHOLE_MAP_READS: weakref.WeakKeyDictionary[SystemIndex, bool] = weakref.WeakKeyDictionary()
_DEPENDENCY_FLOWS_SHOWN = 4
"""How many flows a row of the dependencies table names before counting the rest."""


def pages(index: SystemIndex) -> Iterator[Page]:
    """The contexts index, then the page of each context in declaration order."""
    yield contexts_index_page(index)
    for context in index.system.contexts:
        yield context_page(index, context)


def contexts_index_page(index: SystemIndex) -> Page:
    """Every context, the context map from :data:`CONTEXT_MAP_MIN_CONTEXTS` contexts on, and
    the dependencies between contexts."""
    page = index.paths.contexts_index(index.system)
    body = title("Bounded contexts") + (
        contexts_table(index, page) if index.system.contexts else "None declared.\n")
    dependencies = index.system.context_dependencies()
    if shows_context_map(index.system):
        body += section("Context map") + _context_map(index, page)
    body += section("Relationships") + context_map_pages.relationships_table(
        index.system, page, index.link)
    if dependencies:
        body += section("Dependencies between contexts") + _dependencies_table(
            index, page, dependencies)
    return Page(page, "Bounded contexts", body, nav=True)


def context_page(index: SystemIndex, context: BoundedContext) -> Page:
    """One context: its diagram, services, datastores, flows in and out, patterns and findings."""
    system = index.system
    page = index.paths.context(system, context)
    out = [title(f"Context: {context.name}")]
    header = []
    if context.domain:
        header.append(f"**Domain:** {md.escape(context.domain)}")
    if context.team:
        header.append(f"**Team:** {md.escape(context.team)}")
    header.append(f"**Declared in:** {index.declared(context)}")
    out.append("  \n".join(header) + "\n\n")
    out.append(migration_status(index.ctx, system, context, page))
    out.append(describe(context))
    out.append(index.ctx.diagram(page, diagram_spec("context_spec", system, context)))
    out.append(section("Services"))
    out.append(services_table(context.services) if context.services else "None.\n")
    out.append(section("Datastores"))
    out.append(datastores_table(index, page, context.datastores) if context.datastores
               else "None.\n")
    if shows_context_map(system) and not whole_map_reads(index):
        out.append(section("Context map") + _map_around(index, context))
    out.append(context_map_pages.context_relationships(system, context, page, index.link))
    inbound, outbound = system.flows_of(context)
    out.append(section("Inbound flows"))
    out.append(index.flows_table(page, inbound))
    out.append(section("Outbound and internal flows"))
    out.append(index.flows_table(page, outbound))
    members = {id(context), *(id(e) for e in (*context.services, *context.datastores))}
    patterns = index.patterns_involving(members)
    out.append(section("Patterns"))
    out.append(md.table(["Pattern", "Name", "Elements", "Description"],
                        index.pattern_rows(page, patterns)) if patterns else "None.\n")
    findings = [f for e in (context, *context.services, *context.datastores)
                for f in index.findings_of.get(id(e), [])]
    out.append(element_sections(index.ctx, system, context, page))
    out.append(section("Findings"))
    out.append(index.findings_block(page, findings, with_element=True))
    return Page(page, context.name, "".join(out))


def contexts_table(index: SystemIndex, page: str) -> str:
    """Every bounded context with its domain, team, size and the first paragraph of its
    description."""
    rows = [
        [index.link(page, c), md.escape(c.domain), md.escape(c.team), len(c.services),
         len(c.datastores), md.escape(c.description.split("\n\n")[0])]
        for c in index.system.contexts
    ]
    return md.table(["Context", "Domain", "Team", "Services", "Datastores", "Description"],
                    rows)


def services_table(services: Sequence[Service]) -> str:
    """Services with their technology and description (not linked: they have no page)."""
    rows = [[md.escape(s.name), md.escape(s.technology or ""), md.escape(s.description)]
            for s in services]
    return md.table(["Service", "Technology", "Description"], rows)


def whole_map_reads(index: SystemIndex) -> bool:
    """Whether the whole context map reads at page width (measured once per system index)."""
    reads = _WHOLE_MAP_READS.get(index)
    if reads is None:
        spec = diagram_spec("context_map_spec", index.system, pairs=index.context_map_pairs)
        reads = diagram_spec("reads_at_page_width", spec, MIN_LABEL_PX)
        _WHOLE_MAP_READS[index] = reads
    return bool(reads)


def _context_map(index: SystemIndex, page: str) -> str:
    """The context map diagram with its legend; when it would be too small to read, the
    contexts whose pages draw their part of it."""
    system = index.system
    if whole_map_reads(index):
        spec = diagram_spec("context_map_spec", system, pairs=index.context_map_pairs)
        return (index.ctx.diagram(page, spec)
                + context_map_pages.CAPTION)
    links = ", ".join(
        md.link(c.name, relative_link(page, index.paths.context(system, c), "context-map"))
        for c in sorted(system.contexts, key=lambda c: c.name))
    return (f"The map of all {len(system.contexts)} contexts would be drawn too small to "
            "read at page width, so each context's page draws the map around it: the "
            "contexts and external systems it has a relationship or flows with. The "
            "relationships and dependencies below cover the whole map. Maps around: "
            f"{links}.\n")


def _map_around(index: SystemIndex, context: BoundedContext) -> str:
    """The part of the context map around ``context`` (its context page), with its legend."""
    page = index.paths.context(index.system, context)
    spec = diagram_spec("context_map_spec", index.system, context,
                        pairs=index.context_map_pairs)
    if not any("->" in name for name, _ in spec.links):
        return "No relationship or flows with other contexts or external systems.\n"
    return index.ctx.diagram(page, spec) + context_map_pages.CAPTION


def _dependencies_table(
    index: SystemIndex, page: str, dependencies: list[tuple[Element, Element, list[Flow]]]
) -> str:
    """Which context depends on which: the mechanisms of the flows between them and the first
    few of those flows."""
    rows = []
    for source, target, flows in dependencies:
        counted = Counter(flow.mechanism.value for flow in flows)
        mechanisms = ", ".join(
            name if n == 1 else f"{name} ×{n}" for name, n in sorted(counted.items()))
        shown = sorted(flows, key=lambda f: f.name)
        links = [index.link(page, flow) for flow in shown[:_DEPENDENCY_FLOWS_SHOWN]]
        if len(shown) > _DEPENDENCY_FLOWS_SHOWN:
            links.append(f"and {len(shown) - _DEPENDENCY_FLOWS_SHOWN} more")
        rows.append([index.link(page, source), index.link(page, target),
                     mechanisms, "<br>".join(links)])
    return md.table(["From", "To", "Mechanisms", "Flows"], rows)


__all__ = ["CONTEXT_MAP_MIN_CONTEXTS", "MIN_LABEL_PX", "contexts_table", "pages",
           "services_table", "shows_context_map", "whole_map_reads"]
