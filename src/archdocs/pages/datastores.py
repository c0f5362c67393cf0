"""The datastore pages of a system: the datastores index and one page per datastore (its
technology and kind, requirements, scaling, access patterns and scalability path, consistency,
readers and writers, ER diagram and tables, findings), each followed by the pages of its
tables (:mod:`archdocs.pages.tables`), which a child process may draft ahead
(:func:`draft_table_pages`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from functools import partial
from typing import Any

from archdocs.migrate.status import migration_status
from archdocs.model.datastore import Datastore, Requirement
from archdocs.model.sql import dialect_for
from archdocs.model.system import System
from archdocs.pages import markdown as md
from archdocs.pages.datastore_reuse import GeneratedMemo, TablePagesDraft, draft
from archdocs.pages.decisions import KIND_GOOD_FOR
from archdocs.pages.page import Page, element_sections
from archdocs.pages.system_index import (
    SystemIndex,
    describe,
    diagram_spec,
    facts,
    section,
    title,
)
from archdocs.pages.tables import referrers, table_page
from archdocs.perf import sections as perf_sections

LARGE_STORE_TABLES = 60
"""A datastore with more tables than this gets its ER diagram split into parts and a focused
diagram on every table page."""
MIN_LABEL_PX = 9.0
"""A datastore's ER diagram is split further while its smallest label, shown in the page
column, would be drawn smaller than this many CSS pixels."""


def pages(index: SystemIndex, system_position: int = 0) -> Iterator[Page]:
    """The datastores index, then each datastore's page followed by its tables' pages. The
    system is the ``system_position``-th of the model: a datastore's table pages are taken
    from the child drafting them (:func:`draft_table_pages`) when it has sent them, else
    generated here."""
    drafted = getattr(index.ctx, "drafted", None)
    yield datastores_index_page(index)
    for position, datastore in enumerate(index.system.datastores):
        yield datastore_page(index, datastore)
        if datastore.tables:
            draft = drafted(_draft_key(system_position, position)) if drafted else None
            yield from _table_pages(index, datastore, draft)


def draft_table_pages(index: SystemIndex, system_position: int,
                      send: Callable[[Hashable, Any], None]) -> None:
    """Draft the table pages of the system (the ``system_position``-th of the model), in the
    order :func:`pages` takes them, and ``send`` each datastore's: what a child forked by the
    site builder does while the builder generates the pages. ``index.ctx`` queues nothing:
    each diagram's placeholder is the one its key would get, and :func:`pages` queues them
    again (or generates the pages itself when a key was taken)."""
    for position, datastore in enumerate(index.system.datastores):
        if datastore.tables:
            send(_draft_key(system_position, position),
                 draft(index, partial(_generate_table_pages, index, datastore)))


def _draft_key(system_position: int, datastore_position: int) -> tuple[str, int, int]:
    return ("tables", system_position, datastore_position)


def measure_ahead(system: System) -> None:
    """Start measuring the legibility of every ER diagram part of ``system``'s datastores (in
    the diagram workers, during a site build), so the pages generated before the datastores'
    overlap it (:func:`archdocs.render.er.measure_er_ahead`)."""
    diagram_spec("measure_er_ahead", system, max_tables=LARGE_STORE_TABLES,
                 min_label_px=MIN_LABEL_PX)


def datastores_index_page(index: SystemIndex) -> Page:
    """Every datastore of the system."""
    page = index.paths.datastores_index(index.system)
    body = title("Datastores") + (
        datastores_table(index, page) if index.system.datastores else "None declared.\n")
    return Page(page, "Datastores", body, nav=True)


def datastore_page(index: SystemIndex, datastore: Datastore) -> Page:
    """The datastore's page."""
    system, paths = index.system, index.paths
    page = paths.datastore(system, datastore)
    technology = datastore.technology
    tables = datastore.tables
    out = [title(f"Datastore: {datastore.name}")]
    key_facts = [
        ("Technology", md.escape(technology.label)),
        ("Kind", f"{md.escape(technology.kind.value)} "
                 f"(good for {md.escape(KIND_GOOD_FOR.get(technology.kind, '?'))})"),
        ("Role", md.escape(datastore.role.value)),
        ("Context", index.link(page, datastore.context) if datastore.context else "(none)"),
        ("Hosting", md.escape(datastore.hosting.value)),
        ("Declared in", index.declared(datastore)),
    ]
    if datastore.high_availability:
        key_facts.append(("High availability", md.escape(datastore.high_availability)))
    if datastore.retention:
        key_facts.append(("Retention", md.escape(datastore.retention)))
    if datastore.backup:
        backup = datastore.backup
        text = f"{md.escape(backup.schedule)}, kept {md.escape(backup.retention)}"
        if backup.point_in_time:
            text += ", point-in-time recovery"
        if backup.tested_restore:
            text += f", restore tested {md.escape(backup.tested_restore)}"
        key_facts.append(("Backup", text))
    out.append(facts(key_facts))
    out.append(migration_status(index.ctx, system, datastore, page))
    out.append(describe(datastore))

    out.append(section("Requirements"))
    out.append(_requirements_table(datastore))
    out.append(section("Scaling"))
    out.append(_scaling_block(datastore))
    # Performance by design (archdocs.perf): access patterns and the scalability path.
    out.append(section("Access patterns"))
    out.append(perf_sections.access_pattern_section(index.ctx, system, datastore, page))
    out.append(section("Scalability path"))
    out.append(perf_sections.scalability_section(index.ctx, system, datastore, page))
    out.append(section("Consistency"))
    out.append(_consistency_block(index, page, datastore))
    out.append(section("Readers and writers"))
    rows = [["writes", index.link(page, who), index.link(page, flow),
             md.escape(flow.mechanism.value)] for who, flow in system.writers(datastore)]
    rows += [["reads", index.link(page, who), index.link(page, flow),
              md.escape(flow.mechanism.value)] for who, flow in system.readers(datastore)]
    out.append(md.table(["Access", "Who", "Flow", "Mechanism"], rows) if rows else "None.\n")

    if not tables and datastore.structures:
        pass  # described in its own terms: the "Physical structures" section below
    elif not tables:
        out.append(section("Entity-relationship diagram"))
        out.append("This datastore declares no tables.\n")
    else:
        out.append(section("Entity-relationship diagram"))
        er_parts = _er_specs(index, datastore)
        if len(er_parts) > 1:
            out.append(f"{len(tables)} tables, drawn in {len(er_parts)} parts:\n\n")
            out.append("".join(f"{n}. [{md.escape(spec.title)}](#er-part-{n})\n"
                               for n, spec in enumerate(er_parts, start=1)))
            for n, spec in enumerate(er_parts, start=1):
                out.append(f'\n<a id="er-part-{n}"></a>\n\n'
                           f"### Part {n}: {md.escape(spec.title)}\n")
                out.append(index.ctx.diagram(page, spec))
        else:
            out.extend(index.ctx.diagram(page, spec) for spec in er_parts)

        out.append(section("Tables"))
        table_rows: list[list[object]] = []
        for table in tables:
            volume = datastore.volume_of(table)
            table_rows.append([
                index.table_link(page, datastore, table), len(table.columns),
                f"{volume.rows:,}" if volume and volume.rows is not None else "",
                len(index.carriers.get((id(datastore), table.fullname), [])),
                md.escape((table.comment or "").split("\n")[0]),
            ])
        out.append(md.table(["Table", "Columns", "Rows", "Flows", "Comment"], table_rows))
    out.append(element_sections(index.ctx, system, datastore, page))
    out.append(section("Findings"))
    out.append(index.findings_block(page, index.findings_of.get(id(datastore), [])))
    return Page(page, datastore.name, "".join(out))


