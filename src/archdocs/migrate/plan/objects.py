"""Planning objects beside tables (schemas, domains, sequences), exclusion constraints, and
identity or generated-expression changes on existing columns."""

from __future__ import annotations

import shlex
from typing import Any

from sqlalchemy import Column
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.dialects.postgresql.named_types import CreateDomainType
from sqlalchemy.schema import CreateSequence

from archdocs.migrate.changes import Change
from archdocs.migrate.diff.columns import computed_signature
from archdocs.migrate.diff.objects import SEQUENCE_OPTIONS, sequence_options
from archdocs.migrate.plan.context import PlanContext
from archdocs.migrate.plan.severity import SMALL_ROWS
from archdocs.migrate.plan.steps import PhaseName as P
from archdocs.migrate.plan.steps import Severity, Statement, Step

_RERUN_GUARD = ("ban-drop-constraint", "removes a leftover of an interrupted earlier run of this "
                "step, so it can be rerun; it is added again right below")


def no_safe_path_severity(ctx: PlanContext, table: str | None) -> Severity:
    """A change the server cannot make without blocking writes for a scan or a copy: an
    error unless the table is declared small (under 100 000 rows: the block is short)."""
    rows = ctx.rows(table) if table else None
    return Severity.INFO if rows is not None and rows < SMALL_ROWS else Severity.ERROR


def online_tool_commands(ctx: PlanContext, table: str, clause: str) -> tuple[str, ...]:
    """gh-ost and pt-online-schema-change command lines that make ``clause`` (the part after
    ``ALTER TABLE t``) by a shadow-table copy with no long write lock."""
    found = ctx.diff.new.tables.get(table)
    if found is None:
        found = ctx.diff.old.tables.get(table)
    schema = found.schema if found is not None and found.schema else "DATABASE"
    name = found.name if found is not None else table
    return (
        "Least-bad path on a large table: a shadow-table copy with gh-ost, "
        f"`gh-ost --host=HOST --user=USER --ask-pass --database={shlex.quote(schema)} "
        f"--table={shlex.quote(name)} --alter={shlex.quote(clause)} --execute`, or "
        f"`pt-online-schema-change --alter {shlex.quote(clause)} "
        f"{shlex.quote(f'D={schema},t={name}')} --execute`; otherwise run this step in a "
        "maintenance window.",
    )


# -- schemas ----------------------------------------------------------------------------------


def plan_create_schema(ctx: PlanContext, change: Change) -> list[Step]:
    sql, name = ctx.sql, change.table
    if sql.is_sqlite:
        return [ctx.checkpoint(P.EXPAND, f"attach database {name}", None,
                               notes=("SQLite schemas are attached database files: ATTACH "
                                      f"the file as {name} before running this plan.",))]
    statement = (f"CREATE SCHEMA IF NOT EXISTS {sql.quote(name)}" if sql.is_postgresql
                 else f"CREATE DATABASE IF NOT EXISTS {sql.quote(name)}")
    return [ctx.step(P.EXPAND, f"create schema {name}", None, [statement], lock="none",
                     compatibility="N-1 ignores the new schema",
                     rollback=(f"DROP SCHEMA IF EXISTS {sql.quote(name)}" if sql.is_postgresql
                               else f"DROP DATABASE IF EXISTS {sql.quote(name)} (once empty)"),
                     rank=-10)]


