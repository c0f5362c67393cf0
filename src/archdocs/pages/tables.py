"""The table pages of a datastore: one page per table with its volume, focused ER diagram,
columns, indexes, constraints, the foreign keys pointing at it, where its columns come from, the
flows carrying it and the findings about it. :mod:`archdocs.pages.datastores` writes them after
their datastore's page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, ForeignKeyConstraint, Table
from sqlalchemy import Sequence as SqlSequence

from archdocs.model.datastore import Datastore
from archdocs.model.sql import sorted_indexes, type_text
from archdocs.pages import markdown as md
from archdocs.pages import physical as physical_pages
from archdocs.pages.page import Page, relative_link
from archdocs.pages.system_index import SystemIndex, diagram_spec, section, title
from archdocs.perf.modeling import referred_table


def table_page(index: SystemIndex, datastore: Datastore, table: Table, dialect: Any, *,
               focus: bool, referenced_by: Sequence[ForeignKeyConstraint] = ()) -> Page:
    """One table: volume, focused ER diagram (``focus``), columns in ``dialect``'s types,
    indexes, constraints, the foreign keys pointing at it (``referenced_by``), where its columns
    come from, the flows carrying it and the findings about it."""
    system = index.system
    page = index.paths.table(system, datastore, table)
    out = [title(f"Table: {table.fullname}")]
    out.append(f"In datastore {index.link(page, datastore)} "
               f"({md.escape(datastore.technology.label)}).\n\n")
    if table.comment:
        out.append(md.paragraph(table.comment) + "\n")
    volume = datastore.volume_of(table)
    if volume:
        parts = []
        if volume.rows is not None:
            parts.append(f"{volume.rows:,} rows")
        if volume.rows_per_day is not None:
            parts.append(f"{volume.rows_per_day:,.0f} rows/day")
        if volume.growth_per_year:
            parts.append(f"growth {volume.growth_per_year:.0%}/year")
        if volume.peak_writes_per_second is not None:
            parts.append(f"peak {volume.peak_writes_per_second:,.0f} writes/s")
        if parts:
            out.append(f"**Volume:** {', '.join(parts)}\n\n")
    if focus:
        out.append(index.ctx.diagram(page, diagram_spec("er_focus_spec", system, datastore, table)))
    out.append(section("Columns"))
    primary = {c.name for c in table.primary_key.columns}
    rows = []
    for column in table.columns:
        keys = []
        if column.name in primary:
            keys.append("PK")
        for fk in sorted(column.foreign_keys, key=lambda fk: fk.target_fullname):
            keys.append("FK → " + _fk_target(index, page, datastore, fk.target_fullname))
        if column.unique:
            keys.append("unique")
        rows.append([md.code(column.name), md.code(type_text(column.type, dialect)),
                     _yes(bool(column.nullable)), _default_of(column), " ".join(keys),
                     md.escape(column.comment or "")])
    out.append(md.table(["Column", "Type", "Nullable", "Default", "Keys", "Comment"], rows))
    # Unnamed indexes and constraints are sorted by their columns too: SQLAlchemy keeps them in
    # sets, whose order changes from one load to the next.
    indexes = sorted_indexes(table)
    out.append(section("Indexes"))
    if indexes:
        out.append(md.table(["Index", "Columns", "Unique"], [
            [md.code(db_index.name or ""),
             ", ".join(md.code(getattr(c, "name", str(c))) for c in db_index.expressions),
             _yes(bool(db_index.unique))] for db_index in indexes]))
    else:
        out.append("None besides the primary key.\n")
    constraints = sorted(
        (c for c in table.constraints if c is not table.primary_key),
        key=lambda c: (type(c).__name__, str(c.name),
                       [col.name for col in getattr(c, "columns", ())], _constraint_detail(c)),
    )
    if constraints:
        out.append(section("Constraints"))
        rows = []
        for constraint in constraints:
            columns = ", ".join(md.code(c.name) for c in getattr(constraint, "columns", []))
            detail = ""
            if isinstance(constraint, ForeignKeyConstraint):
                targets = sorted({e.target_fullname.rsplit(".", 1)[0]
                                  for e in constraint.elements})
                detail = "→ " + ", ".join(_fk_target(index, page, datastore, t + ".x",
                                                     table_only=True) for t in targets)
                if constraint.ondelete:
                    detail += f" on delete {md.escape(constraint.ondelete)}"
            sqltext = getattr(constraint, "sqltext", None)
            if sqltext is not None:
                detail = md.code(str(sqltext))
            rows.append([md.code(constraint.name) if constraint.name else "(unnamed)",
                         md.escape(type(constraint).__name__.replace("Constraint", "").lower()),
                         columns, detail])
        out.append(md.table(["Name", "Kind", "Columns", "Detail"], rows))
    if referenced_by:
        out.append(section("Referenced by"))
        out.append(md.table(["Table", "Columns", "On delete"], [
            [_fk_target(index, page, datastore, fk.parent.fullname + ".x", table_only=True),
             ", ".join(md.code(c.name) for c in fk.columns),
             md.escape(fk.ondelete or "")]
            for fk in referenced_by]))
    out.append(physical_pages.column_lineage(
        index.paths, system, page, index.lineage_graph, datastore, table.fullname,
        heading=section("Where its columns come from")))
    carriers = index.carriers.get((id(datastore), table.fullname), [])
    out.append(section("Flows carrying this table"))
    out.append(index.flows_table(page, carriers))
    findings = [f for f in index.findings_of.get(id(datastore), [])
                if f.target and (f.target == table.fullname or f.target == table.name
                                 or f.target.startswith(table.fullname + ".")
                                 or f.target.startswith(table.name + "."))]
    if findings:
        out.append(section("Findings"))
        out.append(index.findings_block(page, findings))
    return Page(page, table.fullname, "".join(out))


def _fk_target(index: SystemIndex, page: str, datastore: Datastore, target: str, *,
               table_only: bool = False) -> str:
    """A foreign key's target (``table.column``, or just the table) linked to the table's page
    when the datastore holds it."""
    table_name, _, column = target.rpartition(".")
    table = datastore.table(table_name)
    label = table_name if table_only else target
    if table is None:
        return md.code(label)
    return md.link(label, relative_link(page, index.paths.table(index.system, datastore, table)))


def referrers(tables: Sequence[Table]) -> dict[int, list[ForeignKeyConstraint]]:
    """The foreign keys of ``tables`` that point at each table (by ``id``), sorted by the
    referencing table and columns."""
    found: dict[int, list[ForeignKeyConstraint]] = defaultdict(list)
    for table in tables:
        for fk in table.foreign_key_constraints:
            referred = referred_table(fk)
            if referred is not None:
                found[id(referred)].append(fk)
    for fks in found.values():
        fks.sort(key=lambda fk: (fk.parent.fullname, tuple(fk.column_keys)))
    return found


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _default_of(column: Column[Any]) -> str:
    """A column's default as readers see it: server default, sequence or Python default."""
    if column.server_default is not None:
        arg = getattr(column.server_default, "arg", None)
        text = getattr(arg, "text", arg)
        return md.code(text if text is not None else column.server_default)
    if isinstance(column.default, SqlSequence):
        # A HiLo or plain sequence: the database hands out the values.
        sequence = column.default
        step = f", increment {sequence.increment}" if sequence.increment not in (None, 1) else ""
        return f"sequence {md.code(sequence.name)}{step}"
    if column.default is not None:
        arg = getattr(column.default, "arg", None)
        if callable(arg):
            return f"{md.code(getattr(arg, '__name__', 'function'))} (Python)"
        return md.code(arg)
    return ""


__all__ = ["referrers", "table_page"]


def _constraint_detail(constraint: Any) -> tuple[str, ...]:
    """What tells two constraints of one kind on the same columns apart: the targets of a
    foreign key, the expression of a check."""
    if isinstance(constraint, ForeignKeyConstraint):
        return tuple(sorted(e.target_fullname for e in constraint.elements))
    sqltext = getattr(constraint, "sqltext", None)
    return (str(sqltext),) if sqltext is not None else ()
