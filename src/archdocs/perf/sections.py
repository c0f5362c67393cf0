"""Markdown sections about one datastore's performance, shared by its page (built in
:mod:`archdocs.pages.datastores`) and the performance pages (:mod:`archdocs.perf.pages`).

Each function is pure: the same model gives the same Markdown. User text is escaped with
:mod:`archdocs.pages.markdown`; links come from :class:`archdocs.pages.paths.SitePaths` and
:mod:`archdocs.perf.pages`' paths.
"""

from __future__ import annotations

from collections import defaultdict

from archdocs.migrate.phases import progress
from archdocs.model.datastore import Datastore
from archdocs.model.notes import AccessPattern, Operation
from archdocs.model.system import System
from archdocs.pages import markdown as md
from archdocs.pages.page import SiteContext, relative_link
from archdocs.perf.chart import storage_chart, writes_chart
from archdocs.perf.describe import rate
from archdocs.perf.indexes import KeyPart, parse_order, shared_suggestions, suggested_parts
from archdocs.perf.scalability import Projection, format_bytes, format_years, project
from archdocs.perf.serving import Assessment, Spread, Status, assess_all, is_tiny
from archdocs.perf.suggest import create_index_statement


def performance_base(ctx: SiteContext, system: System) -> str:
    """The folder of the performance pages of ``system``."""
    return f"{ctx.paths.base(system)}/performance"


def scalability_page(ctx: SiteContext, system: System, datastore: Datastore) -> str:
    return f"{performance_base(ctx, system)}/scalability/{ctx.paths.slug(datastore)}.md"


def star_schema_page(ctx: SiteContext, system: System, datastore: Datastore) -> str:
    return f"{performance_base(ctx, system)}/star-schemas/{ctx.paths.slug(datastore)}.md"


def operations_page(ctx: SiteContext, system: System) -> str:
    return f"{performance_base(ctx, system)}/operations.md"


def _filter(assessment: Assessment) -> str:
    pattern = assessment.pattern
    parts = []
    if pattern.equals:
        verb = "matches" if pattern.text_search else "="
        parts.append(", ".join(f"{md.code(c)} {verb}" for c in pattern.equals))
    if pattern.range:
        parts.append(f"{md.code(pattern.range)} in range")
    if pattern.order_by:
        order = ", ".join(str(parse_order(o)) for o in pattern.order_by)
        parts.append(f"order by {md.code(order)}")
    if pattern.limit:
        parts.append(f"limit {pattern.limit:,}")
    if pattern.select:
        parts.append("selects " + ", ".join(md.code(c) for c in pattern.select))
    return "; ".join(parts) or "—"


def served_by(
    datastore: Datastore, assessment: Assessment, suggestion: tuple[KeyPart, ...] | None = None
) -> str:
    """The "served by" cell: the index, or full scan / scatter-gather / needs key, with the
    index to add when one is missing (``suggestion``, else the pattern's own key)."""
    table = assessment.table
    pattern = assessment.pattern
    verdict = assessment.verdict
    if assessment.status is Status.INDEX and assessment.index is not None:
        cell = f"{md.escape(assessment.index.kind)} {md.code(assessment.index.label())}"
        if pattern.select and assessment.index.covers(pattern):
            cell += " (covering: no table visit)"
    elif assessment.status is Status.NATIVE:
        cell = f"native ({md.escape(datastore.technology.kind.value)} store)"
    elif assessment.partial is not None:
        cell = (f"**partly** by {md.escape(assessment.partial.kind)} "
                f"{md.code(assessment.partial.label())}")
    else:
        cell = f"**{md.escape(assessment.status.value)}**"
    if assessment.unknown_columns or assessment.status is Status.UNKNOWN_TABLE:
        return f"**{md.escape(verdict)}**"
    if assessment.spread is Spread.SCATTER_GATHER and assessment.sharding is not None:
        cell = (f"**scatter-gather** over {assessment.sharding.shards} shards "
                f"(no {md.code(assessment.sharding.key)}), then {cell}")
    elif assessment.spread is Spread.ALL_PARTITIONS and assessment.partitioning is not None:
        cell = (f"**all partitions** (no {md.code(assessment.partitioning.key)}), then {cell}")
    elif assessment.sharding is not None and assessment.sharding.shards > 1:
        cell = f"one shard (by {md.code(assessment.sharding.key)}), {cell}"
    if assessment.partition_key:
        cell = f"**needs key** {md.code(assessment.partition_key)}"
    if table is not None and assessment.status is Status.FULL_SCAN and is_tiny(datastore, table):
        return cell + " (a tiny table: a scan of a page or two)"
    if table is not None and assessment.status in (Status.FULL_SCAN, Status.NEEDS_KEY):
        parts = suggestion or suggested_parts(pattern)
        statement = create_index_statement(datastore, table, parts, pattern)
        cell += f" — add {md.code(statement)}"
    return cell


