"""Batched, resumable backfills and data checks, outside any DDL transaction.

A backfill updates a batch of rows chosen by primary key, commits, and repeats until no row
is left; its predicate skips rows already done, so rerunning it after a failure resumes.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Table

from archdocs.migrate.plan.sql import SqlBuilder
from archdocs.migrate.plan.steps import Statement


def _routine_name(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:10]
    return f"archdocs_{prefix}_{digest}"


def _key(sql: SqlBuilder, table: Table) -> str:
    columns = [c.name for c in table.primary_key.columns]
    if not columns:
        return "ctid" if sql.is_postgresql else "rowid"
    return sql.columns(columns) if len(columns) == 1 else f"({sql.columns(columns)})"


def batched_update(
    sql: SqlBuilder, table: Table, assignment: str, predicate: str, batch_size: int
) -> list[Statement]:
    """Statements that run ``UPDATE table SET assignment WHERE predicate`` in batches of
    ``batch_size`` rows, one commit per batch. ``predicate`` must become false for an updated
    row, or the loop would not end."""
    name = sql.table(table)
    key = _key(sql, table)
    if sql.is_postgresql:
        body = (
            "DO $archdocs$\nDECLARE\n  batch_rows integer;\nBEGIN\n  LOOP\n"
            f"    UPDATE {name} SET {assignment}\n"
            f"    WHERE {key} IN (SELECT {key} FROM {name} WHERE {predicate} LIMIT {batch_size});\n"
            "    GET DIAGNOSTICS batch_rows = ROW_COUNT;\n"
            "    EXIT WHEN batch_rows = 0;\n"
            "    COMMIT;\n  END LOOP;\nEND\n$archdocs$"
        )
        return [Statement(body)]
    if sql.is_mysql:
        routine = _routine_name("backfill", table.fullname, assignment, predicate)
        order = key if key != "rowid" else "1"
        body = (
            f"CREATE PROCEDURE {routine}()\nBEGIN\n  DECLARE batch_rows INT DEFAULT 1;\n"
            "  WHILE batch_rows > 0 DO\n"
            f"    UPDATE {name} SET {assignment} WHERE {predicate} ORDER BY {order} "
            f"LIMIT {batch_size};\n"
            "    SET batch_rows = ROW_COUNT();\n    COMMIT;\n  END WHILE;\nEND"
        )
        return [Statement(f"DROP PROCEDURE IF EXISTS {routine}"), Statement(body),
                Statement(f"CALL {routine}()"), Statement(f"DROP PROCEDURE IF EXISTS {routine}")]
    return [Statement(f"UPDATE {name} SET {assignment} WHERE {predicate}")]


def fail_if_rows(sql: SqlBuilder, table: Table, predicate: str, message: str) -> list[Statement]:
    """Statements that stop the script with ``message`` when a row matches ``predicate``."""
    name = sql.table(table)
    if sql.is_postgresql:
        # RAISE treats % as a placeholder: double it.
        text = sql.literal(f"archdocs: {message}").replace("%", "%%")
        body = (
            "DO $archdocs$\nBEGIN\n"
            f"  IF EXISTS (SELECT 1 FROM {name} WHERE {predicate}) THEN\n"
            f"    RAISE EXCEPTION {text};\n  END IF;\nEND\n$archdocs$"
        )
        return [Statement(body)]
    if sql.is_mysql:
        routine = _routine_name("check", table.fullname, predicate)
        # Cut before quoting, so a doubled quote is never cut in half.
        text = sql.literal(f"archdocs: {message[:120]}")
        body = (
            f"CREATE PROCEDURE {routine}()\nBEGIN\n"
            f"  IF EXISTS (SELECT 1 FROM {name} WHERE {predicate}) THEN\n"
            f"    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = {text};\n"
            "  END IF;\nEND"
        )
        return [Statement(f"DROP PROCEDURE IF EXISTS {routine}"), Statement(body),
                Statement(f"CALL {routine}()"), Statement(f"DROP PROCEDURE IF EXISTS {routine}")]
    return [Statement(f"SELECT count(*) AS must_be_zero FROM {name} WHERE {predicate}")]


def is_compound(statement: Statement) -> bool:
    """A MySQL routine body: needs ``DELIMITER`` in the mysql client."""
    return statement.sql.startswith("CREATE PROCEDURE ")
