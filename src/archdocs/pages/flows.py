"""The data-flow pages of a system: the flows index (every flow once, grouped by mechanism), one
page per flow (its ends, mechanism, consistency, volume, carried tables and events, findings)
and the entity lineage (for each table, the flows that carry it and where to)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.model.flow import ConsistencyLevel, Flow, Mechanism, format_duration
from archdocs.pages import markdown as md
from archdocs.pages import physical as physical_pages
from archdocs.pages.page import Page, element_sections
from archdocs.pages.system_index import (
    SystemIndex,
    describe,
    diagram_spec,
    facts,
    section,
    title,
)
from archdocs.review.sizing import format_count

_CARRIED_SHOWN = 3
"""How many carried items a row of the flows index names before counting the rest."""


def pages(index: SystemIndex) -> Iterator[Page]:
    """The flows index, each flow's page in declaration order, then the entity lineage."""
    yield flows_index_page(index)
    for flow in index.system.flows:
        yield flow_page(index, flow)
    yield lineage_page(index)


def flows_index_page(index: SystemIndex) -> Page:
    """Every flow once, grouped by mechanism, with what it carries, its peak and consistency."""
    system = index.system
    page = index.paths.flows_index(system)
    out = [title("Data flows")]
    if not system.flows:
        out.append("None declared.\n")
        return Page(page, "Data flows", "".join(out), nav=True)
    # One listing, each flow once: grouped by mechanism (the rows are in that order and the
    # line above the table counts them); a context's page lists its flows in and out.
    order = {mechanism: number for number, mechanism in enumerate(Mechanism)}
    flows = sorted(system.flows, key=lambda f: (order[f.mechanism], f.name))
    counts = Counter(f.mechanism for f in system.flows)
    out.append(f"{len(flows)} flow{'' if len(flows) == 1 else 's'}: " + ", ".join(
        f"{counts[m]} {md.escape(m.value)}" for m in Mechanism if counts[m])
        + ". The page of each bounded context lists the flows into and out of it.\n\n")
    rows = [
        [
            index.flow_cell(page, flow),
            md.escape(flow.mechanism.value)
            + (f" ({md.escape(flow.effective_access.value)})"
               if flow.mechanism is Mechanism.QUERY else ""),
            _carried(flow),
            f"{format_count(flow.per_second)}/s" if flow.per_second else "",
            md.escape(str(flow.consistency)),
        ]
        for flow in flows
    ]
    out.append(md.table(["Flow", "Mechanism", "Carries", "Peak", "Consistency"], rows))
    return Page(page, "Data flows", "".join(out), nav=True)


def flow_page(index: SystemIndex, flow: Flow) -> Page:
    """One flow: its diagram, key facts, carried tables, events, sections and findings."""
    system = index.system
    page = index.paths.flow(system, flow)
    out = [title(f"Flow: {flow.name}"), describe(flow)]
    out.append(index.ctx.diagram(page, diagram_spec("flow_spec", system, flow)))
    key_facts = [
        ("From", index.link(page, flow.source)),
        ("To", index.link(page, flow.target)),
    ]
    if flow.via is not None:
        key_facts.append(("Via", index.link(page, flow.via)))
    key_facts += [
        ("Mechanism", md.escape(flow.mechanism.value)
         + (" (asynchronous)" if flow.mechanism.is_asynchronous else "")),
        ("Access", md.escape(flow.effective_access.value)),
        ("Consistency", md.escape(flow.consistency.level.value)),
    ]
    if flow.consistency.level is ConsistencyLevel.EVENTUAL:
        # A strong flow has no staleness to budget; an eventual one should say how much.
        key_facts.append(("Staleness budget",
                      md.escape(format_duration(flow.consistency.staleness))
                      if flow.consistency.staleness is not None else "not stated"))
    key_facts.append(("Volume", f"{flow.per_second:,.0f} per second at peak"
                  if flow.per_second is not None else "not stated"))
    key_facts.append(("Declared in", index.declared(flow)))
    out.append(facts(key_facts))
    out.append(section("Carried tables"))
    if flow.carried_tables:
        rows = []
        for name in flow.carried_tables:
            held = index.structure_of(flow, name)
            placed = None if held is not None else index.table_of(flow, name)
            if held is not None:
                rows.append([physical_pages.structure_link(
                    index.paths, system, page, held[0], held[1]), index.link(page, held[0])])
            elif placed is None:
                rows.append([md.code(name), "not found in any datastore"])
            else:
                rows.append([index.table_link(page, *placed), index.link(page, placed[0])])
        out.append(md.table(["Table", "Datastore"], rows))
    else:
        out.append("None declared.\n")
    out.append(section("Events"))
    out.append("".join(f"- {md.code(e)}\n" for e in flow.events) if flow.events
               else "None declared.\n")
    out.append(element_sections(index.ctx, system, flow, page))
    out.append(section("Findings"))
    out.append(index.findings_block(page, index.findings_of.get(id(flow), [])))
    return Page(page, flow.name, "".join(out))


