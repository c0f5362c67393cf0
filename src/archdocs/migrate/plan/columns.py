"""Planning column changes: add, drop, rename, type, nullability, default, comment."""

from __future__ import annotations

import dataclasses
import re

from sqlalchemy import Column
from sqlalchemy import Enum as SAEnum

from archdocs.migrate.changes import Change, ChangeKind
from archdocs.migrate.diff.types import is_binary_coercible, is_json_to_jsonb
from archdocs.migrate.plan.backfill import batched_update, fail_if_rows
from archdocs.migrate.plan.context import PlanContext, not_null_check_name
from archdocs.migrate.plan.objects import (
    no_safe_path_severity,
    online_tool_commands,
    uses_domain_with_check,
)
from archdocs.migrate.plan.severity import SMALL_ROWS
from archdocs.migrate.plan.steps import PhaseName as P
from archdocs.migrate.plan.steps import Severity, Statement, Step
from archdocs.migrate.versions import Ability
from archdocs.model.notes import notes_of_column

_VOLATILE = re.compile(
    r"\b(random|gen_random_uuid|uuid_generate_v[14]|uuid|clock_timestamp|timeofday|nextval|"
    r"statement_timestamp|rand|sysdate)\s*\(", re.IGNORECASE)

def is_volatile_default(default: str | None) -> bool:
    return bool(default and _VOLATILE.search(default))


def fill_value(ctx: PlanContext, column: Column[object]) -> str | None:
    """The SQL value existing rows get: the server default, else a scalar Python default."""
    if column.server_default is not None and ctx.sql.default(column) is not None:
        return "DEFAULT"
    default = column.default
    arg = getattr(default, "arg", None)
    if default is not None and getattr(default, "is_scalar", False):
        if isinstance(arg, bool):
            return "TRUE" if arg else "FALSE"
        if isinstance(arg, (int, float)):
            return repr(arg)
        if isinstance(arg, str):
            return ctx.sql.literal(arg)
    return None


def _alter(ctx: PlanContext, table: str, clause: str, algorithm: str | None = None) -> str:
    return ctx.alter(table, clause, algorithm)


def _modify(ctx: PlanContext, table: str, column: Column[object], algorithm: str,
            *, nullable: bool | None = None, with_default: bool = True,
            auto_increment: bool | None = None) -> str:
    if auto_increment is None and pending_auto_increment(ctx, table, column.name):
        # AUTO_INCREMENT needs a key: it is added by its own step, after a new primary key.
        auto_increment = False
    spec = ctx.sql.column_spec(column, nullable=nullable, with_default=with_default,
                               auto_increment=auto_increment)
    return _alter(ctx, table, f"MODIFY COLUMN {spec}", algorithm)


def pending_auto_increment(ctx: PlanContext, table: str, column: str) -> bool:
    """Whether the plan makes ``table.column`` AUTO_INCREMENT in a later step (MySQL)."""
    return any(c.kind is ChangeKind.ALTER_AUTO_INCREMENT and c.table == table
               and c.name == column and c.detail == "added" for c in ctx.diff.changes)


def deploy_checkpoint(ctx: PlanContext, title: str, table: str | None, note: str = "") -> list[Step]:
    if not ctx.once(("deploy", title)):
        return []
    return [ctx.checkpoint(P.DEPLOY, title, table, notes=(note,) if note else (),
                           compatibility="application change, no schema change")]


def set_not_null_steps(ctx: PlanContext, table: str, column: Column[object]) -> list[Step]:
    """Validate then enforce NOT NULL without a write-blocking scan where the server allows."""
    q = ctx.sql.quote(column.name)
    if ctx.sql.is_postgresql:
        uses_check = ctx.server.has(Ability.SET_NOT_NULL_USES_CHECK)
        check = not_null_check_name(table, column.name)
        qcheck = ctx.sql.quote(check)
        return [
            *ctx.not_valid_then_validate(
                table, check, f"CONSTRAINT {qcheck} CHECK ({q} IS NOT NULL)",
                add_title=f"add CHECK ({column.name} IS NOT NULL) NOT VALID",
                validate_title=f"validate the NOT NULL check on {column.name}",
                hazards=("MH004",), compatibility="N-1 works if it never writes NULL here"),
            ctx.step(P.VALIDATE, f"set {column.name} NOT NULL (uses the validated check, no scan)"
                     if uses_check else f"set {column.name} NOT NULL (scans the table: "
                     f"{ctx.server.label} does not use the validated check)",
                     table,
                     [_alter(ctx, table, f"ALTER COLUMN {q} SET NOT NULL"),
                      Statement(_alter(ctx, table, f"DROP CONSTRAINT IF EXISTS {qcheck}"),
                                (("ban-drop-constraint", "drops archdocs' temporary check: "
                                  "the column is NOT NULL now, the guarantee stays"),))],
                     lock="ACCESS EXCLUSIVE (brief, no scan)" if uses_check else
                     "ACCESS EXCLUSIVE for a full scan (reads and writes wait)",
                     scans=not uses_check, blocks_writes=not uses_check,
                     long_running=not uses_check, hazards=("MH004",),
                     notes=() if uses_check else (
                         "PostgreSQL uses a validated CHECK (col IS NOT NULL) to skip this scan "
                         "only from version 12. On a large table keep the validated check as "
                         "the guarantee and set NOT NULL after upgrading.",),
                     compatibility="N-1 works if it never writes NULL here",
                     rollback=_alter(ctx, table, f"ALTER COLUMN {q} DROP NOT NULL"), rank=12),
        ]
    if ctx.sql.is_mysql:
        # Without this check a NULL left over makes MODIFY fail with a misleading "Data
        # truncated" (strict mode), or silently become '' / 0 (non-strict mode).
        null_check = ctx.step(
            P.VALIDATE, f"check no row of {table} has {column.name} NULL", table,
            fail_if_rows(ctx.sql, ctx.new_table(table), f"{q} IS NULL",
                         f"rows of {table} have {column.name} NULL: fill them before NOT NULL"),
            atomic=False, scans=True, long_running=True, lock="none (reads)",
            hazards=("MH004",), rollback="nothing to undo", rank=11)
        enforce = ctx.step(
            P.VALIDATE, f"set {column.name} NOT NULL", table,
            [_modify(ctx, table, column, "ALGORITHM=INPLACE, LOCK=NONE", nullable=False)],
            lock="LOCK=NONE (in-place rebuild, reads and writes go on)",
            rewrites=True, scans=True, long_running=True, hazards=("MH004",),
            compatibility="N-1 works if it never writes NULL here",
            rollback=_modify(ctx, table, column, "ALGORITHM=INPLACE, LOCK=NONE", nullable=True),
            rank=12)
        return [null_check, enforce]
    return [sqlite_rebuild_needed(ctx, table, f"set {column.name} NOT NULL", ("MH004",))]


