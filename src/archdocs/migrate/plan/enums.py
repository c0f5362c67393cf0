"""Planning enum changes. PostgreSQL enums are named types changed value by value; MySQL and
MariaDB enums belong to the column, which is modified as a whole (grouped per column)."""

from __future__ import annotations

from sqlalchemy import Column, Enum

from archdocs.migrate.changes import Change, ChangeKind
from archdocs.migrate.plan.backfill import batched_update, fail_if_rows
from archdocs.migrate.plan.context import PlanContext
from archdocs.migrate.plan.objects import no_safe_path_severity, online_tool_commands
from archdocs.migrate.plan.steps import PhaseName as P
from archdocs.migrate.plan.steps import Severity, Statement, Step


def create_enum_types(ctx: PlanContext) -> list[Step]:
    """``CREATE TYPE`` for PostgreSQL enum types the new schema uses and the old one lacks."""
    if not ctx.sql.is_postgresql:
        return []
    old_types = ctx.sql.enum_types_in(ctx.diff.old)
    steps = []
    for name, values in ctx.sql.enum_types_in(ctx.diff.new).items():
        if name in old_types:
            continue
        literals = ", ".join(ctx.sql.literal(v) for v in values)
        create = f"CREATE TYPE {ctx.sql.quote(name)} AS ENUM ({literals})"
        body = (f"DO $archdocs$\nBEGIN\n  {create};\nEXCEPTION WHEN duplicate_object THEN NULL;\n"
                "END\n$archdocs$")
        steps.append(ctx.step(P.EXPAND, f"create enum type {name}", None, [body], lock="none",
                              hazards=("MH016",), rollback=f"DROP TYPE IF EXISTS "
                                                           f"{ctx.sql.quote(name)}", rank=0))
    return steps


def drop_unused_enum_types(ctx: PlanContext) -> list[Step]:
    if not ctx.sql.is_postgresql:
        return []
    new_types = ctx.sql.enum_types_in(ctx.diff.new)
    steps = []
    for name in ctx.sql.enum_types_in(ctx.diff.old):
        if name not in new_types:
            steps.append(ctx.step(P.CONTRACT, f"drop enum type {name} (no column uses it)", None,
                                  [Statement(f"DROP TYPE IF EXISTS {ctx.sql.quote(name)}",
                                             (("ban-drop-type", "contract phase: no column "
                                               "uses the type any more"),))], lock="none",
                                  hazards=("MH016",), rollback="create the type again", rank=95))
    return steps


def plan_enum_change(ctx: PlanContext, change: Change) -> list[Step]:
    if ctx.sql.is_postgresql:
        return _postgresql(ctx, change)
    if ctx.sql.is_mysql:
        return _mysql(ctx, change)
    from archdocs.migrate.plan.columns import sqlite_rebuild_needed

    return [sqlite_rebuild_needed(ctx, change.table, f"change enum values of {change.column}",
                                  ("MH016",))]


