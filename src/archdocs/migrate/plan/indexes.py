"""Planning index changes: built concurrently / online, dropped in the contract phase."""

from __future__ import annotations

from sqlalchemy import Index

from archdocs.migrate.changes import Change
from archdocs.migrate.plan.context import PlanContext
from archdocs.migrate.plan.steps import PhaseName as P
from archdocs.migrate.plan.steps import Statement, Step


def drop_index_sql(ctx: PlanContext, table: str, name: str) -> str:
    sql = ctx.sql
    if sql.is_postgresql:
        return f"DROP INDEX CONCURRENTLY IF EXISTS {sql.quote(name)}"
    if sql.is_mysql:
        return f"ALTER TABLE {sql.table(table)} DROP INDEX {sql.quote(name)}, ALGORITHM=INPLACE, LOCK=NONE"
    return f"DROP INDEX IF EXISTS {sql.quote(name)}"


def create_index_steps(
    ctx: PlanContext, table: str, index: Index | tuple[str, str, bool], *,
    new_table: bool = False, rank: int = 70,
) -> list[Step]:
    """Build an index without blocking writes. ``index`` is an ``Index`` of the new model, or
    ``(name, "(column list)", unique)`` for an index the plan needs on its own."""
    sql = ctx.sql
    if isinstance(index, Index):
        name, columns, unique = str(index.name), sql.index_columns(index), bool(index.unique)
    else:
        name, columns, unique = index
    kind = "UNIQUE INDEX" if unique else "INDEX"
    target = sql.table(table)
    if sql.is_postgresql:
        statements: list[str | Statement] = [
            # A failed concurrent build leaves an INVALID index: drop it so a rerun builds again.
            drop_index_sql(ctx, table, name),
            f"CREATE {kind} CONCURRENTLY IF NOT EXISTS {sql.quote(name)} ON {target} {columns}"]
        lock = "SHARE UPDATE EXCLUSIVE (reads and writes go on)"
    elif sql.is_mysql:
        statements = [f"ALTER TABLE {target} ADD {kind} {sql.quote(name)} {columns}, "
                      "ALGORITHM=INPLACE, LOCK=NONE"]
        lock = "LOCK=NONE (reads and writes go on)"
    else:
        statements = [f"CREATE {kind} IF NOT EXISTS {sql.quote(name)} ON {target} {columns}"]
        lock = "database write lock for the build"
    return [ctx.step(P.EXPAND, f"create {'unique ' if unique else ''}index {name}", table,
                     statements, atomic=False, long_running=True, scans=not new_table,
                     blocks_writes=sql.is_sqlite and not new_table, lock=lock,
                     hazards=("MH010",), compatibility="N-1 keeps working",
                     notes=("If the build fails, PostgreSQL leaves an INVALID index: rerunning "
                            "this step drops and rebuilds it (check pg_index.indisvalid).",)
                     if sql.is_postgresql else (),
                     rollback=drop_index_sql(ctx, table, name), rank=rank)]


def plan_add_index(ctx: PlanContext, change: Change) -> list[Step]:
    return create_index_steps(ctx, change.table, change.new)


def plan_drop_index(ctx: PlanContext, change: Change) -> list[Step]:
    index: Index = change.old
    replaced = any(c.kind.value == "add-index" and c.table == change.table and c.name == change.name
                   for c in ctx.diff.changes)
    return [ctx.step(P.EXPAND if replaced else P.CONTRACT,
                     f"drop index {change.name}" + (" (rebuilt with its new definition)"
                                                    if replaced else ""),
                     change.table, [drop_index_sql(ctx, change.table, str(change.name))],
                     atomic=False, lock="SHARE UPDATE EXCLUSIVE" if ctx.sql.is_postgresql
                     else "LOCK=NONE", hazards=("MH011",),
                     compatibility="N-1 keeps working (queries it served get slower)",
                     rollback=f"recreate it: {ctx.sql.create_index(index)}",
                     rank=5 if replaced else 20)]
