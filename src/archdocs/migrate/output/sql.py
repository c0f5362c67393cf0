"""``--format sql``: an executable script for the plan's dialect.

Run top to bottom with the dialect's client in autocommit (``psql -v ON_ERROR_STOP=1 -f``,
``mysql < plan.sql``, ``sqlite3 db < plan.sql``) on a database with the old schema, it brings
the schema to the new model. Deploy checkpoints are comments; backfills run to completion in
batches. Statements a step needs atomic are wrapped in a transaction (PostgreSQL); statements
that must run outside one (``CONCURRENTLY``, batched backfills) stand alone.
"""

from __future__ import annotations

from archdocs.migrate.dialects import DialectName
from archdocs.migrate.plan.backfill import is_compound
from archdocs.migrate.plan.steps import Plan, Statement, Step

DDL_STATEMENT_TIMEOUT = "60s"


def _comment(text: str) -> str:
    return "\n".join(f"-- {line}".rstrip() for line in text.splitlines() or [""])


def _header(plan: Plan) -> list[str]:
    client = {
        DialectName.POSTGRESQL: "psql -v ON_ERROR_STOP=1 -f plan.sql  (autocommit, the default)",
        DialectName.MYSQL: "mysql --show-warnings DATABASE < plan.sql  (autocommit, the default)",
        DialectName.SQLITE: "sqlite3 database.db < plan.sql",
    }[plan.dialect]
    lines = [
        _comment(f"archdocs migration plan: datastore {plan.datastore or '(unnamed)'}, "
                 f"{plan.base_label} → {plan.head_label}, dialect {plan.dialect.value}"),
        _comment(f"Run with: {client}"),
        _comment("Every DDL step sets a lock timeout first (MH020): if a step fails on it, find "
                 "the blocking session, wait, and rerun the script from that step; steps are "
                 "idempotent where the server allows (IF [NOT] EXISTS)."),
    ]
    for rename in plan.probable_renames:
        lines.append(_comment(f"WARNING {rename.describe()}: {rename.hint}"))
    return lines + [""]


def _timeouts(plan: Plan, step: Step) -> list[str]:
    if plan.dialect is DialectName.POSTGRESQL:
        statement = "0" if step.long_running else DDL_STATEMENT_TIMEOUT
        lines = ["SET lock_timeout = '5s';"]
        if step.long_running:
            lines.append("-- a build, scan or backfill: no statement timeout, the lock timeout "
                         "still applies")
        lines.append(f"SET statement_timeout = '{statement}';")
        return lines
    if plan.dialect is DialectName.MYSQL:
        return ["SET SESSION lock_wait_timeout = 5;"]
    return ["PRAGMA busy_timeout = 5000;"]


def _statement(plan: Plan, statement: Statement) -> list[str]:
    lines = []
    if statement.explains and plan.dialect is DialectName.POSTGRESQL:
        for rule, reason in statement.explains:
            lines.append(_comment(f"{rule}: {reason}"))
        lines.append(f"-- squawk-ignore {', '.join(rule for rule, _ in statement.explains)}")
    if plan.dialect is DialectName.MYSQL and is_compound(statement):
        lines += ["DELIMITER //", f"{statement.sql}//", "DELIMITER ;"]
    else:
        lines.append(f"{statement.sql};")
    return lines


def render_sql(plan: Plan) -> str:
    """The plan as one script, phases and steps in order, checkpoints as comments."""
    out = _header(plan)
    number = 0
    for phase, steps in plan.by_phase():
        out += ["", _comment("=" * 76), _comment(f"Phase: {phase.value} — {phase.purpose}"),
                _comment("=" * 76), ""]
        for step in steps:
            number += 1
            if step.point_of_no_return and step is plan.point_of_no_return:
                out += [_comment("!" * 76),
                        _comment("POINT OF NO RETURN: from here on, rolling back means restoring "
                                 "data from a backup, not running a rollback statement."),
                        _comment("!" * 76)]
            title = f"Step {number} [{step.phase.value}] {step.title}"
            if step.table:
                title += f" (table {step.table})"
            out.append(_comment(title))
            if step.is_checkpoint:
                out.append(_comment(f"CHECKPOINT: {step.title}. Do this before running the "
                                    "next step."))
                out += [_comment(note) for note in step.notes]
                out.append("")
                continue
            out.append(_comment(f"lock: {step.lock}; rewrites table: "
                                f"{'yes' if step.rewrites else 'no'}; scans table: "
                                f"{'yes' if step.scans else 'no'}; app N-1 keeps working: "
                                f"{'yes' if step.compatible_with_previous else 'NO'}"
                                + (f" ({step.compatibility})" if step.compatibility else "")))
            if step.hazards:
                out.append(_comment(f"hazards: {', '.join(step.hazards)}; severity: "
                                    f"{step.severity.value}"))
            out += [_comment(note) for note in step.notes]
            out.append(_comment(f"rollback: {step.rollback}"))
            out += _timeouts(plan, step)
            # In autocommit each statement is its own transaction anyway; saying so keeps a
            # failed step from leaving half its statements applied.
            wrap = plan.dialect is DialectName.POSTGRESQL and step.atomic
            if wrap:
                out.append("BEGIN;")
            for statement in step.statements:
                out += _statement(plan, statement)
            if wrap:
                out.append("COMMIT;")
            out.append("")
    if not plan.steps:
        out.append(_comment("No changes: the schema already matches the model."))
    return "\n".join(out).rstrip() + "\n"