def sqlite_rebuild_needed(ctx: PlanContext, table: str, what: str, hazards: tuple[str, ...]) -> Step:
    """SQLite cannot alter this in place: the table is rebuilt once (planned by tables.py)."""
    ctx.sqlite_rebuild.add(table)
    return ctx.checkpoint(P.CUTOVER, f"{what}: part of the table rebuild", table,
                          hazards=hazards, lock="database write lock for the rebuild")


JSON_NOTE = ("PostgreSQL's json type has no equality operator: SELECT DISTINCT, GROUP BY and "
             "UNION on the column fail, and it cannot be indexed. Declare JSONB in the model "
             "(sqlalchemy.dialects.postgresql.JSONB) unless the raw text must be kept.")


def is_plain_json(ctx: PlanContext, column: Column[object]) -> bool:
    """A PostgreSQL ``json`` (not ``jsonb``) column (MH024)."""
    return ctx.sql.is_postgresql and ctx.sql.type(column.type) == "JSON"


def flag_plain_json(ctx: PlanContext, step: Step, columns: list[Column[object]]) -> Step:
    """``step`` adds ``json`` columns: name MH024 and say what to use instead."""
    if not any(is_plain_json(ctx, c) for c in columns):
        return step
    severity = Severity.ERROR if step.severity is Severity.ERROR else Severity.WARNING
    return dataclasses.replace(step, hazards=(*step.hazards, "MH024"),
                               notes=(*step.notes, JSON_NOTE), severity=severity)


def plan_add_column(ctx: PlanContext, change: Change) -> list[Step]:
    steps = _plan_add_column(ctx, change)
    if steps:
        steps[0] = flag_plain_json(ctx, steps[0], [change.new])
    column = change.new
    if column.comment and ctx.sql.is_postgresql:
        # MySQL and MariaDB carry the comment in the column definition; PostgreSQL needs its
        # own statement, or the new column would arrive without the comment the model gives.
        steps += plan_column_comment(ctx, change)
    return steps


def _plan_add_column(ctx: PlanContext, change: Change) -> list[Step]:
    table, column = change.table, change.new
    sql, q = ctx.sql, ctx.sql.quote(column.name)
    default = sql.default(column)
    generated = column.computed is not None or column.identity is not None or (
        column.autoincrement is True and not column.primary_key)
    if column.identity is not None and sql.is_postgresql and not column.primary_key:
        return _identity_column_steps(ctx, change)
    if generated:
        stored = column.identity is not None or column.computed is None or bool(
            column.computed.persisted)
        if sql.is_sqlite:
            return [sqlite_rebuild_needed(ctx, table, f"add generated column {column.name}", ("MH003",))]
        what = "identity" if column.identity is not None or column.computed is None else (
            "stored generated" if stored else "generated")
        severity = no_safe_path_severity(ctx, table) if stored else Severity.INFO
        return [ctx.step(P.EXPAND, f"add {what} column {column.name}", table,
                         [Statement(_alter(ctx, table, ("ADD COLUMN IF NOT EXISTS "
                                                        if sql.is_postgresql else "ADD COLUMN ")
                                           + sql.column_spec(column),
                                           "ALGORITHM=COPY" if stored else "ALGORITHM=INSTANT"),
                                    (("adding-field-with-default", "MH003: no online path for "
                                      "a stored generated or identity column; the step's "
                                      "severity follows the table's declared volume"),)
                                    if stored else ())],
                         lock=("ACCESS EXCLUSIVE for the rewrite" if sql.is_postgresql
                               else "ALGORITHM=COPY: writes blocked for the copy") if stored
                         else "brief metadata lock",
                         rewrites=stored, blocks_writes=stored, long_running=stored,
                         hazards=("MH003",), severity=severity,
                         notes=online_tool_commands(ctx, table, "ADD COLUMN "
                                                    + sql.column_spec(column))
                         if sql.is_mysql and stored else (
                             "No online path on PostgreSQL: on a large table use a plain column "
                             "maintained by a trigger and backfilled in batches.",) if stored else (),
                         rollback=_alter(ctx, table, f"DROP COLUMN {q}"))]
    volatile = is_volatile_default(default)
    # Before PostgreSQL 11, ADD COLUMN … DEFAULT rewrites the table under ACCESS EXCLUSIVE.
    rewrite_default = (sql.is_postgresql and default is not None and not volatile
                       and not ctx.server.has(Ability.ADD_COLUMN_DEFAULT_METADATA_ONLY))
    needs_backfill = (not column.nullable and default is None) or volatile or rewrite_default
    if not needs_backfill:
        if sql.is_sqlite and not column.nullable and default is None:
            return [sqlite_rebuild_needed(ctx, table, f"add NOT NULL column {column.name}", ("MH001",))]
        if sql.is_postgresql:
            clause = f"ADD COLUMN IF NOT EXISTS {sql.column_spec(column)}"
        else:
            clause = f"ADD COLUMN {sql.column_spec(column)}"
        return [ctx.step(P.EXPAND, f"add column {column.name}", table,
                         [_alter(ctx, table, clause, "ALGORITHM=INSTANT")],
                         lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                         else "brief metadata lock (ALGORITHM=INSTANT)",
                         compatibility="N-1 ignores the new column",
                         rollback=_alter(ctx, table, f"DROP COLUMN {q}"))]
    steps: list[Step] = []
    add = (f"ADD COLUMN IF NOT EXISTS {sql.column_spec(column, nullable=True, with_default=False)}"
           if sql.is_postgresql else
           f"ADD COLUMN {sql.column_spec(column, nullable=True, with_default=False)}")
    hazards = ("MH002",) if volatile else ("MH001",)
    version_note = ((f"{ctx.server.label}: ADD COLUMN with a DEFAULT rewrites the table "
                     "(metadata only from PostgreSQL 11): the column is added without it, the "
                     "default set for new rows, existing rows filled in batches.",)
                    if rewrite_default else ())
    steps.append(ctx.step(P.EXPAND, f"add column {column.name} as nullable, without default",
                          table, [_alter(ctx, table, add, "ALGORITHM=INSTANT")],
                          lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                          else "brief metadata lock (ALGORITHM=INSTANT)",
                          hazards=hazards, compatibility="N-1 ignores the new column",
                          notes=version_note,
                          rollback=_alter(ctx, table, f"DROP COLUMN {q}")))
    if (volatile or rewrite_default) and default is not None:
        if sql.is_postgresql:
            set_default = _alter(ctx, table, f"ALTER COLUMN {q} SET DEFAULT {default}")
        else:
            set_default = _modify(ctx, table, column, "", nullable=True)
        steps.append(ctx.step(P.EXPAND, f"set the default of {column.name} (new rows only)", table,
                              [set_default], lock="ACCESS EXCLUSIVE (brief, metadata only)"
                              if sql.is_postgresql else "brief metadata lock",
                              hazards=("MH002",) if volatile else ("MH019",),
                              rollback=_alter(ctx, table, f"ALTER COLUMN {q} DROP DEFAULT")))
    else:
        steps += deploy_checkpoint(ctx, f"deploy code that writes {table}.{column.name}", table,
                                   "new rows must carry a value before NOT NULL is enforced")
    fill = "DEFAULT" if volatile or rewrite_default else fill_value(ctx, column)
    if fill is not None:
        steps.append(ctx.step(P.BACKFILL, f"backfill {column.name} in batches", table,
                              batched_update(sql, ctx.new_table(table), f"{q} = {fill}",
                                             f"{q} IS NULL", ctx.batch_size),
                              atomic=False, long_running=True, hazards=("MH021",),
                              lock="row locks, one batch at a time",
                              compatibility="N-1 keeps working",
                              rollback="nothing to undo; the column is dropped if the plan is "
                                       "abandoned"))
    else:
        steps.append(ctx.checkpoint(P.BACKFILL, f"the application fills {column.name} for "
                                    "existing rows", table, hazards=("MH001", "MH021"),
                                    notes=("The model gives no value for existing rows (no "
                                           "server default, no scalar default): the validate "
                                           "phase fails until every row has one.",)))
    if not column.nullable:
        steps += set_not_null_steps(ctx, table, column)
    return steps


