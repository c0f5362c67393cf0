"""Planning constraint changes: primary keys, unique constraints, foreign keys, checks."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Constraint, ForeignKeyConstraint

from archdocs.migrate.changes import Change, ChangeKind
from archdocs.migrate.plan.backfill import fail_if_rows
from archdocs.migrate.plan.context import PlanContext
from archdocs.migrate.plan.indexes import create_index_steps
from archdocs.migrate.plan.steps import PhaseName as P
from archdocs.migrate.plan.steps import Severity, Statement, Step


def _short(table: str) -> str:
    return table.rsplit(".", 1)[-1]


def constraint_name(change: Change, constraint: Constraint, suffix: str) -> str:
    if constraint.name:
        return str(constraint.name)
    columns = "_".join(c.name for c in constraint.columns)  # type: ignore[attr-defined]
    return f"{_short(change.table)}_{columns}_{suffix}"[:63]


def _alter(ctx: PlanContext, table: str, clause: str, algorithm: str | None = None) -> str:
    return ctx.alter(table, clause, algorithm)


def _named(ctx: PlanContext, constraint: Constraint, name: str) -> str:
    """The constraint's DDL with ``name`` (for constraints the model leaves unnamed)."""
    text = ctx.sql.constraint(constraint)
    return text if constraint.name else f"CONSTRAINT {ctx.sql.quote(name)} {text}"


def plan_add_unique(ctx: PlanContext, change: Change) -> list[Step]:
    table, constraint = change.table, change.new
    name = constraint_name(change, constraint, "key")
    sql = ctx.sql
    if sql.is_sqlite:
        from archdocs.migrate.plan.columns import sqlite_rebuild_needed

        return [sqlite_rebuild_needed(ctx, table, f"add unique constraint {name}", ("MH014",))]
    columns = sql.columns([c.name for c in constraint.columns])
    if sql.is_mysql:
        return [ctx.step(P.EXPAND, f"add unique constraint {name}", table,
                         [_alter(ctx, table, f"ADD CONSTRAINT {sql.quote(name)} UNIQUE ({columns})",
                                 "ALGORITHM=INPLACE, LOCK=NONE")],
                         lock="LOCK=NONE (reads and writes go on)", scans=True, long_running=True,
                         hazards=("MH014",), compatibility="N-1 works unless it writes duplicates",
                         rollback=_alter(ctx, table, f"DROP INDEX {sql.quote(name)}"), rank=75)]
    qname = sql.quote(name)
    return [
        ctx.step(P.EXPAND, f"build the unique index for {name} concurrently", table,
                 [f"DROP INDEX CONCURRENTLY IF EXISTS {qname}",
                  f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {qname} ON "
                  f"{sql.table(table)} ({columns})"],
                 atomic=False, long_running=True, scans=True,
                 lock="SHARE UPDATE EXCLUSIVE (reads and writes go on)", hazards=("MH014", "MH010"),
                 notes=("Fails if duplicates exist: find them with GROUP BY ... HAVING count(*) > 1 "
                        "and fix them first. A failed build leaves an INVALID index that a rerun "
                        "drops.",), compatibility="N-1 works unless it writes duplicates",
                 rollback=f"DROP INDEX CONCURRENTLY IF EXISTS {qname}", rank=74),
        ctx.step(P.EXPAND, f"attach the index as unique constraint {name}", table,
                 [Statement(_alter(ctx, table, f"ADD CONSTRAINT {qname} UNIQUE USING INDEX {qname}"),
                            (("disallowed-unique-constraint",
                              "USING INDEX: the index was built concurrently above"),))],
                 lock="ACCESS EXCLUSIVE (brief, metadata only)", hazards=("MH014",),
                 rollback=_alter(ctx, table, f"DROP CONSTRAINT IF EXISTS {qname}"), rank=75),
    ]