def access_pattern_section(
    ctx: SiteContext, system: System, datastore: Datastore, page_path: str
) -> str:
    """The access-pattern table of ``datastore``: for each declared pattern, which index
    serves it, or "full scan", "scatter-gather", "needs key"."""
    assessments = list(assess_all(datastore))
    if not assessments:
        return ("No access patterns declared. Declare them with `AccessPattern(...)` on the "
                "datastore or in `table_notes(access=[...])`, so the review can check that an "
                "index or key serves each one.\n")
    # The index PRF001 suggests: one key for the table's unserved patterns it can serve together.
    unserved: dict[str, list[AccessPattern]] = defaultdict(list)
    for assessment in assessments:
        if assessment.status is Status.FULL_SCAN and assessment.table is not None:
            unserved[assessment.table.fullname].append(assessment.pattern)
    suggestions = {
        pattern_id: parts
        for patterns in unserved.values()
        for pattern_id, (parts, _) in shared_suggestions(patterns).items()
    }
    rows = []
    for assessment in sorted(assessments, key=lambda a: (-(a.pattern.per_second or 0),
                                                         a.pattern.table or "",
                                                         a.pattern.name)):
        pattern = assessment.pattern
        if assessment.table is not None:
            table_cell = md.link(assessment.table.fullname, relative_link(
                page_path, ctx.paths.table(system, datastore, assessment.table)))
        else:
            table_cell = md.escape(pattern.table or "—")
        issuer = system.resolve(pattern.issued_by) if pattern.issued_by else None
        if issuer is None:
            issuer = system.find_flow(pattern.issued_by) if pattern.issued_by else None
        issuer_path = ctx.paths.element(system, issuer) if issuer is not None else None
        if issuer is not None and issuer_path is not None:
            issued = md.link(issuer.name, relative_link(page_path, issuer_path))
        else:
            issued = md.escape(pattern.issued_by or "—")
        peak = rate(pattern.per_second)
        if pattern.latency_ms:
            peak += f", {pattern.latency_ms:g} ms"
        name = md.escape(pattern.name)
        if pattern.operation is Operation.WRITE:
            name += " (write)"
        rows.append([
            name, served_by(datastore, assessment, suggestions.get(id(pattern))), table_cell, _filter(assessment), peak,
            issued,
        ])
    # "Served by" comes second so it stays in view when the table is wider than the page.
    out = md.table(
        ["Pattern", "Served by", "Table", "Filter", "Peak, latency", "Issued by"], rows
    )
    examples = sorted((a.pattern.name, a.pattern.example) for a in assessments
                      if a.pattern.example)
    if examples:
        out += "\nExamples:\n\n" + "".join(
            f"- **{md.escape(name)}:** {md.escape(example)}\n" for name, example in examples
        )
    return out


def projection_table(projection: Projection) -> str:
    rows = []
    for point in projection.points:
        when = "now" if point.years == 0 else f"{point.years:g} year{'s' if point.years != 1 else ''}"
        rows.append([when, f"{point.rows:,.0f}", format_bytes(point.bytes),
                     rate(point.writes_per_second) if point.writes_per_second else "—"])
    what = "Storage (tables + indexes)" if not projection.structures else \
        "Storage (every copy)" if not projection.tables else "Storage"
    out = md.table(["When", "Rows", what, "Peak writes"], rows)
    if projection.structures:
        out += "\nComputed per structure from its declared figures:\n\n" + "".join(
            f"- {md.code(s.structure.name)}: {md.escape(s.basis)} = "
            f"{format_bytes(s.point(0).bytes)} now\n" for s in projection.structures)
    return out


def budget_text(projection: Projection) -> str:
    budget = projection.budget
    limits = [
        f"{budget.storage_gb:,.0f} GB" if budget.storage_gb is not None else None,
        f"{budget.writes_per_second:,.0f} writes/s"
        if budget.writes_per_second is not None else None,
        f"{budget.connections:,} connections" if budget.connections is not None else None,
    ]
    text = ", ".join(x for x in limits if x) or "no single-node limit"
    source = "overridden in the model" if projection.datastore.budget is not None \
        else f"{projection.datastore.technology.name} default"
    if projection.distributed:
        return (f"Per-node budget: {text} ({md.escape(source)}), times the declared "
                f"{projection.nodes} nodes.")
    return f"Single-node budget: {text} ({md.escape(source)})."