def _identity_column_steps(ctx: PlanContext, change: Change) -> list[Step]:
    """PostgreSQL: a new identity column without the rewrite ``ADD ... GENERATED AS
    IDENTITY`` makes. A plain nullable column whose default draws from a temporary sequence
    (new rows are numbered at once), existing rows numbered in batches, NOT NULL through a
    validated check, then the identity added on the filled column (metadata only), started
    after the largest number, and the temporary sequence dropped."""
    from archdocs.migrate.plan.objects import identity_statements

    table, column = change.table, change.new
    sql, q = ctx.sql, ctx.sql.quote(column.name)
    plain = Column(column.name, column.type)
    sequence = f"{table.rsplit('.', 1)[-1]}_{column.name}_archdocs_seq"[:63]
    qsequence = sql.quote(sequence)
    schema = ctx.new_table(table).schema
    if schema:
        qsequence = f"{sql.quote(schema)}.{qsequence}"
    kind = sql.type(column.type)
    as_type = f" AS {kind}" if kind in ("SMALLINT", "INTEGER", "BIGINT") else ""
    draw = f"nextval({sql.literal(qsequence)})"
    steps = [
        ctx.step(P.EXPAND, f"add column {column.name} as a plain nullable column", table,
                 [_alter(ctx, table, f"ADD COLUMN IF NOT EXISTS {sql.column_spec(plain)}")],
                 lock="ACCESS EXCLUSIVE (brief, metadata only)", hazards=("MH003",),
                 compatibility="N-1 ignores the new column",
                 notes=("Adding an identity column directly rewrites the table under ACCESS "
                        "EXCLUSIVE: this plan numbers the rows in batches instead.",),
                 rollback=_alter(ctx, table, f"DROP COLUMN IF EXISTS {q}")),
        ctx.step(P.EXPAND, f"number new rows of {column.name} from a temporary sequence",
                 table, [f"CREATE SEQUENCE IF NOT EXISTS {qsequence}{as_type}",
                         _alter(ctx, table, f"ALTER COLUMN {q} SET DEFAULT {draw}")],
                 lock="ACCESS EXCLUSIVE (brief, metadata only)", hazards=("MH003",),
                 compatibility="N-1 ignores the new column",
                 rollback=_alter(ctx, table, f"ALTER COLUMN {q} DROP DEFAULT") + "; "
                 f"DROP SEQUENCE IF EXISTS {qsequence}", rank=51),
        ctx.step(P.BACKFILL, f"number existing rows of {column.name} in batches", table,
                 batched_update(sql, ctx.new_table(table), f"{q} = {draw}", f"{q} IS NULL",
                                ctx.batch_size),
                 atomic=False, long_running=True, hazards=("MH003", "MH021"),
                 lock="row locks, one batch at a time", compatibility="N-1 keeps working",
                 rollback="nothing to undo; the column is dropped if the plan is abandoned"),
        *set_not_null_steps(ctx, table, column),
        ctx.step(P.CUTOVER, f"make {column.name} an identity (metadata only)", table,
                 ["BEGIN", *identity_statements(ctx, table, column),
                  Statement(f"DROP SEQUENCE IF EXISTS {qsequence}",
                            (("ban-drop-sequence", "drops archdocs' temporary sequence: the "
                              "identity numbers new rows from here on"),)), "COMMIT"],
                 atomic=False, lock="ACCESS EXCLUSIVE (brief; reads the column's maximum)",
                 scans=True, hazards=("MH003",),
                 compatibility="N-1 keeps working" + (
                     " only if it never sends its own values (GENERATED ALWAYS)"
                     if column.identity.always else ""),
                 compatible_with_previous=not column.identity.always,
                 rollback=_alter(ctx, table, f"ALTER COLUMN {q} DROP IDENTITY IF EXISTS"),
                 rank=30),
    ]
    return steps