def plan_add_foreign_key(ctx: PlanContext, change: Change) -> list[Step]:
    table, constraint = change.table, change.new
    assert isinstance(constraint, ForeignKeyConstraint)
    sql = ctx.sql
    name = constraint_name(change, constraint, "fkey")
    qname = sql.quote(name)
    ddl = _named(ctx, constraint, name)
    if sql.is_sqlite:
        from archdocs.migrate.plan.columns import sqlite_rebuild_needed

        return [sqlite_rebuild_needed(ctx, table, f"add foreign key {name}", ("MH012",))]
    local = [c.name for c in constraint.columns]
    remote = [e.column for e in constraint.elements]
    remote_table = remote[0].table
    # Rows of this table whose reference finds no row in the referenced one (MySQL only:
    # PostgreSQL's VALIDATE CONSTRAINT does this check itself).
    here = sql.table(table)
    orphan = " AND ".join(f"{here}.{sql.quote(c)} IS NOT NULL" for c in local) + (
        f" AND NOT EXISTS (SELECT 1 FROM {sql.table(remote_table)} archdocs_ref WHERE "
        + " AND ".join(f"archdocs_ref.{sql.quote(r.name)} = {here}.{sql.quote(c)}"
                       for c, r in zip(local, remote, strict=True))
        + ")")
    if sql.is_postgresql:
        return [
            *ctx.not_valid_then_validate(
                table, name, ddl, add_title=f"add foreign key {name} NOT VALID",
                validate_title=f"validate foreign key {name}", hazards=("MH012",),
                compatibility="N-1 works if it writes valid references",
                add_phase=P.EXPAND, add_lock="SHARE ROW EXCLUSIVE on both tables (brief, no scan)",
                add_rank=80, validate_rank=20),
        ]
    check = fail_if_rows(sql, ctx.new_table(table), orphan,
                         f"orphan rows in {table} violate {name}")
    return [
        ctx.step(P.EXPAND, f"add foreign key {name} without checking existing rows", table,
                 ["SET SESSION foreign_key_checks = 0",
                  _alter(ctx, table, f"ADD {ddl}", "ALGORITHM=INPLACE, LOCK=NONE"),
                  "SET SESSION foreign_key_checks = 1"],
                 atomic=False, lock="LOCK=NONE (in place, no scan of existing rows)",
                 hazards=("MH012",), compatibility="N-1 works if it writes valid references",
                 rollback=_alter(ctx, table, f"DROP FOREIGN KEY {qname}"), rank=80),
        ctx.step(P.VALIDATE, f"check existing rows against foreign key {name}", table, check,
                 atomic=False, scans=True, long_running=True, lock="none (plain reads)",
                 hazards=("MH012",), rollback="nothing to undo", rank=20),
    ]


def plan_add_check(ctx: PlanContext, change: Change) -> list[Step]:
    table, constraint = change.table, change.new
    assert isinstance(constraint, CheckConstraint)
    sql = ctx.sql
    name = str(constraint.name) if constraint.name else f"{_short(table)}_check"[:63]
    qname = sql.quote(name)
    ddl = _named(ctx, constraint, name)
    if sql.is_sqlite:
        from archdocs.migrate.plan.columns import sqlite_rebuild_needed

        return [sqlite_rebuild_needed(ctx, table, f"add check {name}", ("MH013",))]
    if sql.is_postgresql:
        return ctx.not_valid_then_validate(
            table, name, ddl, add_title=f"add check {name} NOT VALID",
            validate_title=f"validate check {name}", hazards=("MH013",),
            compatibility="N-1 works if it writes rows that pass the check",
            add_rank=30, validate_rank=31)
    from archdocs.migrate.plan.objects import no_safe_path_severity, online_tool_commands

    return [ctx.step(P.VALIDATE, f"add check {name} (no online path)", table,
                     [_alter(ctx, table, f"ADD {ddl}", "ALGORITHM=COPY")],
                     lock="ALGORITHM=COPY: writes blocked for the copy", rewrites=True,
                     scans=True, blocks_writes=True, long_running=True, hazards=("MH013",),
                     severity=no_safe_path_severity(ctx, table),
                     notes=("MariaDB and MySQL check every row of a new CHECK under a table "
                            "copy; MySQL 8.0.16+ can add it NOT ENFORCED (no check, no "
                            "guarantee) and enforcing it later copies again.",
                            *online_tool_commands(ctx, table, f"ADD {ddl}")),
                     compatibility="N-1 works if it writes rows that pass",
                     rollback=_alter(ctx, table, f"DROP CONSTRAINT {qname}"), rank=30)]