def plan_drop_schema(ctx: PlanContext, change: Change) -> list[Step]:
    sql, name = ctx.sql, change.table
    if not sql.is_postgresql:
        # DROP DATABASE drops whatever it holds, declared in the model or not: left to people.
        return [ctx.checkpoint(P.CONTRACT, f"drop database {name} by hand once it is empty",
                               None, hazards=("MH025",),
                               notes=("No table of the model lives there any more; archdocs "
                                      "does not drop a database, which would also drop what "
                                      "the model does not declare.",))]
    return [ctx.step(P.CONTRACT, f"drop schema {name} if it is empty", None,
                     [Statement(f"DROP SCHEMA IF EXISTS {sql.quote(name)} RESTRICT",
                                (("ban-drop-schema", "contract phase: no table of the model "
                                  "lives there any more; RESTRICT refuses if anything does"),))],
                     lock="brief, on the schema", hazards=("MH025",),
                     notes=("RESTRICT: the statement fails, and drops nothing, while the "
                            "schema still holds an object.",),
                     rollback=f"CREATE SCHEMA IF NOT EXISTS {sql.quote(name)}", rank=99)]


# -- domains ----------------------------------------------------------------------------------


def _domain_name(ctx: PlanContext, domain: Any) -> str:
    name = ctx.sql.quote(str(domain.name))
    return f"{ctx.sql.quote(str(domain.schema))}.{name}" if domain.schema else name


def _create_domain_sql(ctx: PlanContext, domain: Any) -> str:
    create = str(CreateDomainType(domain).compile(dialect=ctx.sql.dialect)).strip()
    return (f"DO $archdocs$\nBEGIN\n  {create};\nEXCEPTION WHEN duplicate_object THEN NULL;\n"
            "END\n$archdocs$")


def plan_create_domain(ctx: PlanContext, change: Change) -> list[Step]:
    domain = change.new
    if not ctx.sql.is_postgresql:
        return [_postgresql_only(ctx, change, "domain types")]
    checked = domain.check is not None
    return [ctx.step(P.EXPAND, f"create domain {change.table}", None,
                     [_create_domain_sql(ctx, domain)], lock="none",
                     hazards=("MH026",) if checked else (),
                     notes=("A CHECK on a domain is checked against every column using it "
                            "whenever a column moves to the domain or the domain changes: "
                            "prefer the native type and a table CHECK (MH013).",)
                     if checked else (),
                     compatibility="N-1 ignores the new type",
                     rollback=f"DROP DOMAIN IF EXISTS {_domain_name(ctx, domain)}", rank=-5)]