def plan_drop_column(ctx: PlanContext, change: Change) -> list[Step]:
    table, column = change.table, change.old
    sql, q = ctx.sql, ctx.sql.quote(column.name)
    steps: list[Step] = []
    if not column.nullable and sql.default(column) is None and not column.primary_key:
        steps.append(ctx.step(P.EXPAND, f"drop NOT NULL on {column.name} so new code can stop "
                              "writing it", table,
                              [Statement(_alter(ctx, table, f"ALTER COLUMN {q} DROP NOT NULL"),
                                         (("ban-drop-not-null", "the column is about to be "
                                           "dropped; new code stops writing it"),))]
                              if sql.is_postgresql else
                              [_modify(ctx, table, column, "ALGORITHM=INPLACE, LOCK=NONE",
                                       nullable=True)] if sql.is_mysql else [],
                              lock="ACCESS EXCLUSIVE (brief, metadata only)"
                              if sql.is_postgresql else "LOCK=NONE (in-place rebuild)",
                              rewrites=sql.is_mysql, hazards=("MH018",)))
    steps += deploy_checkpoint(ctx, f"deploy code that no longer reads or writes "
                               f"{table}.{column.name}", table,
                               "ORMs select every mapped column: remove it from the model first")
    indexed = any(column.name in [c.name for c in index.columns]
                  for index in column.table.indexes) if column.table is not None else False
    algorithm = "ALGORITHM=INPLACE, LOCK=NONE" if indexed else "ALGORITHM=INSTANT"
    clause = f"DROP COLUMN IF EXISTS {q}" if sql.is_postgresql else f"DROP COLUMN {q}"
    steps.append(ctx.step(P.CONTRACT, f"drop column {column.name}", table,
                          [Statement(_alter(ctx, table, clause, algorithm),
                                     (("ban-drop-column", "contract phase: no code uses the "
                                       "column any more (deploy checkpoint above)"),))],
                          lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                          else f"brief metadata lock ({algorithm})",
                          hazards=("MH008",), point_of_no_return=True,
                          compatibility="N-1 breaks if it still uses the column",
                          compatible_with_previous=False,
                          rollback="restore from the backup taken before this step "
                                   f"(ADD COLUMN {column.name} and reload its values)"))
    return steps


def _used_by_other_changes(ctx: PlanContext, change: Change) -> bool:
    """Whether other steps refer to the renamed column by its new name (its own type, default
    or nullability changes, or new indexes and constraints covering it)."""
    name = change.new.name
    for other in ctx.diff.changes:
        if other is change or other.table != change.table:
            continue
        if other.name == name or other.column == name:
            return True
        covered = getattr(other.new, "columns", None)
        if covered is not None and other.kind.value.startswith("add-") and name in [
                c.name for c in covered]:
            return True
    return False


def plan_rename_column(ctx: PlanContext, change: Change) -> list[Step]:
    table = change.table
    strategy = notes_of_column(change.new.info).rename_strategy
    if strategy == "expand-contract" and not ctx.sql.is_sqlite and _shadow_possible(
            ctx, table, change.old, change.new):
        return _expand_contract_rename(ctx, change)
    old, new = ctx.sql.quote(change.old.name), ctx.sql.quote(change.new.name)
    early = _used_by_other_changes(ctx, change)
    notes: tuple[str, ...] = ("Renamed first, in the expand phase, because later steps "
                              "change this column under its new name.",) if early else ()
    notes += (f"No schema change at all: rename only in the ORM and keep the database name, "
              f"mapped_column(\"{change.old.name}\", ...) under the new attribute name.",)
    return [ctx.step(P.EXPAND if early else P.CUTOVER,
                     f"rename column {change.old.name} → {change.new.name}", table,
                     [Statement(_alter(ctx, table, f"RENAME COLUMN {old} TO {new}",
                                       None),
                                (("renaming-column", "declared rename; deployed together with "
                                  "the application version that uses the new name"),))],
                     lock="ACCESS EXCLUSIVE (brief, metadata only)" if ctx.sql.is_postgresql
                     else "brief metadata lock",
                     hazards=("MH006",), compatible_with_previous=False,
                     compatibility="N-1 uses the old name: deploy the new version at the same "
                                   "moment (or add a column, dual-write, backfill, drop)",
                     notes=notes,
                     rollback=_alter(ctx, table, f"RENAME COLUMN {new} TO {old}"),
                     rank=0 if early else 5)]


def _sync_trigger_sql(ctx: PlanContext, table: str, old: str, new: str) -> tuple[
        list[str | Statement], list[str | Statement]]:
    """Statements that keep ``old`` and ``new`` equal on every write, whichever one the
    running code writes, and the statements that remove them."""
    sql = ctx.sql
    base = f"archdocs_sync_{table.rsplit('.', 1)[-1]}_{new}"[:56]
    qt, qo, qn = sql.table(table), sql.quote(old), sql.quote(new)
    if sql.is_postgresql:
        function, trigger = sql.quote(base), sql.quote(base)
        create: list[str | Statement] = [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS "
            "$archdocs$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n"
            f"    IF NEW.{qn} IS NULL THEN NEW.{qn} := NEW.{qo};\n"
            f"    ELSIF NEW.{qo} IS NULL THEN NEW.{qo} := NEW.{qn};\n    END IF;\n"
            f"  ELSIF NEW.{qn} IS DISTINCT FROM OLD.{qn} THEN NEW.{qo} := NEW.{qn};\n"
            f"  ELSIF NEW.{qo} IS DISTINCT FROM OLD.{qo} THEN NEW.{qn} := NEW.{qo};\n"
            "  END IF;\n  RETURN NEW;\nEND\n$archdocs$",
            f"DROP TRIGGER IF EXISTS {trigger} ON {qt}",
            f"CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {qt} FOR EACH ROW "
            f"EXECUTE FUNCTION {function}()",
        ]
        drop: list[str | Statement] = [
            f"DROP TRIGGER IF EXISTS {trigger} ON {qt}",
            Statement(f"DROP FUNCTION IF EXISTS {function}()",
                      (("ban-drop-function", "drops archdocs' own sync function with its "
                        "trigger: nothing else calls it"),))]
        return create, drop
    insert, update = sql.quote(base + "_bi"), sql.quote(base + "_bu")
    create = [
        f"DROP TRIGGER IF EXISTS {insert}",
        f"CREATE TRIGGER {insert} BEFORE INSERT ON {qt} FOR EACH ROW BEGIN "
        f"IF NEW.{qn} IS NULL THEN SET NEW.{qn} = NEW.{qo}; "
        f"ELSEIF NEW.{qo} IS NULL THEN SET NEW.{qo} = NEW.{qn}; END IF; END",
        f"DROP TRIGGER IF EXISTS {update}",
        f"CREATE TRIGGER {update} BEFORE UPDATE ON {qt} FOR EACH ROW BEGIN "
        f"IF NOT (NEW.{qn} <=> OLD.{qn}) THEN SET NEW.{qo} = NEW.{qn}; "
        f"ELSEIF NOT (NEW.{qo} <=> OLD.{qo}) THEN SET NEW.{qn} = NEW.{qo}; END IF; END",
    ]
    return create, [f"DROP TRIGGER IF EXISTS {insert}", f"DROP TRIGGER IF EXISTS {update}"]


