"""``--format sql``: an executable script for the plan's dialect.

Run top to bottom with the dialect's client in autocommit (``psql -f``, ``mysql < plan.sql``,
``sqlite3 db < plan.sql``) on a database with the old schema, it brings the schema to the new
model. Statements a step needs atomic are wrapped in a transaction (PostgreSQL); statements
that must run outside one (``CONCURRENTLY``, batched backfills) stand alone.

On PostgreSQL and MySQL/MariaDB the script can be rerun: every finished step is recorded in
the table ``archdocs_migration_steps`` (plan fingerprint, step number) and skipped the next
time (psql ``\\if`` on PostgreSQL, a prepared statement on MySQL/MariaDB). A deploy checkpoint
stops the script (an error, so an unattended run cannot go past it) until the operator says it
was passed: ``psql -v passed_N=1`` / ``mysql --init-command="SET @archdocs_passed_N=1"``.
"""

from __future__ import annotations

import hashlib

from archdocs.migrate.dialects import DialectName
from archdocs.migrate.plan.backfill import is_compound
from archdocs.migrate.plan.steps import PhaseName, Plan, Statement, Step

DDL_STATEMENT_TIMEOUT = "60s"
LEDGER = "archdocs_migration_steps"


def _comment(text: str) -> str:
    return "\n".join(f"-- {line}".rstrip() for line in text.splitlines() or [""])


def fingerprint(plan: Plan) -> str:
    """Identifies the plan in the step ledger: a hash of every step's title and SQL."""
    digest = hashlib.sha256()
    for step in plan.steps:
        digest.update(step.title.encode())
        for statement in step.statements:
            digest.update(b"\0" + statement.sql.encode())
    return digest.hexdigest()[:16]


def _header(plan: Plan) -> list[str]:
    client = {
        DialectName.POSTGRESQL: "psql -f plan.sql  (autocommit, the default)",
        DialectName.MYSQL: "mysql --show-warnings DATABASE < plan.sql  (autocommit, the default)",
        DialectName.SQLITE: "sqlite3 database.db < plan.sql",
    }[plan.dialect]
    lines = [
        _comment(f"archdocs migration plan: datastore {plan.datastore or '(unnamed)'}, "
                 f"{plan.base_label} → {plan.head_label}, dialect {plan.dialect.value}"),
        _comment(f"Written for: {plan.server or plan.dialect.value}"),
        _comment(f"Run with: {client}"),
        _comment("Every DDL step sets a lock timeout first (MH020): if a step fails on it, find "
                 "the blocking session, wait, and rerun the script from that step; steps are "
                 "idempotent where the server allows (IF [NOT] EXISTS)."),
    ]
    if plan.dialect is not DialectName.SQLITE:
        lines += [
            _comment(f"Rerunnable: each finished step is recorded in {LEDGER} (plan "
                     f"{fingerprint(plan)}) and skipped when the script is run again."),
            _comment("Checkpoints stop the script with an error until you say they were "
                     "passed: " + ("psql -v passed_N=1 -f plan.sql" if plan.dialect is
                                   DialectName.POSTGRESQL else
                                   "mysql --init-command=\"SET @archdocs_passed_N=1\" ...")
                     + " (N: the checkpoint's number, one option per checkpoint passed)."),
        ]
    for rename in plan.probable_renames:
        lines.append(_comment(f"WARNING {rename.describe()}: {rename.hint}"))
    lines.append("")
    if plan.dialect is DialectName.POSTGRESQL:
        lines += ["\\set ON_ERROR_STOP on",
                  "SET lock_timeout = '5s';", f"SET statement_timeout = '{DDL_STATEMENT_TIMEOUT}';",
                  f"CREATE TABLE IF NOT EXISTS {LEDGER} (plan text NOT NULL, "
                  "step bigint NOT NULL, title text NOT NULL, finished_at timestamptz NOT NULL "
                  "DEFAULT now(), PRIMARY KEY (plan, step));", ""]
    elif plan.dialect is DialectName.MYSQL:
        lines += [f"CREATE TABLE IF NOT EXISTS {LEDGER} (plan VARCHAR(16) NOT NULL, "
                  "step INTEGER NOT NULL, title VARCHAR(255) NOT NULL, finished_at TIMESTAMP "
                  "NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (plan, step));",
                  "DROP PROCEDURE IF EXISTS archdocs_checkpoint;",
                  "DELIMITER //",
                  "CREATE PROCEDURE archdocs_checkpoint(passed TEXT, message VARCHAR(128))\n"
                  "BEGIN\n  IF passed IS NULL THEN\n"
                  "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message;\n  END IF;\nEND//",
                  "DELIMITER ;", ""]
    return lines