def lineage_page(index: SystemIndex) -> Page:
    """For each table: the flows that carry it, or where it is derived from."""
    system = index.system
    page = index.paths.lineage(system)
    out = [title("Entity lineage"),
           "For each table: which flows carry it, and where to. Tables that no flow names "
           "(search documents, read models, topics) are derived from what the flows "
           "feeding their datastore carry, listed under it.\n"]
    out.append(physical_pages.lineage_sections(index.paths, system, page))
    derived = physical_pages.derived_origins(system)
    for datastore in system.datastores:
        if not datastore.tables:
            continue
        out.append(section(index.link(page, datastore)))
        rows = []
        feeding = _feeding_flows(index, datastore)
        for table in datastore.tables:
            flows = index.carriers.get((id(datastore), table.fullname), [])
            name = index.table_link(page, datastore, table)
            origins = derived.get((id(datastore), table.fullname))
            if not flows and origins:
                rows.append([name, "derived from " + ", ".join(
                    md.escape(o) for o in origins) + " (see above)", "", "", ""])
            elif not flows:
                rows.append([name, "no flow names it; see the flows feeding "
                             f"{md.escape(datastore.name)} below" if feeding
                             else "not carried by any flow", "", "", ""])
            for n, flow in enumerate(flows):
                rows.append([name if n == 0 else "", index.link(page, flow),
                             index.link(page, flow.source), index.link(page, flow.target),
                             md.escape(flow.mechanism.value)])
        out.append(md.table(["Table", "Flow", "From", "To", "Mechanism"], rows))
        if feeding:
            out.append(f"\nFlows feeding {md.escape(datastore.name)} with tables held "
                       "elsewhere:\n\n")
            out.append(md.table(["Flow", "From", "Mechanism", "Carries"], [
                [index.link(page, flow), index.link(page, flow.source),
                 md.escape(flow.mechanism.value),
                 ", ".join(index.table_link(page, d, t) for d, t in carried)]
                for flow, carried in feeding]))
    if index.unplaced_carries:
        out.append(section("Carried tables not found in any datastore"))
        out.append(md.table(["Flow", "Table"], [
            [index.link(page, f), md.code(name)] for f, name in index.unplaced_carries]))
    return Page(page, "Entity lineage", "".join(out), nav=True)


def _feeding_flows(index: SystemIndex, datastore: Datastore,
                   ) -> list[tuple[Flow, list[tuple[Datastore, Table]]]]:
    """Flows into ``datastore`` that carry tables held elsewhere (CDC into a search index,
    projections into a read model), with those tables."""
    found = []
    for flow in index.flows_into.get(id(datastore), ()):
        carried = [placed for name in flow.carried_tables
                   if (placed := index.table_of(flow, name)) is not None
                   and placed[0] is not datastore]
        if carried:
            found.append((flow, carried))
    return found


def _carried(flow: Flow) -> str:
    """What a flow carries (:attr:`Flow.payload`): the first few, then how many more."""
    items = flow.payload
    if not items:
        return ""
    shown = ", ".join(md.escape(item) for item in items[:_CARRIED_SHOWN])
    more = len(items) - _CARRIED_SHOWN
    return shown + (f" +{more}" if more > 0 else "")


__all__ = ["flow_page", "pages"]