def _expand_contract_rename(ctx: PlanContext, change: Change) -> list[Step]:
    """A rename no running version notices: the new column beside the old one, kept equal by
    a trigger whichever one is written, backfilled in batches and checked value by value;
    readers switch with the deploy; the old column goes in the contract phase."""
    table, old, new = change.table, change.old, change.new
    sql = ctx.sql
    qo, qn = sql.quote(old.name), sql.quote(new.name)
    pg = sql.is_postgresql
    spec = sql.column_spec(new, nullable=True, with_default=False)
    add = f"ADD COLUMN IF NOT EXISTS {spec}" if pg else f"ADD COLUMN {spec}"
    brief = "ACCESS EXCLUSIVE (brief, metadata only)" if pg else "brief metadata lock"
    create, drop = _sync_trigger_sql(ctx, table, old.name, new.name)
    steps: list[Step] = [
        ctx.step(P.EXPAND, f"add column {new.name} beside {old.name} (expand/contract rename)",
                 table, [_alter(ctx, table, add, "ALGORITHM=INSTANT")], lock=brief,
                 hazards=("MH006",), compatibility="N-1 ignores the new column",
                 notes=("Rename strategy expand-contract (column_notes(rename_strategy=...)): "
                        "no step breaks the running version.",),
                 rollback=_alter(ctx, table, f"DROP COLUMN {qn}"), rank=0),
        ctx.step(P.EXPAND, f"keep {old.name} and {new.name} equal on every write (trigger)",
                 table, create, lock="SHARE ROW EXCLUSIVE (brief)" if pg else
                 "brief metadata lock", hazards=("MH006",),
                 compatibility="N-1 writes the old column, the trigger copies it",
                 rollback="; ".join(d.sql if isinstance(d, Statement) else d for d in drop),
                 rank=1),
    ]
    default = sql.default(new)
    if default is not None:
        steps.append(ctx.step(P.EXPAND, f"set the default of {new.name}", table,
                              [_alter(ctx, table, f"ALTER COLUMN {qn} SET DEFAULT {default}")
                               if pg or re.fullmatch(r"'(?:[^']|'')*'|-?\d+(\.\d+)?", default)
                               else _modify(ctx, table, new, "", nullable=True)],
                              lock=brief, hazards=("MH019",),
                              rollback=_alter(ctx, table, f"ALTER COLUMN {qn} DROP DEFAULT"),
                              rank=2))
    steps.append(ctx.step(P.BACKFILL, f"copy {old.name} into {new.name} in batches", table,
                          batched_update(sql, ctx.new_table(table), f"{qn} = {qo}",
                                         f"{qn} IS NULL AND {qo} IS NOT NULL", ctx.batch_size),
                          atomic=False, long_running=True, hazards=("MH021",),
                          lock="row locks, one batch at a time",
                          rollback="nothing to undo; the new column is dropped if the plan is "
                                   "abandoned"))
    differs = f"{qn} IS DISTINCT FROM {qo}" if pg else f"NOT ({qn} <=> {qo})"
    steps.append(ctx.step(P.VALIDATE, f"check every {new.name} equals {old.name}", table,
                          fail_if_rows(sql, ctx.new_table(table), differs,
                                       f"rows of {table} where {new.name} differs from "
                                       f"{old.name}"),
                          atomic=False, scans=True, long_running=True, lock="none (reads)",
                          hazards=("MH021",), rollback="nothing to undo", rank=5))
    if not new.nullable:
        steps += set_not_null_steps(ctx, table, new)
    steps += deploy_checkpoint(ctx, f"deploy code that reads and writes {table}.{new.name} "
                               f"instead of {old.name}", table,
                               "the trigger keeps the old column equal for instances still "
                               "running the previous version")
    if not old.nullable and sql.default(old) is None:
        steps.append(ctx.step(P.CONTRACT, f"drop NOT NULL on {old.name}", table,
                              [Statement(_alter(ctx, table, f"ALTER COLUMN {qo} DROP NOT NULL"),
                                         (("ban-drop-not-null", "the old column is dropped "
                                           "right after; nothing writes it any more"),))]
                              if pg else [_modify(ctx, table, old, "ALGORITHM=INPLACE, "
                                                  "LOCK=NONE", nullable=True)],
                              lock=brief, hazards=("MH018",), rank=55,
                              rollback=_alter(ctx, table, f"ALTER COLUMN {qo} SET NOT NULL")
                              if pg else _modify(ctx, table, old, "ALGORITHM=INPLACE, LOCK=NONE")))
    steps.append(ctx.step(P.CONTRACT, f"drop the sync trigger and the old column {old.name}",
                          table,
                          [*drop, Statement(_alter(ctx, table, f"DROP COLUMN IF EXISTS {qo}"
                                                   if pg else f"DROP COLUMN {qo}",
                                                   "ALGORITHM=INSTANT"),
                                            (("ban-drop-column", "contract phase of the "
                                              "rename: the values live on in the new "
                                              "column"),))],
                          lock=brief, hazards=("MH008",), point_of_no_return=True,
                          compatible_with_previous=False,
                          compatibility="the previous version, which used the old name, must "
                                        "be gone",
                          rollback="restore from the backup taken before this step", rank=60))
    return steps