def _table_pages(index: SystemIndex, datastore: Datastore,
                 drafted: TablePagesDraft | None) -> list[Page]:
    """The pages of the datastore's tables: ``drafted`` when its diagrams queue as drafted,
    else the previous build's (``mkdocs serve``) when nothing they read changed, else
    generated. Drafts come from the site builder, whose context has the memo."""
    generate = partial(_generate_table_pages, index, datastore)
    memo = _memo(index)
    return memo.table_pages(index, datastore, generate, drafted) if memo else list(generate())


def _generate_table_pages(index: SystemIndex, datastore: Datastore) -> Iterator[Page]:
    tables = datastore.tables
    dialect = dialect_for(datastore.technology)
    referred_by = referrers(tables)
    for table in tables:
        yield table_page(index, datastore, table, dialect, focus=True,
                         referenced_by=referred_by.get(id(table), []))


def _memo(index: SystemIndex) -> GeneratedMemo | None:
    """The previous build's pages, when the site builder keeps them (``mkdocs serve``)."""
    memo = getattr(index.ctx, "generated_memo", None)
    return memo if isinstance(memo, GeneratedMemo) else None


def _er_specs(index: SystemIndex, datastore: Datastore) -> list[Any]:
    """The datastore's ER diagrams, split at LARGE_STORE_TABLES and further while labels
    would be illegible (the previous build's when nothing they read changed)."""
    def build() -> list[Any]:
        specs: list[Any] = diagram_spec("er_specs", index.system, datastore,
                                        max_tables=LARGE_STORE_TABLES, min_label_px=MIN_LABEL_PX)
        return specs

    memo = _memo(index)
    return memo.er_specs(index, datastore, LARGE_STORE_TABLES, MIN_LABEL_PX, build) if memo \
        else build()