def _postgresql(ctx: PlanContext, change: Change) -> list[Step]:
    sql = ctx.sql
    new_type: Enum = change.new.type
    type_name = sql.quote(str(new_type.name))
    if change.kind is ChangeKind.ENUM_ADD_VALUE:
        if not ctx.once(("enum-add", new_type.name, change.name)):
            return []
        values = list(new_type.enums)
        old_values = set(change.old.type.enums)
        position = values.index(str(change.name))
        following = next((v for v in values[position + 1:] if v in old_values), None)
        preceding = next((v for v in reversed(values[:position]) if v in old_values), None)
        where = (f" BEFORE {sql.literal(following)}" if following is not None
                 else f" AFTER {sql.literal(preceding)}" if preceding is not None else "")
        return [ctx.step(P.EXPAND, f"add value '{change.name}' to enum {new_type.name}", None,
                         [f"ALTER TYPE {type_name} ADD VALUE IF NOT EXISTS "
                          f"{sql.literal(str(change.name))}{where}"],
                         atomic=False, lock="brief, on the type", hazards=("MH016",),
                         compatibility="N-1 never writes the new value",
                         rollback="values cannot be removed in place: see 'remove a value'",
                         rank=2)]
    if change.kind is ChangeKind.ENUM_RENAME_VALUE:
        before, after = change.detail.split(" → ")
        if not ctx.once(("enum-rename", new_type.name, before)):
            return []
        return [ctx.step(P.CUTOVER, f"rename enum value '{before}' → '{after}' in {new_type.name}",
                         None, [Statement(f"ALTER TYPE {type_name} RENAME VALUE "
                                          f"{sql.literal(before)} TO {sql.literal(after)}",
                                          (("renaming-object", "declared enum value rename "
                                            "(column_notes(enum_renamed=...)), deployed with "
                                            "the version that writes the new value"),))],
                         lock="brief, on the type", hazards=("MH016",),
                         compatible_with_previous=False,
                         compatibility="N-1 still writes the old value: deploy the new version "
                                       "at the same moment",
                         rollback=f"ALTER TYPE {type_name} RENAME VALUE {sql.literal(after)} TO "
                                  f"{sql.literal(before)}", rank=6)]
    # Removal: one type swap per type, after checking no row still uses removed values.
    if not ctx.once(("enum-remove", new_type.name)):
        return []
    removed = [c.name for c in ctx.diff.changes if c.kind is ChangeKind.ENUM_REMOVE_VALUE
               and getattr(c.new.type, "name", None) == new_type.name]
    users = _columns_using(ctx, str(new_type.name))
    steps: list[Step] = []
    for table, column in users:
        predicate = (f"{sql.quote(column.name)}::text IN "
                     f"({', '.join(sql.literal(str(v)) for v in removed)})")
        steps.append(ctx.step(P.VALIDATE, f"check no row of {table} uses the removed values",
                              table, fail_if_rows(sql, ctx.new_table(table), predicate,
                                                  f"rows still use removed enum values of "
                                                  f"{new_type.name}"),
                              atomic=False, scans=True, long_running=True, lock="none (reads)",
                              hazards=("MH016",), rollback="nothing to undo", rank=40))
    old_type = sql.quote(f"{new_type.name}_archdocs_old")
    literals = ", ".join(sql.literal(v) for v in new_type.enums)
    swap = "type swap to remove enum values: PostgreSQL cannot drop a value in place"
    statements: list[str | Statement] = [
        "BEGIN", Statement(f"ALTER TYPE {type_name} RENAME TO {old_type}",
                           (("renaming-object", swap),)),
                             f"CREATE TYPE {type_name} AS ENUM ({literals})"]
    for table, column in users:
        q = sql.quote(column.name)
        default = sql.default(column)
        if default is not None:
            statements.append(Statement(
                f"ALTER TABLE {sql.table(table)} ALTER COLUMN {q} DROP DEFAULT",
                (("ban-drop-default", "the default is set again two statements below, in the "
                  "same transaction"),)))
        statements.append(Statement(
            f"ALTER TABLE {sql.table(table)} ALTER COLUMN {q} TYPE {type_name} "
            f"USING {q}::text::{type_name}",
            (("changing-column-type", swap + "; the step's severity follows the table's "
              "declared volume"),)))
        if default is not None:
            statements.append(f"ALTER TABLE {sql.table(table)} ALTER COLUMN {q} SET DEFAULT "
                              f"{default}")
    statements += [Statement(f"DROP TYPE {old_type}",
                             (("ban-drop-type", "drops the renamed old type no column uses "
                               "any more"),)), "COMMIT"]
    first_table = users[0][0] if users else None
    steps.append(ctx.step(P.CONTRACT, f"remove values {', '.join(map(str, removed))} from enum "
                          f"{new_type.name} (type swap)", first_table, statements, atomic=False,
                          lock="ACCESS EXCLUSIVE for the rewrite of each column",
                          rewrites=True, blocks_writes=True, long_running=True,
                          severity=no_safe_path_severity(ctx, first_table),
                          notes=("No online path in place: every column of the type is "
                                 "rewritten under ACCESS EXCLUSIVE. Least bad on a large "
                                 "table: a new column of the new type, dual writes, a batched "
                                 "backfill and a swap by rename (as for a type change, MH005), "
                                 "or a maintenance window.",),
                          hazards=("MH016", "MH005"), point_of_no_return=True,
                          compatible_with_previous=False,
                          compatibility="N-1 may still write a removed value",
                          rollback="add the values again (ALTER TYPE ... ADD VALUE)", rank=50))
    return steps


def _columns_using(ctx: PlanContext, type_name: str) -> list[tuple[str, Column[object]]]:
    found = []
    for name, table in sorted(ctx.diff.new.tables.items()):
        for column in table.columns:
            if isinstance(column.type, Enum) and column.type.name == type_name:
                found.append((name, column))
    return found


