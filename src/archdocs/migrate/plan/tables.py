"""Planning table changes: create, drop, rename, comment; and SQLite's table rebuild."""

from __future__ import annotations

from sqlalchemy import MetaData, Table

from archdocs.migrate.changes import Change
from archdocs.migrate.plan.context import PlanContext
from archdocs.migrate.plan.indexes import create_index_steps
from archdocs.migrate.plan.steps import PhaseName as P
from archdocs.migrate.plan.steps import Statement, Step
from archdocs.model.sql import sorted_indexes


def plan_add_table(ctx: PlanContext, change: Change) -> list[Step]:
    table: Table = change.new
    sql = ctx.sql
    statements: list[str | Statement] = [sql.create_table(table)]
    if sql.is_postgresql:
        if table.comment:
            statements.append(sql.table_comment(table))
        statements += [sql.column_comment(c) for c in table.columns if c.comment]
    steps = [ctx.step(P.EXPAND, f"create table {table.fullname}", table.fullname, statements,
                      lock="none on other tables (brief SHARE ROW EXCLUSIVE on tables it "
                           "references)" if sql.is_postgresql else
                      "none on other tables (a brief shared metadata lock on tables it "
                      "references)", compatibility="N-1 ignores the new table",
                      rollback=f"DROP TABLE IF EXISTS {sql.table(table)}", rank=1)]
    from archdocs.migrate.plan.columns import flag_plain_json

    steps[0] = flag_plain_json(ctx, steps[0], list(table.columns))
    for index in sorted_indexes(table):
        steps += create_index_steps(ctx, table.fullname, index, new_table=True)
    return steps


def plan_drop_table(ctx: PlanContext, change: Change) -> list[Step]:
    table: Table = change.old
    name = ctx.sql.table(table)
    return [
        ctx.checkpoint(P.DEPLOY, f"deploy code that no longer uses {table.fullname}",
                       table.fullname, compatibility="application change, no schema change"),
        ctx.step(P.CONTRACT, f"drop table {table.fullname}", table.fullname,
                 [Statement(f"DROP TABLE IF EXISTS {name}",
                            (("ban-drop-table", "contract phase: no code uses the table any "
                              "more (deploy checkpoint above); back it up first"),))],
                 lock="ACCESS EXCLUSIVE" if ctx.sql.is_postgresql else "metadata lock",
                 hazards=("MH009",), point_of_no_return=True, compatible_with_previous=False,
                 compatibility="N-1 breaks if it still uses the table",
                 rollback="restore the table from the backup taken before this step", rank=90),
    ]


def plan_rename_table(ctx: PlanContext, change: Change) -> list[Step]:
    old: Table = change.old
    new: Table = change.new
    sql = ctx.sql
    old_name, new_name = sql.table(old), sql.table(new)
    explain = (("renaming-table", "declared rename; a view with the old name keeps N-1 "
                "working until the contract phase"),)
    moves = (old.schema or None) != (new.schema or None)
    renamed: list[str | Statement]
    if sql.is_mysql:
        renamed = [Statement(f"RENAME TABLE {old_name} TO {new_name}", explain)]
        back = f"RENAME TABLE {new_name} TO {old_name}"
    elif moves and sql.is_postgresql:
        # RENAME TO keeps the schema: a move needs SET SCHEMA (then a rename in the new one).
        moved = sql.table(old.name, schema=new.schema or "public")
        renamed = [Statement(f"ALTER TABLE {old_name} SET SCHEMA "
                             f"{sql.quote(new.schema or 'public')}",
                             (*explain, ("ban-set-schema", "declared move to another schema "
                                         "(MH025); a view keeps the old qualified name "
                                         "working until the contract phase")))]
        if old.name != new.name:
            renamed.append(Statement(f"ALTER TABLE {moved} RENAME TO {sql.quote(new.name)}",
                                     explain))
        back = (f"ALTER TABLE {new_name} RENAME TO {sql.quote(old.name)}; "
                if old.name != new.name else "") + (
            f"ALTER TABLE {moved} SET SCHEMA {sql.quote(old.schema or 'public')}")
    else:
        renamed = [Statement(f"ALTER TABLE {old_name} RENAME TO {sql.quote(new.name)}", explain)]
        back = f"ALTER TABLE {new_name} RENAME TO {sql.quote(old.name)}"
    view = f"CREATE VIEW {old_name} AS SELECT * FROM {new_name}"
    return [
        ctx.step(P.EXPAND, f"rename table {old.fullname} → {new.fullname}, keep the old name as "
                 "a view", new.fullname, [*renamed, view],
                 lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                 else "brief metadata lock",
                 hazards=("MH007", "MH025") if moves else ("MH007",),
                 compatibility="N-1 reads and writes through the view (simple views are "
                               "updatable on PostgreSQL and MySQL; read-only on SQLite)",
                 compatible_with_previous=not sql.is_sqlite,
                 rollback=f"DROP VIEW IF EXISTS {old_name}; {back}",
                 rank=0),
        *_deploy(ctx, f"deploy code that uses the new name {new.fullname}", new.fullname),
        ctx.step(P.CONTRACT, f"drop the compatibility view {old.fullname}", new.fullname,
                 [Statement(f"DROP VIEW IF EXISTS {old_name}",
                            (("ban-drop-view", "contract phase: the compatibility view of a "
                              "declared rename; the deployed code uses the new name"),))],
                 lock="brief",
                 hazards=("MH007",), compatible_with_previous=False,
                 compatibility="N-1 used the old name", rollback=view, rank=80),
    ]


