"""MySQL/MariaDB plan steps describe locks in InnoDB terms (metadata lock, ALGORITHM=INPLACE,
LOCK=NONE, ALGORITHM=COPY), never with PostgreSQL's table lock modes (ACCESS EXCLUSIVE,
SHARE UPDATE EXCLUSIVE, ...), which do not exist there."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Column, String

from archdocs.migrate import DialectName, diff_metadata, plan_diff
from archdocs.migrate.examples import EXAMPLES, key, schema_with
from archdocs.migrate.versions import Server
from archdocs.model import Volume, column_notes

# PostgreSQL's lock modes; MySQL's own ``LOCK=SHARED`` / ``LOCK=EXCLUSIVE`` clauses are fine.
PG_LOCK = re.compile(r"(?<!LOCK=)\b(ACCESS EXCLUSIVE|SHARE UPDATE EXCLUSIVE|SHARE ROW EXCLUSIVE|"
                     r"ROW EXCLUSIVE|ACCESS SHARE|ROW SHARE|SHARE|EXCLUSIVE)\b")
# the examples, plus the paths they leave out (an expand/contract rename, with its triggers)
CASES = {**EXAMPLES, "rename_column_expand_contract": (
    lambda: schema_with(key(), Column("mail", String(100))),
    lambda: schema_with(key(), Column("email", String(100), info=column_notes(
        renamed_from="mail", rename_strategy="expand-contract"))))}
SERVERS = [("mysql", "8.0"), ("mysql", "8.4"), ("mariadb", "10.3"), ("mariadb", "10.11")]


def _mysql_plans(product: str, version: str, rows: int | None):  # type: ignore[no-untyped-def]
    server = Server.parse(product, version)
    for name, (old, new) in CASES.items():
        try:
            diff = diff_metadata(old(), new(), DialectName.MYSQL)
        except Exception:  # a PostgreSQL-only type (jsonb, domain, range): no MySQL example
            continue
        volume = None if rows is None else Volume(rows=rows)
        yield name, plan_diff(diff, DialectName.MYSQL, server=server,
                              volume_of=lambda _table, v=volume: v)


@pytest.mark.parametrize(("product", "version"), SERVERS)
@pytest.mark.parametrize("rows", [None, 1_000, 50_000_000])
def test_no_mysql_or_mariadb_step_names_a_postgresql_lock_mode(product, version, rows):
    found = []
    planned = 0
    for name, plan in _mysql_plans(product, version, rows):
        for step in plan.steps:
            planned += 1
            for text in (step.lock, step.title, step.compatibility, step.rollback_note,
                         *step.notes):
                if PG_LOCK.search(text):
                    found.append(f"{name}: {step.title}: {text}")
    assert planned > 50
    assert found == []