def plan_domain_change(ctx: PlanContext, change: Change) -> list[Step]:
    """A domain gone from the model, or one whose definition changed (``change.new`` set):
    a changed CHECK is added NOT VALID and validated, then the old one dropped."""
    sql = ctx.sql
    if not sql.is_postgresql:
        return [_postgresql_only(ctx, change, "domain types")]
    old, new = change.old, change.new
    qname = _domain_name(ctx, old)
    if new is None:
        return [ctx.step(P.CONTRACT, f"drop domain {change.table} (no column uses it)", None,
                         [Statement(f"DROP DOMAIN IF EXISTS {qname} RESTRICT",
                                    (("ban-drop-type", "contract phase: no column uses the "
                                      "domain any more"),))],
                         lock="none", hazards=("MH026",),
                         rollback=_create_domain_sql(ctx, old), rank=95)]
    if str(old.data_type) != str(new.data_type) or str(old.collation) != str(new.collation):
        return [ctx.checkpoint(P.CUTOVER, f"change domain {change.table} ({change.detail}) by "
                               "hand", None, hazards=("MH026",), severity=Severity.ERROR,
                               notes=("archdocs plans a domain's changed CHECK, DEFAULT and NOT "
                                      "NULL; a new base type or collation is not planned: move "
                                      "the columns to a new domain (a type change each) "
                                      "instead.",))]
    steps = _domain_default_and_not_null(ctx, change)
    old_check = str(old.constraint_name or f"{old.name}_check")
    new_check = final_check = str(new.constraint_name or f"{new.name}_check")
    if str(old.check) == str(new.check) and old_check == new_check:
        return steps
    if old.check is not None and new.check is not None and old_check == new_check:
        new_check = f"{new_check}_archdocs"[:63]
    if old.check is not None:
        contract: list[str | Statement] = [
            Statement(f"ALTER DOMAIN {qname} DROP CONSTRAINT IF EXISTS {sql.quote(old_check)}",
                      (("ban-drop-constraint", "the model's domain no longer has this check; "
                        "the new one is validated already"),))]
        if new_check != final_check:
            contract.append(Statement(
                f"ALTER DOMAIN {qname} RENAME CONSTRAINT {sql.quote(new_check)} TO "
                f"{sql.quote(final_check)}",
                (("renaming-object", "gives the validated check the model's name, in the "
                  "transaction that drops the old one"),)))
        steps.append(ctx.step(P.CONTRACT, f"drop the old check of domain {change.table}", None,
                              ["BEGIN", *contract, "COMMIT"], atomic=False,
                              lock="brief, on the domain", hazards=("MH026",),
                              compatibility="N-1 keeps working (a constraint is relaxed)",
                              rollback=f"ALTER DOMAIN {qname} ADD CONSTRAINT "
                                       f"{sql.quote(old_check)} CHECK ({old.check})",
                              rank=10))
    if new.check is not None:
        qcheck = sql.quote(new_check)
        steps += [
            ctx.step(P.VALIDATE, f"add check {new_check} to domain {change.table} NOT VALID",
                     None, [Statement(f"ALTER DOMAIN {qname} DROP CONSTRAINT IF EXISTS {qcheck}",
                                      (_RERUN_GUARD,)),
                            Statement(f"ALTER DOMAIN {qname} ADD CONSTRAINT {qcheck} CHECK "
                                      f"({new.check}) NOT VALID",
                                      (("ban-alter-domain-with-add-constraint", "MH026: added "
                                        "NOT VALID (existing values are not checked here), "
                                        "validated in the next step without blocking "
                                        "writes"),))],
                     lock="brief, on the domain (existing values are not checked)",
                     hazards=("MH026",),
                     compatibility="N-1 works if it writes values that pass",
                     rollback=f"ALTER DOMAIN {qname} DROP CONSTRAINT IF EXISTS {qcheck}",
                     rank=30),
            ctx.step(P.VALIDATE, f"validate check {new_check} of domain {change.table}", None,
                     [f"ALTER DOMAIN {qname} VALIDATE CONSTRAINT {qcheck}"],
                     lock="SHARE on every table using the domain: reads go on, writes wait "
                          "for the scan", scans=True, blocks_writes=True, long_running=True,
                     hazards=("MH026",), severity=_domain_severity(ctx, new),
                     notes=("No online path: unlike a table's VALIDATE CONSTRAINT, a domain's "
                            "takes a SHARE lock on each table using it, so writes wait for the "
                            "whole scan (reads go on). Least bad: run it in a quiet period, or "
                            "move the columns to the native type with a table CHECK (NOT "
                            "VALID, then VALIDATE, which lets writes go on).",),
                     rollback="nothing to undo", rank=31),
        ]
    return steps


def _domain_default(ctx: PlanContext, domain: Any) -> str:
    """The domain's default as SQL, rendered the way ``CREATE DOMAIN`` renders it."""
    compiler = ctx.sql.dialect.ddl_compiler(ctx.sql.dialect, CreateDomainType(domain))
    return str(compiler.render_default_string(domain.default))