def _deploy(ctx: PlanContext, title: str, table: str) -> list[Step]:
    if not ctx.once(("deploy", title)):
        return []
    return [ctx.checkpoint(P.DEPLOY, title, table)]


def plan_table_comment(ctx: PlanContext, change: Change) -> list[Step]:
    table: Table = change.new
    if ctx.sql.is_sqlite:
        return []
    def comment_sql(comment: str | None) -> str:
        if ctx.sql.is_postgresql:
            value = ctx.sql.literal(comment) if comment else "NULL"
            return f"COMMENT ON TABLE {ctx.sql.table(table)} IS {value}"
        return f"ALTER TABLE {ctx.sql.table(table)} COMMENT = {ctx.sql.literal(comment or '')}"

    previous = change.old.comment if isinstance(change.old, Table) else None
    return [ctx.step(P.EXPAND, f"comment on table {table.fullname}", table.fullname,
                     [comment_sql(table.comment)], lock="brief",
                     rollback=comment_sql(previous))]


def sqlite_rebuild_steps(ctx: PlanContext, table_name: str) -> list[Step]:
    """SQLite's documented procedure for changes ALTER TABLE cannot make: create the new
    table, copy the rows, drop the old one, rename, recreate the indexes — one transaction."""
    sql = ctx.sql
    new = ctx.new_table(table_name)
    old = ctx.old_table(table_name)
    assert old is not None
    # A copy of the whole new schema, so foreign keys of the copied table resolve.
    scratch = MetaData()
    for other in new.metadata.sorted_tables:
        other.to_metadata(scratch)
    temporary = new.to_metadata(scratch, name=f"_archdocs_new_{new.name}")
    renames = {n: o for n, o in ctx.column_renames.get(table_name, {}).items()}
    targets, sources = [], []
    for column in new.columns:
        if column.computed is not None:
            continue  # generated: SQLite computes it, and refuses a value for it
        source = renames.get(column.name, column.name)
        if source in old.columns:
            targets.append(sql.quote(column.name))
            sources.append(sql.quote(source))
        else:
            from archdocs.migrate.plan.columns import fill_value

            fill = fill_value(ctx, column)
            if fill is not None and fill != "DEFAULT":
                targets.append(sql.quote(column.name))
                sources.append(fill)
    statements: list[str | Statement] = [
        "PRAGMA foreign_keys = OFF",
        "BEGIN",
        sql.create_table(temporary),
        f"INSERT INTO {sql.table(temporary)} ({', '.join(targets)}) "
        f"SELECT {', '.join(sources)} FROM {sql.table(new.name)}",
        f"DROP TABLE {sql.table(new.name)}",
        f"ALTER TABLE {sql.table(temporary)} RENAME TO {sql.quote(new.name)}",
    ]
    statements += [sql.create_index(index) for index in sorted_indexes(new)]
    statements += ["PRAGMA foreign_key_check", "COMMIT", "PRAGMA foreign_keys = ON"]
    return [ctx.step(P.CUTOVER, f"rebuild table {table_name} (SQLite cannot alter it in place)",
                     table_name, statements, atomic=False, rewrites=True, blocks_writes=True,
                     long_running=True, lock="database write lock for the copy",
                     rollback="the rebuild runs in one transaction: a failure leaves the old "
                              "table", rank=50)]