def plan_primary_key(ctx: PlanContext, change: Change) -> list[Step]:
    """Adding (or replacing) a primary key; a lone drop is planned in the contract phase."""
    table = change.table
    sql = ctx.sql
    dropping = next((c for c in ctx.diff.changes if c.kind is ChangeKind.DROP_PRIMARY_KEY
                     and c.table == table), None)
    if change.kind is ChangeKind.DROP_PRIMARY_KEY:
        adding = any(c.kind is ChangeKind.ADD_PRIMARY_KEY and c.table == table
                     for c in ctx.diff.changes)
        if adding:
            return []  # planned with the new key
        old_name = change.old.name or f"{_short(table)}_pkey"
        clause = ("DROP PRIMARY KEY" if sql.is_mysql
                  else f"DROP CONSTRAINT IF EXISTS {sql.quote(old_name)}")
        return [ctx.step(P.CONTRACT, "drop the primary key", table,
                         [Statement(_alter(ctx, table, clause, "ALGORITHM=COPY"),
                                    (("ban-drop-constraint", "the new model has no primary "
                                      "key here"),))],
                         lock="ACCESS EXCLUSIVE" if sql.is_postgresql else "ALGORITHM=COPY",
                         rewrites=sql.is_mysql, blocks_writes=sql.is_mysql, hazards=("MH015",),
                         rollback="add the primary key again (MH015)", rank=40)]
    if sql.is_sqlite:
        from archdocs.migrate.plan.columns import sqlite_rebuild_needed

        return [sqlite_rebuild_needed(ctx, table, "change the primary key", ("MH015",))]
    constraint = change.new
    columns = [c.name for c in constraint.columns]
    name = str(constraint.name) if constraint.name else f"{_short(table)}_pkey"
    qname = sql.quote(name)
    if sql.is_mysql:
        clause = ("DROP PRIMARY KEY, " if dropping else "") + f"ADD PRIMARY KEY ({sql.columns(columns)})"
        return [ctx.step(P.CUTOVER, f"{'replace' if dropping else 'add'} the primary key "
                         f"({', '.join(columns)})", table,
                         [_alter(ctx, table, clause, "ALGORITHM=INPLACE, LOCK=NONE")],
                         lock="LOCK=NONE (clustered index rebuilt in place)", rewrites=True,
                         scans=True, long_running=True, hazards=("MH015",),
                         compatibility="N-1 works unless it writes duplicate keys",
                         rollback="restore the previous key the same way", rank=20)]
    index = f"{name}_archdocs_idx"[:63]
    qindex = sql.quote(index)
    statements: list[str | Statement] = ["BEGIN"]
    if dropping is not None:
        old_name = dropping.old.name or f"{_short(table)}_pkey"
        statements.append(Statement(
            _alter(ctx, table, f"DROP CONSTRAINT IF EXISTS {sql.quote(old_name)}"),
            (("ban-drop-constraint", "replaced by the new primary key in the same "
              "transaction"),)))
    statements += [
        Statement(_alter(ctx, table, f"ADD CONSTRAINT {qname} PRIMARY KEY USING INDEX {qindex}"),
                  (("adding-serial-primary-key-field", "USING INDEX: built concurrently above"),
                   ("disallowed-unique-constraint", "USING INDEX: built concurrently above"))),
        "COMMIT",
    ]
    steps = create_index_steps(ctx, table, (index, f"({sql.columns(columns)})", True), rank=76)
    steps.append(ctx.step(P.CUTOVER, f"{'replace' if dropping else 'add'} the primary key using "
                          "the index", table, statements, atomic=False,
                          lock="ACCESS EXCLUSIVE (brief; columns are already NOT NULL)",
                          hazards=("MH015",), compatibility="N-1 works unless it writes "
                          "duplicate keys", rollback=_alter(ctx, table,
                                                            f"DROP CONSTRAINT IF EXISTS {qname}"),
                          rank=20))
    return steps