def _timeouts(plan: Plan, step: Step) -> list[str]:
    if plan.dialect is DialectName.POSTGRESQL:
        # A step that holds writes for a rewrite or scan is always capped: past the cap it
        # fails and releases the table (take the online path, or a maintenance window).
        capped = step.blocks_writes or not step.long_running
        statement = DDL_STATEMENT_TIMEOUT if capped else "0"
        lines = ["SET lock_timeout = '5s';"]
        if step.blocks_writes:
            lines.append(f"-- holds writes for a rewrite or scan: capped at {statement}")
        elif step.long_running:
            lines.append("-- a build, scan or backfill: no statement timeout, the lock timeout "
                         "still applies")
        lines.append(f"SET statement_timeout = '{statement}';")
        return lines
    if plan.dialect is DialectName.MYSQL:
        return ["SET SESSION lock_wait_timeout = 5;"]
    return ["PRAGMA busy_timeout = 5000;"]


def _statement(plan: Plan, statement: Statement, guarded: bool = False) -> list[str]:
    lines = []
    if statement.explains and plan.dialect is DialectName.POSTGRESQL:
        for rule, reason in statement.explains:
            lines.append(_comment(f"{rule}: {reason}"))
        lines.append(f"-- squawk-ignore {', '.join(rule for rule, _ in statement.explains)}")
    if plan.dialect is DialectName.MYSQL and is_compound(statement):
        lines += ["DELIMITER //", f"{statement.sql}//", "DELIMITER ;"]
    elif guarded and not _always_rerunnable(statement):
        # The mysql client has no conditionals: the statement runs as a prepared statement
        # whose text is a no-op once the step is in the ledger.
        lines += [_comment(line) for line in statement.sql.splitlines()]
        lines += [f"SET @archdocs_sql = IF(@archdocs_done, 'DO 0', {literal(plan, statement.sql)});",
                  "PREPARE archdocs_statement FROM @archdocs_sql;",
                  "EXECUTE archdocs_statement;", "DEALLOCATE PREPARE archdocs_statement;"]
    else:
        lines.append(f"{statement.sql};")
    return lines


def _always_rerunnable(statement: Statement) -> bool:
    return statement.sql.startswith(("SET ", "DROP PROCEDURE IF EXISTS "))


def literal(plan: Plan, text: str) -> str:
    from archdocs.quoting import sql_literal

    return sql_literal(text, plan.dialect.value)


def _ledger_key(plan: Plan, number: int) -> str:
    return f"plan = {literal(plan, fingerprint(plan))} AND step = {number}"


def _record(plan: Plan, number: int, step: Step) -> str:
    title = step.title[:200]
    verb = "INSERT IGNORE INTO" if plan.dialect is DialectName.MYSQL else "INSERT INTO"
    tail = "" if plan.dialect is DialectName.MYSQL else " ON CONFLICT DO NOTHING"
    return (f"{verb} {LEDGER} (plan, step, title) VALUES ({literal(plan, fingerprint(plan))}, "
            f"{number}, {literal(plan, title)}){tail};")