def _domain_default_and_not_null(ctx: PlanContext, change: Change) -> list[Step]:
    """A domain's changed DEFAULT (metadata only) and NOT NULL. Both statements set the
    final state, so a rerun repeats them harmlessly; ``SET NOT NULL`` checks every column
    using the domain, under a SHARE lock on each table."""
    old, new = change.old, change.new
    qname = _domain_name(ctx, old)
    steps: list[Step] = []
    if str(old.default) != str(new.default):
        if new.default is None:
            statement = f"ALTER DOMAIN {qname} DROP DEFAULT"
            undo = f"ALTER DOMAIN {qname} SET DEFAULT {_domain_default(ctx, old)}"
            title, phase = f"drop the default of domain {change.table}", P.CONTRACT
        else:
            statement = f"ALTER DOMAIN {qname} SET DEFAULT {_domain_default(ctx, new)}"
            undo = (f"ALTER DOMAIN {qname} DROP DEFAULT" if old.default is None else
                    f"ALTER DOMAIN {qname} SET DEFAULT {_domain_default(ctx, old)}")
            title, phase = f"set the default of domain {change.table}", P.EXPAND
        steps.append(ctx.step(phase, title, None,
                              [statement],
                              lock="brief, on the domain (metadata only)",
                              hazards=("MH026", "MH019"),
                              compatibility="N-1 keeps working if it sends its own values"
                              if new.default is None else "N-1 keeps working",
                              compatible_with_previous=new.default is not None,
                              rollback=undo, rank=-3 if phase is P.EXPAND else 12))
    if bool(old.not_null) != bool(new.not_null):
        if new.not_null:
            steps.append(ctx.step(
                P.VALIDATE, f"set NOT NULL on domain {change.table}", None,
                [f"ALTER DOMAIN {qname} SET NOT NULL"],
                lock="SHARE on every table using the domain: reads go on, writes wait for "
                     "the scan", scans=True, blocks_writes=True, long_running=True,
                hazards=("MH026", "MH004"), severity=_domain_severity(ctx, new),
                notes=("No online path: SET NOT NULL on a domain scans every column using "
                       "it (there is no NOT VALID form), and fails if one holds a NULL. "
                       "Fill the NULLs first; on large tables use a NOT NULL CHECK on each "
                       "table instead (NOT VALID, then VALIDATE, MH004).",),
                compatibility="N-1 works if it never writes NULL into these columns",
                rollback=f"ALTER DOMAIN {qname} DROP NOT NULL", rank=32))
        else:
            steps.append(ctx.step(
                P.EXPAND, f"drop NOT NULL on domain {change.table}", None,
                [f"ALTER DOMAIN {qname} DROP NOT NULL"],
                lock="brief, on the domain (metadata only)", hazards=("MH026", "MH018"),
                compatibility="N-1 keeps working (a constraint is relaxed)",
                rollback=f"ALTER DOMAIN {qname} SET NOT NULL (scans every column using it)",
                rank=-3))
    return steps


def _domain_severity(ctx: PlanContext, domain: Any) -> Severity:
    """The worst no-safe-path severity over the tables with a column of ``domain``."""
    from sqlalchemy.dialects.postgresql import DOMAIN

    users = sorted(name for name, table in ctx.diff.new.tables.items()
                   if any(isinstance(c.type, DOMAIN) and c.type.name == domain.name
                          and c.type.schema == domain.schema for c in table.columns))
    found = [no_safe_path_severity(ctx, name) for name in users]
    return Severity.ERROR if Severity.ERROR in found else Severity.INFO


def _postgresql_only(ctx: PlanContext, change: Change, what: str) -> Step:
    return ctx.checkpoint(P.EXPAND, f"{change.describe()}: {what} exist only on PostgreSQL",
                          change.table, severity=Severity.ERROR,
                          notes=(f"{ctx.sql.name.value} has no {what}: choose a native type "
                                 "or constraint in the model for this datastore.",))


# -- sequences --------------------------------------------------------------------------------


def plan_create_sequence(ctx: PlanContext, change: Change) -> list[Step]:
    sql = ctx.sql
    if sql.is_sqlite:
        return [ctx.checkpoint(P.EXPAND, f"sequence {change.table}: SQLite has none", None,
                               notes=("SQLite has no sequences; AUTOINCREMENT keys fill "
                                      "themselves.",))]
    if not ctx.once(("sequence", change.table)):
        return []
    statement = str(CreateSequence(change.new, if_not_exists=True).compile(
        dialect=sql.dialect)).strip()
    return [ctx.step(P.EXPAND, f"create sequence {change.table}", None, [statement],
                     lock="none", compatibility="N-1 ignores the new sequence",
                     notes=("MySQL has no sequences (MariaDB has them since 10.3).",)
                     if sql.is_mysql else (),
                     rollback=f"DROP SEQUENCE IF EXISTS {_sequence_name(ctx, change.new)}",
                     rank=-4)]


