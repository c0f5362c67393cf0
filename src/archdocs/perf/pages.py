"""Performance pages: per system an index, a scalability page per datastore (growth charts,
vertical-scaling horizon, suggested partitioning or sharding, the migration that gets there,
the access-pattern table), a star-schema page per datastore with fact tables, and an
operations page (technologies, self-hosted stateful stores, backup, HA, retention)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.model.notes import notes_of_table
from archdocs.model.system import System
from archdocs.pages import markdown as md
from archdocs.pages.page import Asset, Page, SiteContext, relative_link
from archdocs.perf.chart import storage_chart
from archdocs.perf.describe import rate
from archdocs.perf.modeling import facts_and_dimensions, referred_table
from archdocs.perf.operations import is_stateful, technology_counts
from archdocs.perf.scalability import format_bytes, format_years, project
from archdocs.perf.sections import (
    access_pattern_section,
    budget_text,
    chart_block,
    horizon_text,
    operations_page,
    path_text,
    performance_base,
    projection_table,
    scalability_page,
    star_schema_page,
    write_chart_block,
)
from archdocs.perf.serving import Spread, Status, assess_all


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    for system in ctx.model.systems:
        yield _index(ctx, system)
        for datastore in system.datastores:
            yield _scalability(ctx, system, datastore)
            facts, _ = facts_and_dimensions(datastore)
            if facts:
                yield _star_schemas(ctx, system, datastore)
        yield _operations(ctx, system)


def _title(text: str) -> str:
    return f"# {md.escape(text)}\n\n"


def _index(ctx: SiteContext, system: System) -> Page:
    page = f"{performance_base(ctx, system)}/index.md"
    out = [_title("Performance and scalability")]
    out.append("Access patterns and what serves them, the scalability path of every datastore, "
               "dimensional models and operational simplicity.\n\n")
    rows = []
    for datastore in system.datastores:
        assessments = list(assess_all(datastore))
        unserved = sum(
            1 for a in assessments
            if a.status in (Status.FULL_SCAN, Status.NEEDS_KEY, Status.NO_FULL_TEXT)
            or a.spread is not Spread.ONE
        )
        projection = project(system, datastore)
        horizon = projection.horizon
        rows.append([
            md.link(datastore.name, relative_link(page, scalability_page(ctx, system, datastore))),
            md.escape(datastore.technology.label),
            str(len(assessments)),
            str(unserved) if assessments else "—",
            format_bytes(projection.points[-1].bytes) if projection.has_volumes else "—",
            md.escape(f"{horizon.resource} in {_years(horizon.years)}") if horizon
            else ("beyond 10 years" if projection.has_volumes else "—"),
        ])
    out.append("## Datastores\n\n")
    out.append(md.table(["Datastore", "Technology", "Access patterns", "Not served by an index or key",
                         "Storage in 5 years", "Single node runs out"], rows)
               if rows else "None declared.\n")
    stars = [d for d in system.datastores if facts_and_dimensions(d)[0]]
    if stars:
        out.append("\n## Dimensional models\n\n")
        out.extend(f"- {md.link(d.name, relative_link(page, star_schema_page(ctx, system, d)))}\n"
                   for d in stars)
    out.append("\n## Operations\n\n")
    out.append(f"- {md.link('Technologies, hosting, backup, HA and retention', relative_link(page, operations_page(ctx, system)))}\n")
    return Page(page, "Performance", "".join(out), nav=True)


def _years(years: float) -> str:
    return "now" if years <= 0 else format_years(years)


def _scalability(ctx: SiteContext, system: System, datastore: Datastore) -> Page:
    page = scalability_page(ctx, system, datastore)
    projection = project(system, datastore)
    datastore_page = ctx.paths.datastore(system, datastore)
    out = [_title(f"Scalability: {datastore.name}")]
    out.append(f"{md.link(datastore.name, relative_link(page, datastore_page))} — "
               f"{md.escape(datastore.technology.label)}, {md.escape(datastore.role.value)}.\n\n")
    out.append(horizon_text(projection) + "\n\n" + budget_text(projection) + "\n\n")
    if projection.has_volumes:
        out.append("## Growth\n\n")
        out.append(projection_table(projection))
        out.append(chart_block(storage_chart(projection)))
        out.append(write_chart_block(projection))
    out.append("## Scaling out\n\n")
    out.append(path_text(ctx, system, projection, page))
    out.append("\n## Size estimates per table\n\n")
    rows = []
    for table in projection.tables:
        estimate = table.estimate
        now, later = table.point(0), table.point(5)
        rows.append([
            md.link(table.table.fullname,
                    relative_link(page, ctx.paths.table(system, datastore, table.table))),
            f"{estimate.row_bytes:,.0f} B" + (" (declared)" if estimate.measured else ""),
            f"{estimate.index_bytes_per_row:,.0f} B ({len(estimate.indexes)})",
            f"{now.rows:,.0f}" if table.volume else "—",
            format_bytes(now.bytes) if table.volume else "—",
            f"{later.rows:,.0f}" if table.volume else "—",
            format_bytes(later.bytes) if table.volume else "—",
            f"{rate(table.peak_writes_now)} ({table.peak_source})"
            if table.peak_writes_now else "—",
        ])
    out.append(md.table(["Table", "Row on disk", "Index bytes per row", "Rows now", "Size now",
                         "Rows in 5 years", "Size in 5 years", "Peak writes now"], rows)
               if rows else "No tables declared.\n")
    if rows:
        out.append(f"\nEstimated for the {md.escape(projection.tables[0].estimate.engine)} "
                   "storage layout from the column types; see the scalability guide for the "
                   "assumptions. Declare `Volume(row_bytes=...)` for a measured row size.\n")
    out.append("\n## Access patterns\n\n")
    out.append(access_pattern_section(ctx, system, datastore, page))
    return Page(page, f"Scalability: {datastore.name}", "".join(out))


def _star_schemas(ctx: SiteContext, system: System, datastore: Datastore) -> Page:
    from archdocs.render import graph_spec

    page = star_schema_page(ctx, system, datastore)
    facts, dimensions = facts_and_dimensions(datastore)
    out = [_title(f"Dimensional model: {datastore.name}")]
    dimension_ids = {id(d) for d in dimensions}
    for fact in facts:
        notes = notes_of_table(fact.info)
        grain = notes.fact.grain if notes.fact else None
        out.append(f"## Fact {md.escape(fact.fullname)}\n\n")
        out.append(f"**Grain:** {md.escape(grain) if grain else '*not declared*'}\n\n")
        reached = _dimensions_of(fact, dimension_ids)
        nodes = [(fact.fullname, f"{fact.fullname} (fact)")]
        edges = []
        rows = []
        for source, target, via in reached:
            dimension_notes = notes_of_table(target.info)
            scd = dimension_notes.dimension.scd_type if dimension_notes.dimension else None
            nodes.append((target.fullname, f"{target.fullname} (dimension, SCD {scd})"))
            edges.append((source.fullname, target.fullname, via))
            rows.append([md.escape(target.fullname), md.escape(str(scd)), md.code(via),
                         "snowflake" if source is not fact else "star"])
        measures = [c.name for c in fact.columns if not c.foreign_keys and not c.primary_key]
        kind = "snowflake" if any(r[3] == "snowflake" for r in rows) else "star"
        spec = graph_spec(f"{kind}-{datastore.name}-{fact.fullname}",
                          f"{kind.title()} schema of {fact.fullname}", nodes, edges)
        out.append(ctx.diagram(page, spec))
        out.append("\n")
        out.append(md.table(["Dimension", "SCD type", "Key", "Joined"], rows)
                   if rows else "No dimension is linked to this fact by a foreign key.\n")
        if measures:
            out.append(f"\n**Measures and degenerate dimensions:** "
                       f"{', '.join(md.code(m) for m in measures)}\n\n")
    return Page(page, f"Dimensional model: {datastore.name}", "".join(out))


def _dimensions_of(fact: Table, dimension_ids: set[int]) -> list[tuple[Table, Table, str]]:
    """``(from, dimension, via columns)`` reachable from ``fact``: its dimensions, and
    dimensions those reference (snowflaked outriggers)."""
    found: list[tuple[Table, Table, str]] = []
    seen = {id(fact)}
    frontier = [fact]
    while frontier:
        table = frontier.pop(0)
        for fk in sorted(table.foreign_key_constraints, key=lambda c: tuple(c.column_keys)):
            target = referred_table(fk)
            if target is None or id(target) not in dimension_ids or id(target) in seen:
                continue
            seen.add(id(target))
            found.append((table, target, ", ".join(c.name for c in fk.columns)))
            frontier.append(target)
    return found


def _operations(ctx: SiteContext, system: System) -> Page:
    page = operations_page(ctx, system)
    out = [_title("Operations")]
    out.append("Every technology is backups, upgrades, monitoring and on-call knowledge. Fewer "
               "technologies and managed services mean less to run.\n\n")
    out.append("## Technologies\n\n")
    rows = []
    for count in technology_counts(system):
        rows.append([md.escape(count.scope), str(len(count.technologies)),
                     md.escape(", ".join(count.technologies)) or "—",
                     md.escape(", ".join(count.self_hosted_stateful)) or "—"])
    out.append(md.table(["Scope", "Technologies", "Which", "Self-hosted stateful stores"], rows))
    out.append("\n## Backup, high availability and retention\n\n")
    rows = []
    for datastore in system.datastores:
        backup = datastore.backup
        if backup is not None:
            backup_text = md.escape(f"{backup.schedule}, kept {backup.retention}"
                                    + (", point-in-time" if backup.point_in_time else "")
                                    + (f", restore tested {backup.tested_restore}"
                                       if backup.tested_restore else ""))
        else:
            backup_text = "**none declared**" if is_stateful(datastore) else "none (rebuildable)"
        rows.append([
            md.link(datastore.name, relative_link(page, ctx.paths.datastore(system, datastore))),
            md.escape(datastore.context.name if datastore.context else "—"),
            md.escape(datastore.technology.label), md.escape(datastore.role.value),
            md.escape(datastore.hosting.value), backup_text,
            md.escape(datastore.high_availability or "—"),
            md.escape(datastore.retention or "—"),
        ])
    out.append(md.table(["Datastore", "Context", "Technology", "Role", "Hosting", "Backup",
                         "High availability", "Retention"], rows)
               if rows else "No datastores declared.\n")
    return Page(page, "Operations", "".join(out))