def plan_alter_type(ctx: PlanContext, change: Change) -> list[Step]:
    table, old, new = change.table, change.old, change.new
    sql, q = ctx.sql, ctx.sql.quote(new.name)
    coercible = is_binary_coercible(old.type, new.type, sql.dialect)
    json_switch = is_json_to_jsonb(old.type, new.type, sql.dialect)
    hazards: tuple[str, ...] = ("MH017",) if json_switch else ("MH005",)
    if uses_domain_with_check(new):
        hazards += ("MH026",)
    if sql.is_sqlite:
        return [sqlite_rebuild_needed(ctx, table, f"change type of {new.name}", hazards)]
    rows = ctx.rows(table)
    # An undeclared volume could be large: the online path, never an uncapped rewrite.
    if not coercible and (rows is None or rows >= SMALL_ROWS) and _shadow_possible(
            ctx, table, old, new):
        return _shadow_column_steps(ctx, change, hazards)
    if sql.is_postgresql:
        type_sql = sql.type(new.type)
        statement = _alter(ctx, table, f"ALTER COLUMN {q} TYPE {type_sql}"
                           + ("" if coercible else f" USING {_cast(q, new, type_sql)}"))
        back = _alter(ctx, table, f"ALTER COLUMN {q} TYPE {sql.type(old.type)} USING "
                      f"{q}::{sql.type(old.type)}")
    else:
        algorithm = "ALGORITHM=INPLACE, LOCK=NONE" if coercible else "ALGORITHM=COPY"
        statement = _modify(ctx, table, new, algorithm)
        back = _modify(ctx, table, old, "ALGORITHM=COPY")
    if coercible:
        return [ctx.step(P.EXPAND, f"change type of {new.name} ({change.detail}), "
                         "binary-coercible", table,
                         [Statement(statement, (("changing-column-type",
                                                 "binary-coercible: metadata only, no rewrite"),))],
                         lock="ACCESS EXCLUSIVE (brief, no rewrite)" if sql.is_postgresql
                         else "LOCK=NONE (in place)", hazards=hazards, rollback=back,
                         compatibility="N-1 keeps working")]
    return [ctx.step(P.CUTOVER, f"change type of {new.name} ({change.detail})", table,
                     [Statement(statement, (("changing-column-type",
                                             "not binary-coercible: rewrite accepted for this "
                                             "table's volume, see the step's severity"),))],
                     lock="ACCESS EXCLUSIVE for the rewrite" if sql.is_postgresql
                     else "ALGORITHM=COPY: writes blocked for the copy",
                     rewrites=True, blocks_writes=True, long_running=True, hazards=hazards,
                     notes=online_tool_commands(ctx, table, "MODIFY COLUMN "
                                                + sql.column_spec(new)) if sql.is_mysql else (
                         "On a large table: add a new column, dual-write, backfill in batches, "
                         "swap by rename, drop the old column.",),
                     compatibility="N-1 works while its values fit the new type",
                     rollback=back)]


def _cast(quoted: str, column: Column[object], type_sql: str) -> str:
    """A PostgreSQL cast to the column's new type; enums are reached through text."""
    through_text = "::text" if isinstance(column.type, SAEnum) else ""
    return f"{quoted}{through_text}::{type_sql}"


def _shadow_possible(ctx: PlanContext, table: str, old: Column[object],
                     new: Column[object]) -> bool:
    """A new column can replace this one by rename only if nothing else refers to it: no
    index, key or constraint, and no generated column computed from it."""
    tables = [t for t in (ctx.old_table(table), ctx.new_table(table)) if t is not None]
    for candidate in tables:
        for index in candidate.indexes:
            if any(c.name in (old.name, new.name) for c in index.columns):
                return False
        for constraint in candidate.constraints:
            names = [c.name for c in getattr(constraint, "columns", [])]
            text = str(getattr(constraint, "sqltext", ""))
            if old.name in names or new.name in names or re.search(
                    rf"\b{re.escape(new.name)}\b", text):
                return False
        for column in candidate.columns:
            if column.computed is not None and re.search(
                    rf"\b{re.escape(new.name)}\b", str(column.computed.sqltext)):
                return False
    return not old.primary_key and old.computed is None and new.computed is None