def _checkpoint_guard(plan: Plan, number: int, step: Step) -> list[str]:
    """Stops an unattended run at the checkpoint: an error, then (should the client go on
    after errors) psql's ``\\quit``."""
    variable = f"passed_{number}"
    short = f"archdocs: stopped at checkpoint {number}: {step.title}"
    if plan.dialect is DialectName.POSTGRESQL:
        message = (f"{short}. When it is done, run the script again with -v {variable}=1 "
                   "(finished steps are skipped)")
        return [f"\\if :{{?{variable}}}",
                f"\\echo 'archdocs: checkpoint {number} passed ({variable} is set)'",
                "\\else",
                "DO $archdocs$ BEGIN RAISE EXCEPTION '%', "
                f"{literal(plan, message)}; END $archdocs$;",
                "\\quit", "\\endif"]
    if plan.dialect is DialectName.MYSQL:
        message = f"archdocs: stopped at checkpoint {number}; when passed, set @archdocs_{variable}"
        return [f"CALL archdocs_checkpoint(@archdocs_{variable}, {literal(plan, message[:128])});"]
    return []


def render_sql(plan: Plan) -> str:
    """The plan as one script, phases and steps in order; checkpoints stop it (PostgreSQL,
    MySQL/MariaDB) until passed; finished steps are skipped on a rerun."""
    out = _header(plan)
    for _, block in _phase_blocks(plan):
        out += block
    if not plan.steps:
        out.append(_comment("No changes: the schema already matches the model."))
    return "\n".join(out).rstrip() + "\n"


def render_sql_files(plan: Plan) -> dict[str, str]:
    """The plan as one script per phase (``01-expand.sql`` …), for ``--format sql --output
    DIR``. A deploy checkpoint opens the file of the phase after it: its condition at the top,
    then the guard that stops the file until the checkpoint is passed."""
    files: dict[str, str] = {}
    pending: list[str] = []
    blocks = _phase_blocks(plan)
    for phase, block in blocks:
        if phase is PhaseName.DEPLOY and phase is not blocks[-1][0]:
            pending = block
            continue
        name = f"{len(files) + 1:02d}-{phase.value}.sql"
        lines = _header(plan)
        if pending:
            lines += [_comment("Run this file only when the checkpoint below holds:"),
                      *pending]
            pending = []
        lines += block
        files[name] = "\n".join(lines).rstrip() + "\n"
    return files


def _phase_blocks(plan: Plan) -> list[tuple[PhaseName, list[str]]]:
    """Each phase's lines, steps numbered across the whole plan."""
    blocks: list[tuple[PhaseName, list[str]]] = []
    number = 0
    checkpoints = 0
    ledger = plan.dialect is not DialectName.SQLITE
    for phase, steps in plan.by_phase():
        out = ["", _comment("=" * 76), _comment(f"Phase: {phase.value} — {phase.purpose}"),
               _comment("=" * 76), ""]
        blocks.append((phase, out))
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
                if step.phase.value == "deploy":
                    checkpoints += 1
                    out += _checkpoint_guard(plan, checkpoints, step)
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
            out.append(_comment(f"rollback: {step.rollback_text}"))
            out += _timeouts(plan, step)
            if ledger and plan.dialect is DialectName.POSTGRESQL:
                out += [f"SELECT EXISTS (SELECT 1 FROM {LEDGER} WHERE {_ledger_key(plan, number)})"
                        " AS archdocs_done \\gset",
                        "\\if :archdocs_done",
                        f"\\echo 'archdocs: step {number} was finished by an earlier run, skipped'",
                        "\\else"]
            elif ledger:
                out.append(f"SET @archdocs_done = EXISTS (SELECT 1 FROM {LEDGER} WHERE "
                           f"{_ledger_key(plan, number)});")
            # In autocommit each statement is its own transaction anyway; saying so keeps a
            # failed step from leaving half its statements applied.
            wrap = plan.dialect is DialectName.POSTGRESQL and step.atomic
            if wrap:
                out.append("BEGIN;")
            for statement in step.statements:
                out += _statement(plan, statement, guarded=ledger and plan.dialect is
                                  DialectName.MYSQL)
            if ledger and plan.dialect is DialectName.POSTGRESQL:
                out.append(_record(plan, number, step))
            if wrap:
                out.append("COMMIT;")
            if ledger and plan.dialect is DialectName.POSTGRESQL:
                out.append("\\endif")
            elif ledger:
                out.append(_record(plan, number, step))
            out.append("")
    return blocks
