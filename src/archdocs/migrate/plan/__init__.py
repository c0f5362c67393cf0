"""The planner: change objects in, a phased :class:`Plan` out. One module per concern
(tables, columns, constraints, indexes, enums); this module only dispatches and orders."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from archdocs.migrate.changes import Change, ChangeKind, SchemaDiff
from archdocs.migrate.dialects import DialectName
from archdocs.migrate.plan import columns, constraints, enums, indexes, objects, tables
from archdocs.migrate.plan.backfill import PAUSE_SECONDS
from archdocs.migrate.plan.context import PlanContext, VolumeOf
from archdocs.migrate.plan.estimates import estimate
from archdocs.migrate.plan.explain import explain_model_types
from archdocs.migrate.plan.sql import SqlBuilder
from archdocs.migrate.plan.steps import (
    PhaseName,
    Plan,
    Severity,
    Statement,
    Step,
    structured_rollback,
)
from archdocs.migrate.versions import Server

__all__ = ["PhaseName", "Plan", "Severity", "Statement", "Step", "plan_diff"]

Strategy = Callable[[PlanContext, Change], list[Step]]

STRATEGIES: dict[ChangeKind, Strategy] = {
    ChangeKind.ADD_TABLE: tables.plan_add_table,
    ChangeKind.DROP_TABLE: tables.plan_drop_table,
    ChangeKind.RENAME_TABLE: tables.plan_rename_table,
    ChangeKind.TABLE_COMMENT: tables.plan_table_comment,
    ChangeKind.ADD_COLUMN: columns.plan_add_column,
    ChangeKind.DROP_COLUMN: columns.plan_drop_column,
    ChangeKind.RENAME_COLUMN: columns.plan_rename_column,
    ChangeKind.ALTER_TYPE: columns.plan_alter_type,
    ChangeKind.SET_NOT_NULL: columns.plan_nullability,
    ChangeKind.DROP_NOT_NULL: columns.plan_nullability,
    ChangeKind.SET_DEFAULT: columns.plan_default,
    ChangeKind.DROP_DEFAULT: columns.plan_default,
    ChangeKind.COLUMN_COMMENT: columns.plan_column_comment,
    ChangeKind.ALTER_AUTO_INCREMENT: columns.plan_auto_increment,
    ChangeKind.ADD_INDEX: indexes.plan_add_index,
    ChangeKind.DROP_INDEX: indexes.plan_drop_index,
    ChangeKind.ADD_UNIQUE: constraints.plan_add_unique,
    ChangeKind.DROP_UNIQUE: constraints.plan_drop_constraint,
    ChangeKind.ADD_FOREIGN_KEY: constraints.plan_add_foreign_key,
    ChangeKind.DROP_FOREIGN_KEY: constraints.plan_drop_constraint,
    ChangeKind.ADD_CHECK: constraints.plan_add_check,
    ChangeKind.DROP_CHECK: constraints.plan_drop_constraint,
    ChangeKind.ADD_PRIMARY_KEY: constraints.plan_primary_key,
    ChangeKind.DROP_PRIMARY_KEY: constraints.plan_primary_key,
    ChangeKind.ADD_EXCLUSION: objects.plan_add_exclusion,
    ChangeKind.DROP_EXCLUSION: constraints.plan_drop_constraint,
    ChangeKind.ALTER_IDENTITY: objects.plan_alter_identity,
    ChangeKind.ALTER_COMPUTED: objects.plan_alter_computed,
    ChangeKind.CREATE_SCHEMA: objects.plan_create_schema,
    ChangeKind.DROP_SCHEMA: objects.plan_drop_schema,
    ChangeKind.CREATE_DOMAIN: objects.plan_create_domain,
    ChangeKind.DROP_DOMAIN: objects.plan_domain_change,
    ChangeKind.ALTER_DOMAIN: objects.plan_domain_change,
    ChangeKind.CREATE_SEQUENCE: objects.plan_create_sequence,
    ChangeKind.DROP_SEQUENCE: objects.plan_drop_sequence,
    ChangeKind.ALTER_SEQUENCE: objects.plan_alter_sequence,
    ChangeKind.ENUM_ADD_VALUE: enums.plan_enum_change,
    ChangeKind.ENUM_RENAME_VALUE: enums.plan_enum_change,
    ChangeKind.ENUM_REMOVE_VALUE: enums.plan_enum_change,
}


def plan_diff(
    diff: SchemaDiff, dialect: DialectName, *, datastore: str = "",
    volume_of: VolumeOf | None = None, batch_size: int = 5000, server: Server | None = None,
) -> Plan:
    """Turn ``diff`` into phased steps for ``dialect``. ``volume_of`` gives a table's declared
    volume (``Datastore.volume_of``); severities scale with it."""
    builder = SqlBuilder(dialect)
    builder.known_tables = {**diff.old.tables, **diff.new.tables}
    ctx = PlanContext(diff, builder, volume_of or (lambda table: None), batch_size=batch_size,
                      server=server or Server.parse(dialect.value))
    for change in diff.of_kind(ChangeKind.RENAME_COLUMN):
        ctx.column_renames.setdefault(change.table, {})[str(change.name)] = change.old.name
    planned: list[Step] = enums.create_enum_types(ctx)
    ordered = sorted(diff.changes, key=lambda c: _dependency_rank(c.kind))
    for change in ordered:
        planned.extend(STRATEGIES[change.kind](ctx, change))
    planned.extend(enums.drop_unused_enum_types(ctx))
    if ctx.sqlite_rebuild:
        planned = _absorb_into_rebuilds(ctx, planned)
    planned = [explain_model_types(step) for step in planned]
    planned = [_estimated(ctx, step) for step in planned]
    steps = [step for _, step in sorted(enumerate(planned),
                                        key=lambda p: (p[1].phase.order, p[1].rank, p[0]))]
    if builder.is_mysql:
        steps = _one_rebuild_per_table(steps)
    return Plan(datastore=datastore, dialect=dialect, steps=steps, changes=list(diff.changes),
                probable_renames=list(diff.probable_renames), server=ctx.server.label)


def _estimated(ctx: PlanContext, step: Step) -> Step:
    if not step.table:
        return step
    table = ctx.diff.new.tables.get(step.table)
    if table is None:
        table = ctx.diff.old.tables.get(step.table)
    volume = ctx.volume_of(table) if table is not None else None
    return estimate(step, ctx.sql.name.value, table, volume, ctx.rows(step.table),
                    ctx.batch_size, PAUSE_SECONDS)


_IN_PLACE = re.compile(r"^ALTER TABLE (?P<table>.+?) (?P<clause>MODIFY COLUMN (?P<column>`[^`]+"
                       r"(?:``[^`]*)*`|\w+) .*), ALGORITHM=INPLACE, LOCK=NONE$", re.DOTALL)


def _one_rebuild_per_table(steps: list[Step]) -> list[Step]:
    """MySQL/MariaDB: in-place column changes of one table in one phase become one ALTER TABLE
    with several clauses, so InnoDB rebuilds the table once instead of once per column."""
    merged: list[Step] = []
    groups: dict[tuple[PhaseName, str], int] = {}
    for step in steps:
        match = _IN_PLACE.match(step.statements[0].sql) if len(step.statements) == 1 else None
        back = _IN_PLACE.match(step.rollback_text) if match else None
        if match is None or back is None or not step.rewrites:
            merged.append(step)
            continue
        key = (step.phase, match["table"])
        if key not in groups:
            groups[key] = len(merged)
            merged.append(step)
            continue
        first = merged[groups[key]]
        first_sql = first.statements[0].sql.removesuffix(", ALGORITHM=INPLACE, LOCK=NONE")
        columns = re.findall(r"MODIFY COLUMN (`[^`]+`|\w+) ", first_sql)
        if match["column"] in columns:
            merged.append(step)
            continue
        rollback = (first.rollback_text.removesuffix(", ALGORITHM=INPLACE, LOCK=NONE")
                    + f", {back['clause']}, ALGORITHM=INPLACE, LOCK=NONE")
        back_statements, back_note = structured_rollback(rollback)
        merged[groups[key]] = dataclasses.replace(
            first, title=f"{first.title}; {step.title} (one in-place rebuild)",
            statements=(Statement(f"{first_sql}, {match['clause']}, ALGORITHM=INPLACE, "
                                  "LOCK=NONE", tuple(dict.fromkeys(
                                      (*first.statements[0].explains,
                                       *step.statements[0].explains)))),),
            hazards=tuple(dict.fromkeys((*first.hazards, *step.hazards))),
            notes=tuple(dict.fromkeys((*first.notes, *step.notes))),
            severity=max(first.severity, step.severity,
                         key=[Severity.INFO, Severity.WARNING, Severity.ERROR].index),
            compatible_with_previous=first.compatible_with_previous
            and step.compatible_with_previous,
            compatibility="; ".join(dict.fromkeys(c for c in (first.compatibility,
                                                              step.compatibility) if c)),
            rollback=back_statements, rollback_note=back_note, long_running=first.long_running or step.long_running,
            scans=first.scans or step.scans)
    return merged


def _dependency_rank(kind: ChangeKind) -> int:
    # Tables before what refers to them; the step ranks order the rest within each phase.
    order = [ChangeKind.CREATE_SCHEMA, ChangeKind.CREATE_DOMAIN, ChangeKind.CREATE_SEQUENCE,
             ChangeKind.RENAME_TABLE, ChangeKind.ADD_TABLE]
    return order.index(kind) if kind in order else len(order)


def _absorb_into_rebuilds(ctx: PlanContext, planned: list[Step]) -> list[Step]:
    """On SQLite, a table that needs a rebuild gets one rebuild step for all its column and
    constraint changes; its other SQL steps (except creating or renaming it) are dropped."""
    kept = []
    for step in planned:
        rebuilt = step.table in ctx.sqlite_rebuild
        structural = step.title.startswith(("rename table", "create table", "drop the "
                                            "compatibility view"))
        if rebuilt and not structural and step.phase is not PhaseName.DEPLOY:
            continue
        kept.append(step)
    for table in sorted(ctx.sqlite_rebuild):
        kept.extend(tables.sqlite_rebuild_steps(ctx, table))
    return kept