def _shadow_column_steps(ctx: PlanContext, change: Change, hazards: tuple[str, ...]) -> list[Step]:
    """Expand/contract for a type change on a large table: a new column of the new type,
    dual-written and backfilled in batches, swapped in by rename, the old one dropped."""
    table, old, new = change.table, change.old, change.new
    sql = ctx.sql
    shadow_name = f"{new.name}_archdocs_new"[:63]
    retired_name = f"{new.name}_archdocs_old"[:63]
    q, qs, qr = sql.quote(new.name), sql.quote(shadow_name), sql.quote(retired_name)
    shadow = new._copy()
    shadow.name = shadow.key = shadow_name
    steps: list[Step] = []
    if not old.nullable and sql.default(old) is None:
        steps.append(ctx.step(P.EXPAND, f"drop NOT NULL on {old.name} so new code can stop "
                              "writing it after the swap", table,
                              [Statement(_alter(ctx, table, f"ALTER COLUMN {q} DROP NOT NULL"),
                                         (("ban-drop-not-null", "the old column is replaced by "
                                           "the new one; new code stops writing it"),))]
                              if sql.is_postgresql else
                              [_modify(ctx, table, old, "ALGORITHM=INPLACE, LOCK=NONE",
                                       nullable=True)],
                              lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                              else "LOCK=NONE (in-place rebuild)", rewrites=sql.is_mysql,
                              hazards=("MH018",), rank=60))
    add = (f"ADD COLUMN IF NOT EXISTS {sql.column_spec(shadow, nullable=True, with_default=False)}"
           if sql.is_postgresql else
           f"ADD COLUMN {sql.column_spec(shadow, nullable=True, with_default=False)}")
    steps.append(ctx.step(P.EXPAND, f"add {shadow_name} ({sql.type(new.type)}) beside "
                          f"{old.name}", table, [_alter(ctx, table, add, "ALGORITHM=INSTANT")],
                          lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                          else "brief metadata lock (ALGORITHM=INSTANT)", hazards=hazards,
                          compatibility="N-1 ignores the new column",
                          notes=("Large table: the type is changed by a new column and a swap "
                                 "instead of a rewrite under lock.",),
                          rollback=_alter(ctx, table, f"DROP COLUMN {qs}"), rank=61))
    steps += deploy_checkpoint(ctx, f"deploy code that writes both {table}.{old.name} and "
                               f"{table}.{shadow_name}", table,
                               "or a trigger that copies every write; reads stay on the old "
                               "column")
    value = _cast(q, new, sql.type(new.type)) if sql.is_postgresql else q
    steps.append(ctx.step(P.BACKFILL, f"copy {old.name} into {shadow_name} in batches", table,
                          batched_update(sql, ctx.new_table(table), f"{qs} = {value}",
                                         f"{qs} IS NULL AND {q} IS NOT NULL", ctx.batch_size),
                          atomic=False, long_running=True, hazards=("MH021",),
                          lock="row locks, one batch at a time",
                          rollback="nothing to undo; the new column is dropped if the plan is "
                                   "abandoned"))
    # Every value, not only every NULL: a row written by the old version after its batch
    # without the dual write would hold a stale copy.
    differs = (f"{qs} IS DISTINCT FROM {value}" if sql.is_postgresql
               else f"NOT ({qs} <=> {value})")
    steps.append(ctx.step(P.VALIDATE, f"check every {old.name} was copied", table,
                          fail_if_rows(sql, ctx.new_table(table), differs,
                                       f"rows of {table} where {shadow_name} differs from "
                                       f"{old.name}"),
                          atomic=False, scans=True, long_running=True, lock="none (reads)",
                          hazards=("MH021",), rollback="nothing to undo", rank=5))
    if not new.nullable:
        steps += set_not_null_steps(ctx, table, shadow)
    explain = (("renaming-column", "swaps the new column in by rename, in one transaction; "
                "deployed with the version that writes only the new type"),)
    if sql.is_postgresql:
        swap: list[str | Statement] = [
            Statement(_alter(ctx, table, f"RENAME COLUMN {q} TO {qr}"), explain),
            Statement(_alter(ctx, table, f"RENAME COLUMN {qs} TO {q}"), explain)]
        default = sql.default(new)
        if default is not None:
            swap.append(_alter(ctx, table, f"ALTER COLUMN {q} SET DEFAULT {default}"))
        back = (f"ALTER TABLE {sql.table(table)} RENAME COLUMN {q} TO {qs}; "
                f"ALTER TABLE {sql.table(table)} RENAME COLUMN {qr} TO {q}")
    else:
        swap = [_alter(ctx, table, f"RENAME COLUMN {q} TO {qr}, RENAME COLUMN {qs} TO {q}",
                       "ALGORITHM=INSTANT")]
        if sql.default(new) is not None:
            swap.append(_modify(ctx, table, new, "ALGORITHM=INSTANT"))
        back = _alter(ctx, table, f"RENAME COLUMN {q} TO {qs}, RENAME COLUMN {qr} TO {q}")
    steps.append(ctx.step(P.CUTOVER, f"swap {shadow_name} in as {new.name} "
                          f"({change.detail})", table, swap,
                          lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                          else "brief metadata lock", hazards=hazards,
                          compatible_with_previous=False,
                          compatibility="the dual-writing version writes the old names: deploy "
                                        "the version that writes only the new type with it",
                          rollback=back, rank=10))
    steps.append(ctx.step(P.CONTRACT, f"drop the old column {retired_name}", table,
                          [Statement(_alter(ctx, table, f"DROP COLUMN IF EXISTS {qr}"
                                            if sql.is_postgresql else f"DROP COLUMN {qr}",
                                            "ALGORITHM=INSTANT"),
                                     (("ban-drop-column", "contract phase: the values live on "
                                       "in the new column"),))],
                          lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                          else "brief metadata lock", hazards=("MH008",), point_of_no_return=True,
                          rollback="restore from the backup taken before this step", rank=60))
    return steps


def plan_nullability(ctx: PlanContext, change: Change) -> list[Step]:
    table, column = change.table, change.new
    sql, q = ctx.sql, ctx.sql.quote(column.name)
    if change.kind is ChangeKind.DROP_NOT_NULL:
        if sql.is_sqlite:
            return [sqlite_rebuild_needed(ctx, table, f"drop NOT NULL on {column.name}", ("MH018",))]
        statement = (Statement(_alter(ctx, table, f"ALTER COLUMN {q} DROP NOT NULL"),
                               (("ban-drop-not-null", "the new model makes the column "
                                 "nullable; N-1 keeps working, N must read NULLs"),))
                     if sql.is_postgresql
                     else Statement(_modify(ctx, table, column, "ALGORITHM=INPLACE, LOCK=NONE")))
        return [ctx.step(P.EXPAND, f"drop NOT NULL on {column.name}", table, [statement],
                         lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                         else "LOCK=NONE (in-place rebuild)", rewrites=sql.is_mysql,
                         hazards=("MH018",), compatibility="N-1 keeps working",
                         # fails, changing nothing, once a NULL was written
                         rollback=_alter(ctx, table, f"ALTER COLUMN {q} SET NOT NULL")
                         if sql.is_postgresql else
                         _modify(ctx, table, change.old, "ALGORITHM=INPLACE, LOCK=NONE"))]
    steps: list[Step] = []
    fill = fill_value(ctx, column)
    if fill is not None and not sql.is_sqlite:
        steps.append(ctx.step(P.BACKFILL, f"replace NULLs in {column.name} by its default", table,
                              batched_update(sql, ctx.new_table(table), f"{q} = {fill}",
                                             f"{q} IS NULL", ctx.batch_size),
                              atomic=False, long_running=True, hazards=("MH021",),
                              lock="row locks, one batch at a time",
                              rollback="nothing to undo (NULLs had no meaning the model keeps)"))
    steps += deploy_checkpoint(ctx, f"deploy code that never writes NULL to {table}.{column.name}",
                               table)
    return steps + set_not_null_steps(ctx, table, column)