def _with_values(column: Column[object], values: list[str]) -> Column[object]:
    copy = column._copy()
    copy.type = Enum(*values, name=getattr(column.type, "name", None))
    return copy


def _mysql(ctx: PlanContext, change: Change) -> list[Step]:
    """All enum changes of one column at once: widen, backfill renames, check, narrow."""
    table, column = change.table, change.new
    if not ctx.once(("mysql-enum", table, column.name)):
        return []
    sql = ctx.sql
    q = sql.quote(column.name)
    old_values = list(change.old.type.enums)
    new_values = list(column.type.enums)
    mine = [c for c in ctx.diff.changes if c.table == table and c.column == column.name]
    renames = [c.detail.split(" → ") for c in mine if c.kind is ChangeKind.ENUM_RENAME_VALUE]
    removed = [str(c.name) for c in mine if c.kind is ChangeKind.ENUM_REMOVE_VALUE]
    widened = new_values + [v for v in old_values if v not in new_values]
    if widened != new_values:
        # Values go away, so the contract phase copies the table anyway: widen by appending
        # (instant) and let that copy put the values in the model's order.
        widened = old_values + [v for v in new_values if v not in old_values]
    appended = widened[: len(old_values)] == old_values
    steps: list[Step] = []

    def modify(values: list[str], algorithm: str) -> str:
        spec = sql.column_spec(_with_values(column, values))
        return f"ALTER TABLE {sql.table(table)} MODIFY COLUMN {spec}, {algorithm}"

    if widened != old_values:
        algorithm = "ALGORITHM=INSTANT" if appended else "ALGORITHM=COPY"
        steps.append(ctx.step(P.EXPAND, f"allow the new values of {column.name} "
                              f"({', '.join(v for v in widened if v not in old_values)})", table,
                              [modify(widened, algorithm)],
                              lock="brief metadata lock (appended at the end)" if appended
                              else "ALGORITHM=COPY: writes blocked for the copy",
                              rewrites=not appended, blocks_writes=not appended,
                              severity=Severity.INFO if appended
                              else no_safe_path_severity(ctx, table),
                              long_running=not appended, hazards=("MH016",),
                              notes=() if appended else online_tool_commands(
                                  ctx, table, modify(widened, "").split(" ", 3)[3].rstrip(", ")),
                              compatibility="N-1 never writes the new values",
                              rollback=modify(old_values, "ALGORITHM=COPY")))
    for before, after in renames:
        steps.append(ctx.step(P.BACKFILL, f"move rows from '{before}' to '{after}'", table,
                              batched_update(sql, ctx.new_table(table),
                                             f"{q} = {sql.literal(after)}",
                                             f"{q} = {sql.literal(before)}", ctx.batch_size),
                              atomic=False, long_running=True, hazards=("MH016", "MH021"),
                              lock="row locks, one batch at a time",
                              compatible_with_previous=False,
                              compatibility="N-1 still writes the old value: rerun this "
                                            "backfill after the new version is deployed",
                              rollback=f"UPDATE back to '{before}' the same way"))
    gone = removed + [before for before, _ in renames]
    if gone:
        predicate = f"{q} IN ({', '.join(sql.literal(v) for v in gone)})"
        steps.append(ctx.step(P.VALIDATE, f"check no row of {table} uses the removed values", table,
                              fail_if_rows(sql, ctx.new_table(table), predicate,
                                           f"rows still use removed values of {column.name}"),
                              atomic=False, scans=True, long_running=True, lock="none (reads)",
                              hazards=("MH016",), rollback="nothing to undo", rank=40))
    if widened != new_values:
        steps.append(ctx.step(P.CONTRACT, f"remove the old values of {column.name} "
                              f"({', '.join(gone)})", table,
                              [modify(new_values, "ALGORITHM=COPY")],
                              lock="ALGORITHM=COPY: writes blocked for the copy", rewrites=True,
                              blocks_writes=True, long_running=True, hazards=("MH016",),
                              severity=no_safe_path_severity(ctx, table),
                              notes=online_tool_commands(
                                  ctx, table, modify(new_values, "").split(" ", 3)[3].rstrip(", ")),
                              point_of_no_return=True,
                              compatible_with_previous=False,
                              compatibility="N-1 may still write a removed value",
                              rollback=modify(widened, "ALGORITHM=COPY"), rank=50))
    return steps