def _indexed_otherwise(constraint: Constraint) -> bool:
    """Whether the table declares an index, unique constraint or primary key that starts
    with the foreign key's columns (InnoDB then uses it instead of making one)."""
    table = constraint.table
    columns = [c.name for c in constraint.columns]  # type: ignore[attr-defined]
    candidates = [[c.name for c in index.columns] for index in table.indexes]
    candidates += [[c.name for c in other.columns]  # type: ignore[attr-defined]
                   for other in table.constraints if other is not constraint
                   and not isinstance(other, (ForeignKeyConstraint, CheckConstraint))]
    return any(found[:len(columns)] == columns for found in candidates)


def plan_drop_constraint(ctx: PlanContext, change: Change) -> list[Step]:
    table, constraint = change.table, change.old
    sql = ctx.sql
    suffix = {ChangeKind.DROP_UNIQUE: "key", ChangeKind.DROP_FOREIGN_KEY: "fkey",
              ChangeKind.DROP_CHECK: "check", ChangeKind.DROP_EXCLUSION: "excl"}[change.kind]
    name = constraint_name(change, constraint, suffix) if change.kind is not ChangeKind.DROP_CHECK \
        else str(constraint.name or f"{_short(table)}_check")
    qname = sql.quote(name)
    if sql.is_sqlite:
        from archdocs.migrate.plan.columns import sqlite_rebuild_needed

        return [sqlite_rebuild_needed(ctx, table, f"drop constraint {name}", ())]
    if sql.is_postgresql:
        clause = f"DROP CONSTRAINT IF EXISTS {qname}"
    elif change.kind is ChangeKind.DROP_FOREIGN_KEY:
        clause = f"DROP FOREIGN KEY {qname}"
        if not _indexed_otherwise(constraint):
            # InnoDB made an index of the key's name for it, and keeps it after the drop.
            clause += f", DROP INDEX {qname}"
    elif change.kind is ChangeKind.DROP_UNIQUE:
        clause = f"DROP INDEX {qname}"
    else:
        clause = f"DROP CONSTRAINT {qname}"
    kind = change.kind.value.replace("drop-", "").replace("-", " ")
    foreign_key = change.kind is ChangeKind.DROP_FOREIGN_KEY
    return [ctx.step(P.CONTRACT, f"drop {kind} {name}", table,
                     [Statement(_alter(ctx, table, clause,
                                       None if change.kind is ChangeKind.DROP_CHECK else
                                       "ALGORITHM=INPLACE, LOCK=NONE"),
                                (("ban-drop-constraint", "the new model no longer has this "
                                  "constraint; dropped in the contract phase"),))],
                     lock="ACCESS EXCLUSIVE (brief)" if sql.is_postgresql else "LOCK=NONE",
                     compatibility="N-1 keeps working (a constraint is relaxed)",
                     rollback=f"add it again: {sql.constraint(constraint)}",
                     hazards=("MH023",) if foreign_key else (),
                     notes=("The database stops guarding these references: keep the checks "
                            "in the application, and say why in the model (an ADR).",)
                     if foreign_key else (),
                     severity=Severity.WARNING if foreign_key else Severity.INFO,
                     rank=10)]