def plan_default(ctx: PlanContext, change: Change) -> list[Step]:
    table, column = change.table, change.new
    sql, q = ctx.sql, ctx.sql.quote(column.name)
    if sql.is_sqlite:
        return [sqlite_rebuild_needed(ctx, table, f"change default of {column.name}", ("MH019",))]
    default = sql.default(column)
    old_default = sql.default(change.old)
    if change.kind is ChangeKind.DROP_DEFAULT:
        forward = _alter(ctx, table, f"ALTER COLUMN {q} DROP DEFAULT", "ALGORITHM=INSTANT")
        back = _alter(ctx, table, f"ALTER COLUMN {q} SET DEFAULT {old_default}")
        return deploy_checkpoint(
            ctx, f"deploy code that always writes {table}.{column.name}", table) + [
            ctx.step(P.CONTRACT, f"drop the default of {column.name}", table,
                     [Statement(forward, (("ban-drop-default", "contract phase: the deployed "
                                           "code writes the column itself"),))],
                     lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                     else "ALGORITHM=INSTANT", hazards=("MH019",), rollback=back,
                     compatible_with_previous=column.nullable,
                     compatibility="N-1 inserts that leave the column out get NULL"
                     + ("" if column.nullable else " and fail"))]
    literal = default is not None and re.fullmatch(r"'(?:[^']|'')*'|-?\d+(\.\d+)?", default)
    if sql.is_mysql and not literal:
        forward = _modify(ctx, table, column, "")
    else:
        forward = _alter(ctx, table, f"ALTER COLUMN {q} SET DEFAULT {default}", "ALGORITHM=INSTANT")
    back = (_alter(ctx, table, f"ALTER COLUMN {q} SET DEFAULT {old_default}") if old_default
            else _alter(ctx, table, f"ALTER COLUMN {q} DROP DEFAULT"))
    hazards = ("MH019", "MH002") if is_volatile_default(default) else ("MH019",)
    return _sequence_steps(ctx, table, column, default) + [
        ctx.step(P.EXPAND, f"set the default of {column.name} to {default}", table, [forward],
                     lock="ACCESS EXCLUSIVE (brief, metadata only)" if sql.is_postgresql
                     else "brief metadata lock", hazards=hazards, rollback=back,
                     compatibility="existing rows keep their values; N-1 inserts get the new "
                                   "default")]


_NEXTVAL = re.compile(r"^nextval\('((?:[^']|'')+)'(?:::regclass)?\)$", re.IGNORECASE)


def _sequence_steps(ctx: PlanContext, table: str, column: Column[object],
                    default: str | None) -> list[Step]:
    """A ``nextval('seq')`` default (an INT key becoming SERIAL) needs its sequence, started
    after the largest existing value, before the default can point at it."""
    match = _NEXTVAL.match(default or "") if ctx.sql.is_postgresql else None
    if match is None:
        return []
    sequence = match.group(1).replace("''", "'")
    if not ctx.once(("sequence", sequence)):
        return []
    sql, q = ctx.sql, ctx.sql.quote(column.name)
    kind = sql.type(column.type)
    as_type = f" AS {kind}" if kind in ("SMALLINT", "INTEGER", "BIGINT") else ""
    literal = sql.literal(sequence)
    return [ctx.step(P.EXPAND, f"create sequence {sequence} for {column.name}", table,
                     [f"CREATE SEQUENCE IF NOT EXISTS {sequence}{as_type} OWNED BY "
                      f"{sql.table(table)}.{q}",
                      f"SELECT setval({literal}, COALESCE(max({q}), 0) + 1, false) "
                      f"FROM {sql.table(table)}"],
                     lock="none (reads the column's maximum)", scans=True,
                     hazards=("MH019",), compatibility="N-1 keeps working (it still sends "
                                                       "its own values)",
                     rollback=f"DROP SEQUENCE IF EXISTS {sequence}", rank=40)]


def plan_auto_increment(ctx: PlanContext, change: Change) -> list[Step]:
    """MySQL/MariaDB only: AUTO_INCREMENT on an existing column copies the table."""
    table, column = change.table, change.new
    adding = change.detail == "added"
    statement = _modify(ctx, table, column, "ALGORITHM=COPY", auto_increment=adding)
    # MySQL wants an AUTO_INCREMENT column to be a key: after a new primary key, if any.
    new_key = any(c.kind is ChangeKind.ADD_PRIMARY_KEY and c.table == table
                  for c in ctx.diff.changes)
    phase = (P.CUTOVER if new_key else P.EXPAND) if adding else P.CONTRACT
    return [ctx.step(phase,
                     f"{'make' if adding else 'stop'} {column.name} "
                     f"{'' if adding else 'being '}AUTO_INCREMENT", table, [statement],
                     lock="ALGORITHM=COPY: writes blocked for the copy", rewrites=True,
                     blocks_writes=True, long_running=True, hazards=("MH003",),
                     severity=no_safe_path_severity(ctx, table),
                     notes=online_tool_commands(ctx, table, statement.split(" ", 3)[3].rsplit(
                         ", ALGORITHM", 1)[0]),
                     compatibility="N-1 keeps working (it still sends its "
                                   "own values)" if adding else
                     "N-1 inserts without a value fail",
                     compatible_with_previous=adding,
                     rollback=_modify(ctx, table, change.old, "ALGORITHM=COPY",
                                      auto_increment=not adding), rank=30)]


def plan_column_comment(ctx: PlanContext, change: Change) -> list[Step]:
    table, column = change.table, change.new
    if ctx.sql.is_sqlite:
        return []  # SQLite has no comments; nothing to run
    def comment_sql(comment: str | None) -> str:
        if ctx.sql.is_postgresql:
            value = ctx.sql.literal(comment) if comment else "NULL"
            return (f"COMMENT ON COLUMN {ctx.sql.table(table)}.{ctx.sql.quote(column.name)} "
                    f"IS {value}")
        if comment == column.comment:
            return _modify(ctx, table, column, "ALGORITHM=INPLACE, LOCK=NONE")
        described = column._copy()
        described.comment = comment
        auto = column.table is not None and column.table._autoincrement_column is column
        return _modify(ctx, table, described, "ALGORITHM=INPLACE, LOCK=NONE",
                       auto_increment=True if auto else None)

    previous = change.old.comment if change.old is not None else None
    return [ctx.step(P.EXPAND, f"comment on column {column.name}", table,
                     [comment_sql(column.comment)],
                     lock="SHARE UPDATE EXCLUSIVE (brief)" if ctx.sql.is_postgresql
                     else "LOCK=NONE", rollback=comment_sql(previous))]