def plan_drop_sequence(ctx: PlanContext, change: Change) -> list[Step]:
    if ctx.sql.is_sqlite:
        return []
    name = _sequence_name(ctx, change.old)
    return [ctx.step(P.CONTRACT, f"drop sequence {change.table}", None,
                     [Statement(f"DROP SEQUENCE IF EXISTS {name}",
                                (("ban-drop-sequence", "contract phase: the model no longer "
                                  "declares this sequence"),))], lock="none",
                     compatibility="N-1 breaks if it still draws numbers from it",
                     compatible_with_previous=False,
                     rollback="create it again, started after the largest value in use",
                     rank=96)]


def plan_alter_sequence(ctx: PlanContext, change: Change) -> list[Step]:
    """A sequence's changed options, by ``ALTER SEQUENCE`` (PostgreSQL, MariaDB 10.3+). The
    statement sets absolute values, so a rerun repeats it harmlessly. It never restarts the
    sequence: the next number stays where it is."""
    sql = ctx.sql
    if sql.is_sqlite:
        return []
    old, new = change.old, change.new
    before, after = sequence_options(old), sequence_options(new)
    changed = [option for option in SEQUENCE_OPTIONS if before[option] != after[option]]
    forward = _sequence_clauses(ctx, new, changed)
    backward = _sequence_clauses(ctx, old, changed)
    name = _sequence_name(ctx, new)
    notes: list[str] = []
    if "start" in changed:
        notes.append("START WITH only records the value a later ALTER SEQUENCE ... RESTART "
                     "(with no value) goes back to: the next number stays where it is. The "
                     "plan never restarts a sequence, which could hand out numbers already "
                     "in use; restart it by hand, past the largest value in use, if the new "
                     "start matters now.")
    bounds = {"minvalue", "maxvalue", "nominvalue", "nomaxvalue"} & set(changed)
    if bounds:
        notes.append("Narrower bounds fail when the sequence's current value lies outside "
                     "them (nothing is changed then); numbers already handed out are not "
                     "checked.")
    cycles = bool(new.cycle) and not bool(old.cycle)
    if cycles:
        notes.append("CYCLE: once past its bound the sequence starts again from the other "
                      "one, handing out numbers already used; a key drawn from it will then "
                      "collide.")
    if "cache" in changed:
        notes.append("Sessions that already cached numbers use them up first (PostgreSQL); "
                     "MariaDB drops its cache, so the next number may skip ahead.")
    if not forward:
        return []
    return [ctx.step(P.EXPAND, f"alter sequence {change.table} ({change.detail})", None,
                     [f"ALTER SEQUENCE IF EXISTS {name} {' '.join(forward)}"],
                     lock="brief, on the sequence (nextval waits for it)",
                     severity=Severity.WARNING if cycles else Severity.INFO,
                     notes=tuple(notes),
                     compatibility="N-1 keeps working" + (
                         " (numbers may repeat after the bound)" if cycles else ""),
                     rollback=f"ALTER SEQUENCE IF EXISTS {name} {' '.join(backward)}"
                     if backward else "nothing to undo", rank=-4)]


