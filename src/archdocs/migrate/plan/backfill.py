"""Batched, resumable backfills and data checks, outside any DDL transaction.

A backfill walks the table by its primary key (keyset pagination: each batch starts after the
last key of the previous one, so no batch rescans rows already done, and InnoDB locks only
the batch's key range), updates the rows of the batch that still match its predicate,
commits, pauses (replicas and vacuum catch up), and goes on to the end of the table. The
predicate skips rows already done, so rerunning it after a failure resumes.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Column, Table

from archdocs.migrate.plan.sql import SqlBuilder
from archdocs.migrate.plan.steps import Statement

PAUSE_SECONDS = 0.05
"""Pause after each committed batch, so replicas and autovacuum / purge keep up."""


def _routine_name(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:10]
    return f"archdocs_{prefix}_{digest}"


def _key(sql: SqlBuilder, table: Table) -> str:
    columns = [c.name for c in table.primary_key.columns]
    if not columns:
        return "ctid" if sql.is_postgresql else "rowid"
    return sql.columns(columns) if len(columns) == 1 else f"({sql.columns(columns)})"


def batched_update(
    sql: SqlBuilder, table: Table, assignment: str, predicate: str, batch_size: int,
    pause_seconds: float = PAUSE_SECONDS,
) -> list[Statement]:
    """Statements that run ``UPDATE table SET assignment WHERE predicate`` in batches of
    ``batch_size`` rows, one commit per batch. ``predicate`` must become false for an updated
    row, or the loop would not end."""
    name = sql.table(table)
    key = _key(sql, table)
    single = _single_key(table)
    if sql.is_postgresql and single is not None:
        k, key_type = sql.quote(single.name), f"{name}.{sql.quote(single.name)}%TYPE"
        body = (
            "DO $archdocs$\nDECLARE\n"
            f"  last_key {key_type};\n  batch_last {key_type};\nBEGIN\n  LOOP\n"
            f"    SELECT max({k}) INTO batch_last FROM (SELECT {k} FROM {name}\n"
            f"      WHERE last_key IS NULL OR {k} > last_key ORDER BY {k} LIMIT {batch_size}) AS batch;\n"
            "    EXIT WHEN batch_last IS NULL;\n"
            f"    UPDATE {name} SET {assignment}\n"
            f"    WHERE (last_key IS NULL OR {k} > last_key) AND {k} <= batch_last AND ({predicate});\n"
            "    last_key := batch_last;\n    COMMIT;\n"
            f"    PERFORM pg_sleep({pause_seconds});\n  END LOOP;\nEND\n$archdocs$"
        )
        return [Statement(body)]
    if sql.is_postgresql:
        body = (
            "DO $archdocs$\nDECLARE\n  batch_rows integer;\nBEGIN\n  LOOP\n"
            f"    UPDATE {name} SET {assignment}\n"
            f"    WHERE {key} IN (SELECT {key} FROM {name} WHERE {predicate} LIMIT {batch_size});\n"
            "    GET DIAGNOSTICS batch_rows = ROW_COUNT;\n"
            "    EXIT WHEN batch_rows = 0;\n"
            f"    COMMIT;\n    PERFORM pg_sleep({pause_seconds});\n  END LOOP;\nEND\n$archdocs$"
        )
        return [Statement(body)]
    if sql.is_mysql and single is not None:
        routine = _routine_name("backfill", table.fullname, assignment, predicate)
        k, key_type = sql.quote(single.name), sql.type(single.type)
        first = f"SELECT {k} FROM {name} ORDER BY {k} LIMIT {batch_size}"
        after = f"SELECT {k} FROM {name} WHERE {k} > last_key ORDER BY {k} LIMIT {batch_size}"
        body = (
            f"CREATE PROCEDURE {routine}()\nBEGIN\n"
            f"  DECLARE last_key {key_type} DEFAULT NULL;\n"
            f"  DECLARE batch_last {key_type} DEFAULT NULL;\n"
            "  DECLARE started INT DEFAULT 0;\n"
            "  REPEAT\n    SET batch_last = NULL;\n"
            "    IF started = 0 THEN\n"
            f"      SELECT MAX({k}) INTO batch_last FROM ({first}) AS batch;\n"
            "    ELSE\n"
            f"      SELECT MAX({k}) INTO batch_last FROM ({after}) AS batch;\n"
            "    END IF;\n"
            "    IF batch_last IS NOT NULL THEN\n"
            "      IF started = 0 THEN\n"
            f"        UPDATE {name} SET {assignment} WHERE {k} <= batch_last AND ({predicate});\n"
            "      ELSE\n"
            f"        UPDATE {name} SET {assignment}\n"
            f"        WHERE {k} > last_key AND {k} <= batch_last AND ({predicate});\n"
            "      END IF;\n"
            "      COMMIT;\n      SET last_key = batch_last, started = 1;\n"
            f"      DO SLEEP({pause_seconds});\n"
            "    END IF;\n  UNTIL batch_last IS NULL END REPEAT;\nEND"
        )
        return [Statement(f"DROP PROCEDURE IF EXISTS {routine}"), Statement(body),
                Statement(f"CALL {routine}()"), Statement(f"DROP PROCEDURE IF EXISTS {routine}")]
    if sql.is_mysql:
        routine = _routine_name("backfill", table.fullname, assignment, predicate)
        order = key if key != "rowid" else "1"
        body = (
            f"CREATE PROCEDURE {routine}()\nBEGIN\n  DECLARE batch_rows INT DEFAULT 1;\n"
            "  WHILE batch_rows > 0 DO\n"
            f"    UPDATE {name} SET {assignment} WHERE {predicate} ORDER BY {order} "
            f"LIMIT {batch_size};\n"
            f"    SET batch_rows = ROW_COUNT();\n    COMMIT;\n    DO SLEEP({pause_seconds});\n"
            "  END WHILE;\nEND"
        )
        return [Statement(f"DROP PROCEDURE IF EXISTS {routine}"), Statement(body),
                Statement(f"CALL {routine}()"), Statement(f"DROP PROCEDURE IF EXISTS {routine}")]
    return [Statement(f"UPDATE {name} SET {assignment} WHERE {predicate}")]


def _single_key(table: Table) -> Column[object] | None:
    """The table's one-column primary key, which keyset pagination walks (a composite or
    missing key falls back to batches chosen by the predicate)."""
    columns = list(table.primary_key.columns)
    return columns[0] if len(columns) == 1 else None


def fail_if_rows(sql: SqlBuilder, table: Table, predicate: str, message: str) -> list[Statement]:
    """Statements that stop the script with ``message`` when a row matches ``predicate``."""
    name = sql.table(table)
    if sql.is_postgresql:
        # The message is a parameter of RAISE's format, so a % in it is text.
        body = (
            "DO $archdocs$\nBEGIN\n"
            f"  IF EXISTS (SELECT 1 FROM {name} WHERE {predicate}) THEN\n"
            f"    RAISE EXCEPTION '%', {sql.literal('archdocs: ' + message)};\n"
            "  END IF;\nEND\n$archdocs$"
        )
        return [Statement(body)]
    if sql.is_mysql:
        routine = _routine_name("check", table.fullname, predicate)
        # MESSAGE_TEXT holds 128 characters: cut the text, then quote it (cutting a quoted
        # literal could split a doubled quote and leave the literal open).
        text = sql.literal(("archdocs: " + message)[:128])
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