def horizon_text(projection: Projection) -> str:
    """When vertical scaling runs out, in one sentence."""
    if not projection.has_volumes:
        return ("No volumes declared: give the main tables a `Volume(rows=..., rows_per_day=..., "
                "growth_per_year=...)` to project storage and write rate.")
    horizon = projection.horizon
    if projection.distributed:
        nodes = projection.nodes
        per_node = format_bytes(projection.points[0].bytes / nodes)
        if horizon is None:
            return (f"**The declared {nodes} nodes suffice** for the next 10 years at the "
                    f"declared growth ({per_node} per node now).")
        return (f"**The declared {nodes} nodes run out:** "
                f"{md.escape(horizon.describe())} ({per_node} per node now); add nodes "
                "(brokers, data nodes, shards) before then.")
    if horizon is None:
        return "**Vertical scaling suffices** for the next 10 years at the declared growth."
    text = f"**Vertical scaling runs out:** {md.escape(horizon.describe())}."
    if projection.shards > 1:
        sharded = projection.sharded_horizon
        text += (f" With the declared {projection.shards} shards "
                 + (f"the budget is reached {md.escape(format_years(sharded.years))} from now."
                    if sharded is not None and sharded.years > 0
                    else "it is still exceeded." if sharded is not None
                    else "it lasts beyond 10 years."))
    elif projection.declared_scale_out:
        text += " Partitioning is declared (below); it eases maintenance, not the node's limit."
    return text


def path_text(ctx: SiteContext, system: System, projection: Projection, page_path: str) -> str:
    """Declared and suggested partitioning or sharding, and the migration that gets there."""
    datastore = projection.datastore
    lines = []
    for sharding in datastore.scaling.sharding:
        lines.append(f"- Declared sharding: {sharding.shards} shards by {md.code(sharding.key)} "
                     f"({md.escape(sharding.strategy.value)})")
    for part in datastore.scaling.partitioning:
        lines.append(f"- Declared partitioning: {md.code(part.table)} by {md.code(part.key)} "
                     f"({md.escape(part.strategy.value)})")
    key = projection.shard_key
    if key is not None and not datastore.scaling.sharding:
        lines.append(
            f"- Suggested shard key: {md.code(key.column)} — {key.share:.0%} of the declared "
            f"traffic filters by it ({', '.join(md.escape(p) for p in key.patterns)})")
    for suggestion in projection.partitions:
        lines.append(
            f"- Suggested partitioning: {md.code(suggestion.table)} by range of "
            f"{md.code(suggestion.column)} (time-range patterns: "
            f"{', '.join(md.escape(p) for p in suggestion.patterns)})")
    for migration in projection.migrations:
        target = ctx.paths.migration(system, migration)
        lines.append(f"- Migration that takes it there: "
                     f"{md.link(migration.name, relative_link(page_path, target))} "
                     f"({md.escape(progress(migration))})")
    if projection.horizon is not None and not projection.migrations:
        lines.append("- No architecture migration in the model takes it there yet: declare "
                     "one with `system.migration(..., affects=[this datastore])`.")
    if not lines:
        lines.append("- Nothing declared or suggested: no access patterns to derive a key from.")
    return "\n".join(lines) + "\n"


def chart_block(svg: str) -> str:
    """An inline SVG as a raw HTML block Markdown leaves alone."""
    return f'\n<div class="archdocs-chart">\n{svg}\n</div>\n\n'


def scalability_section(
    ctx: SiteContext, system: System, datastore: Datastore, page_path: str
) -> str:
    """The scalability path of ``datastore``: projection at now, 1, 3, 5 years, growth chart,
    vertical-scaling horizon, declared or suggested partitioning/sharding and the migration
    that takes the store there."""
    projection = project(system, datastore)
    out = [horizon_text(projection), "\n\n", budget_text(projection), "\n\n"]
    if projection.has_volumes:
        out.append(projection_table(projection))
        out.append(chart_block(storage_chart(projection)))
    out.append(path_text(ctx, system, projection, page_path))
    details = scalability_page(ctx, system, datastore)
    if details != page_path:
        out.append(f"\nDetails: {md.link('scalability of ' + datastore.name, relative_link(page_path, details))}"
                   " (per-table estimates, write-rate chart).\n")
    return "".join(out)


def write_chart_block(projection: Projection) -> str:
    return chart_block(writes_chart(projection))