def _sequence_clauses(ctx: PlanContext, sequence: Any, changed: list[str]) -> list[str]:
    """``ALTER SEQUENCE`` clauses setting ``sequence``'s value of each ``changed`` option
    (the server's default where the model leaves it out)."""
    mariadb = ctx.sql.is_mysql
    clauses: list[str] = []
    if "increment" in changed:
        clauses.append(f"INCREMENT BY {int(sequence.increment or 1)}")
    if {"minvalue", "nominvalue"} & set(changed):
        clauses.append(f"MINVALUE {int(sequence.minvalue)}" if sequence.minvalue is not None
                       else "NO MINVALUE")
    if {"maxvalue", "nomaxvalue"} & set(changed):
        clauses.append(f"MAXVALUE {int(sequence.maxvalue)}" if sequence.maxvalue is not None
                       else "NO MAXVALUE")
    if "start" in changed and sequence.start is not None:
        clauses.append(f"START WITH {int(sequence.start)}")
    if "cache" in changed:
        default_cache = 1000 if mariadb else 1
        clauses.append(f"CACHE {int(sequence.cache or default_cache)}")
    if "cycle" in changed:
        # MariaDB spells it NOCYCLE (it refuses NO CYCLE in ALTER SEQUENCE).
        clauses.append("CYCLE" if sequence.cycle else "NOCYCLE" if mariadb else "NO CYCLE")
    return clauses


def _sequence_name(ctx: PlanContext, sequence: Any) -> str:
    name = ctx.sql.quote(str(sequence.name))
    return f"{ctx.sql.quote(str(sequence.schema))}.{name}" if sequence.schema else name


# -- exclusion constraints -------------------------------------------------------------------


def plan_add_exclusion(ctx: PlanContext, change: Change) -> list[Step]:
    table, constraint = change.table, change.new
    assert isinstance(constraint, ExcludeConstraint)
    sql = ctx.sql
    if not sql.is_postgresql:
        return [_postgresql_only(ctx, change, "exclusion constraints")]
    name = str(constraint.name or f"{table.rsplit('.', 1)[-1]}_excl")[:63]
    qname = sql.quote(name)
    text = sql.constraint(constraint)
    ddl = text if constraint.name else f"CONSTRAINT {qname} {text}"
    return [ctx.step(
        P.CUTOVER, f"add exclusion constraint {name} (no online path)", table,
        [Statement(f"ALTER TABLE {sql.table(table)} DROP CONSTRAINT IF EXISTS {qname}",
                   (("ban-drop-constraint", "removes a leftover of an interrupted earlier run "
                     "of this step, so it can be rerun; it is added again right below"),)),
         Statement(f"ALTER TABLE {sql.table(table)} ADD {ddl}",
                   (("constraint-missing-not-valid", "an exclusion constraint cannot be added "
                     "NOT VALID: no online path exists (MH028)"),))],
        lock="ACCESS EXCLUSIVE for the index build and the check of every row",
        scans=True, blocks_writes=True, long_running=True, hazards=("MH028",),
        severity=no_safe_path_severity(ctx, table),
        notes=("No safe path: PostgreSQL builds the constraint's index and checks every row "
               "while reads and writes wait, and it cannot be added NOT VALID. Run this step "
               "in a maintenance window (the lock timeout makes it give up rather than queue "
               "traffic). Find conflicting rows first with a self-join on the constraint's "
               "operators.",),
        compatibility="N-1 works unless it writes conflicting rows",
        rollback=f"ALTER TABLE {sql.table(table)} DROP CONSTRAINT IF EXISTS {qname}",
        rank=30)]


# -- identity and generated columns ----------------------------------------------------------