def datastores_table(index: SystemIndex, page: str,
                     datastores: Sequence[Datastore] | None = None) -> str:
    """The datastores (all of the system's by default) with context, technology, kind, role and
    table count."""
    rows = [
        [index.link(page, d), index.link(page, d.context) if d.context else "(none)",
         md.escape(d.technology.label), md.escape(d.technology.kind.value),
         md.escape(d.role.value), len(d.tables)]
        for d in (index.system.datastores if datastores is None else datastores)
    ]
    return md.table(["Datastore", "Context", "Technology", "Kind", "Role", "Tables"], rows)


def _requirements_table(datastore: Datastore) -> str:
    """The datastore's requirements and whether its technology meets each."""
    if not datastore.requirements:
        return "No requirements declared.\n"
    rows = []
    for requirement in datastore.requirements:
        capability = requirement.capability
        if capability is None:
            replication = datastore.scaling.replication
            how = ("depends on the flows and replicas: "
                   + (f"replication is {replication.mode.value}"
                      if replication else "no replicas declared")
                   + "; see Consistency below")
            rows.append([md.escape(requirement.value), "", "checked on flows", md.escape(how)])
            continue
        met = datastore.has(capability)
        rows.append([
            md.escape(requirement.value), md.code(capability.value),
            "**met**" if met else "**not met**",
            md.escape(f"{datastore.technology.name} provides {capability.value}" if met
                      else f"{datastore.technology.name} does not provide "
                           f"{capability.value} out of the box"),
        ])
    return md.table(["Requirement", "Capability", "Met", "How"], rows)


def _scaling_block(datastore: Datastore) -> str:
    """Replication, partitioning, sharding and the single-node budget."""
    scaling = datastore.scaling
    out = []
    replication = scaling.replication
    if replication:
        regions = ", ".join(replication.regions) or "same region"
        out.append(
            f"- **Replication:** {replication.replicas} replica(s), "
            f"{md.escape(replication.mode.value)}, {md.escape(regions)}, "
            + ("replicas serve reads" if replication.readable else "standby only") + "\n")
    for part in scaling.partitioning:
        out.append(
            f"- **Partitioning:** {md.code(part.table)} by {md.code(part.key)} "
            f"({md.escape(part.strategy.value)}"
            + (f", every {md.escape(part.interval)}" if part.interval else "")
            + (f", kept {md.escape(part.retention)}" if part.retention else "") + ")\n")
    for shard in scaling.sharding:
        tables = ", ".join(md.code(t) for t in shard.tables) or "all tables"
        out.append(
            f"- **Sharding:** {shard.shards} shards by {md.code(shard.key)} "
            f"({md.escape(shard.strategy.value)}) over {tables}"
            + (", reference tables " + ", ".join(md.code(t) for t in shard.reference_tables)
               if shard.reference_tables else "") + "\n")
    budget = datastore.effective_budget
    limits = [
        f"{budget.storage_gb:,.0f} GB" if budget.storage_gb is not None else None,
        f"{budget.writes_per_second:,.0f} writes/s"
        if budget.writes_per_second is not None else None,
        f"{budget.connections:,} connections" if budget.connections is not None else None,
    ]
    limits_text = ", ".join(x for x in limits if x)
    if not out:
        out.append("A single node: no replicas, partitions or shards declared.\n")
    if limits_text:
        out.append(f"\nSingle-node budget: {limits_text}.\n")
    return "".join(out)


def _consistency_block(index: SystemIndex, page: str, datastore: Datastore) -> str:
    """What consistency the datastore needs, replica lag, and every flow in or out of it."""
    inbound, outbound = index.system.flows_of(datastore)
    flows = sorted({id(f): f for f in (*inbound, *outbound)}.values(),
                   key=lambda f: index.system.flows.index(f))
    out = []
    if Requirement.STRONG_CONSISTENCY in datastore.requirements:
        out.append("Requires **strong consistency**.\n\n")
    replication = datastore.scaling.replication
    if replication and replication.readable:
        out.append(f"Reads served by {md.escape(replication.mode.value)} replicas may lag "
                   "behind the primary.\n\n")
    out.append(index.flows_table(page, flows))
    return "".join(out)


__all__ = [
    "LARGE_STORE_TABLES", "datastore_page", "datastores_table", "draft_table_pages", "pages",
]