def plan_alter_identity(ctx: PlanContext, change: Change) -> list[Step]:
    """PostgreSQL: make an existing (NOT NULL) column an identity, or stop it being one."""
    table, column = change.table, change.new
    sql = ctx.sql
    q = sql.quote(column.name)
    here = sql.table(table)
    if change.detail == "removed":
        return [ctx.step(P.CONTRACT, f"stop {column.name} being an identity", table,
                         [f"ALTER TABLE {here} ALTER COLUMN {q} DROP IDENTITY IF EXISTS"],
                         lock="ACCESS EXCLUSIVE (brief, metadata only)", hazards=("MH003",),
                         compatible_with_previous=False,
                         compatibility="N-1 inserts without a value fail",
                         rollback=f"ALTER TABLE {here} ALTER COLUMN {q} ADD GENERATED BY "
                                  "DEFAULT AS IDENTITY", rank=30)]
    always = "ALWAYS" if column.identity.always else "BY DEFAULT"
    if change.detail in ("always", "by default"):
        before = "BY DEFAULT" if always == "ALWAYS" else "ALWAYS"
        return [ctx.step(P.CUTOVER if always == "ALWAYS" else P.EXPAND,
                         f"make identity {column.name} GENERATED {always}", table,
                         [Statement(f"ALTER TABLE {here} ALTER COLUMN {q} SET GENERATED "
                                    f"{always}",
                                    (("ban-alter-identity", "the model changes how the "
                                      "identity accepts values; metadata only"),))],
                         lock="ACCESS EXCLUSIVE (brief, metadata only)", hazards=("MH003",),
                         compatible_with_previous=always != "ALWAYS",
                         compatibility="N-1 inserts that send their own value fail"
                         if always == "ALWAYS" else "N-1 keeps working",
                         rollback=f"ALTER TABLE {here} ALTER COLUMN {q} SET GENERATED {before}",
                         rank=30)]
    return [ctx.step(P.CUTOVER, f"make {column.name} an identity (metadata only)", table,
                     ["BEGIN", *identity_statements(ctx, table, column), "COMMIT"],
                     atomic=False, lock="ACCESS EXCLUSIVE (brief; reads the column's maximum)",
                     scans=True, hazards=("MH003",),
                     compatibility="N-1 keeps working" + (
                         "" if always == "BY DEFAULT" else
                         " only if it never sends its own values (GENERATED ALWAYS)"),
                     compatible_with_previous=always == "BY DEFAULT",
                     notes=("The column is filled and NOT NULL already: adding the identity "
                            "creates a sequence and rewrites nothing.",),
                     rollback=f"ALTER TABLE {here} ALTER COLUMN {q} DROP IDENTITY IF EXISTS",
                     rank=30)]


def identity_statements(ctx: PlanContext, table: str, column: Column[Any]) -> list[Statement]:
    """Make a filled NOT NULL column an identity and start it after the largest value."""
    sql = ctx.sql
    q = sql.quote(column.name)
    here = sql.table(table)
    always = "ALWAYS" if column.identity is not None and column.identity.always else "BY DEFAULT"
    literal = sql.literal(here)
    return [Statement(f"ALTER TABLE {here} ALTER COLUMN {q} DROP DEFAULT",
                      (("ban-drop-default", "the identity replaces any default, in this "
                        "transaction"),)),
            Statement(f"ALTER TABLE {here} ALTER COLUMN {q} DROP IDENTITY IF EXISTS",
                      (("ban-alter-identity", "removes a leftover of an interrupted earlier "
                        "run, so the step can be rerun"),)),
            Statement(f"ALTER TABLE {here} ALTER COLUMN {q} ADD GENERATED {always} AS IDENTITY",
                      (("ban-alter-identity", "MH003: the model makes this filled, NOT NULL "
                        "column an identity; metadata only"),)),
            Statement(f"SELECT setval(pg_get_serial_sequence({literal}, "
                      f"{sql.literal(column.name)}), COALESCE(max({q}), 0) + 1, false) "
                      f"FROM {here}")]


def plan_alter_computed(ctx: PlanContext, change: Change) -> list[Step]:
    """A generated column's expression changed, or a column became (or stopped being)
    generated. Generated values are derived, so dropping and adding loses nothing the new
    expression cannot compute again; a column that stops being generated keeps its values."""
    table, old, new = change.table, change.old, change.new
    sql = ctx.sql
    q = sql.quote(new.name)
    here = sql.table(table)
    if sql.is_sqlite:
        from archdocs.migrate.plan.columns import sqlite_rebuild_needed

        return [sqlite_rebuild_needed(ctx, table, f"change generated column {new.name}",
                                      ("MH003",))]
    if new.computed is None:
        # Generated → plain: PostgreSQL 13+ keeps the values (DROP EXPRESSION); MySQL restates
        # the column without its expression (a copy).
        statements: list[str | Statement]
        notes: tuple[str, ...] = ()
        if sql.is_postgresql:
            statements = [Statement(
                f"ALTER TABLE {here} ALTER COLUMN {q} DROP EXPRESSION IF EXISTS",
                (("ban-drop-generated-expression", "the model makes this generated column a "
                  "plain one; it keeps its values, and the application writes it from now "
                  "on"),))]
            lock, rewrites = "ACCESS EXCLUSIVE (brief, metadata only)", False
        else:
            statements = [f"ALTER TABLE {here} MODIFY COLUMN {sql.column_spec(new)}, "
                          "ALGORITHM=COPY"]
            lock, rewrites = "ALGORITHM=COPY: writes blocked for the copy", True
            notes = online_tool_commands(ctx, table, f"MODIFY COLUMN {sql.column_spec(new)}")
        return [ctx.step(P.CUTOVER, f"make {new.name} a plain column (keeps its values)", table,
                         statements, lock=lock, rewrites=rewrites, blocks_writes=rewrites,
                         long_running=rewrites, hazards=("MH003",), notes=notes,
                         severity=no_safe_path_severity(ctx, table) if rewrites
                         else Severity.INFO,
                         compatibility="N-1 keeps working (it could not write the column)",
                         rollback="make it generated again (a rewrite)", rank=30)]
    stored = bool(new.computed.persisted)
    virtual_mysql = sql.is_mysql and not stored and (old.computed is None or
                                                       not old.computed.persisted)
    if sql.is_postgresql:
        statements = [Statement(f"ALTER TABLE {here} DROP COLUMN IF EXISTS {q}, ADD COLUMN "
                                f"{sql.column_spec(new)}",
                                (("ban-drop-column", "the generated column is recomputed from "
                                  "its new expression: no value is lost"),
                                 ("adding-field-with-default", "MH003: a stored generated "
                                  "column has no online path; see the step's severity")))]
        lock = "ACCESS EXCLUSIVE for the rewrite"
    else:
        algorithm = "ALGORITHM=INSTANT" if virtual_mysql else "ALGORITHM=COPY"
        statements = [Statement(f"ALTER TABLE {here} DROP COLUMN {q}, ADD COLUMN "
                                f"{sql.column_spec(new)}, {algorithm}")]
        lock = ("brief metadata lock (virtual column)" if virtual_mysql
                else "ALGORITHM=COPY: writes blocked for the copy")
    blocking = not virtual_mysql
    clause = f"DROP COLUMN {q}, ADD COLUMN {sql.column_spec(new)}"
    return [ctx.step(P.CUTOVER, f"recompute generated column {new.name} "
                     f"({computed_signature(new)})", table, statements, lock=lock,
                     rewrites=blocking, blocks_writes=blocking, long_running=blocking,
                     hazards=("MH003",),
                     severity=no_safe_path_severity(ctx, table) if blocking else Severity.INFO,
                     notes=online_tool_commands(ctx, table, clause) if sql.is_mysql and blocking
                     else ("No online path on PostgreSQL: on a large table use a plain column "
                           "maintained by a trigger, backfilled in batches.",)
                     if blocking else (),
                     compatibility="N-1 keeps working (it cannot write the column)",
                     rollback="recompute it with the old expression the same way", rank=30)]


def uses_domain_with_check(column: Column[Any]) -> bool:
    from sqlalchemy.dialects.postgresql import DOMAIN

    return isinstance(column.type, DOMAIN) and column.type.check is not None
