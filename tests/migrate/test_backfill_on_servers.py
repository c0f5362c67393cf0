"""Backfills walk the key in batches to the end of the table; the copy check compares values,
not only NULLs; messages stay valid SQL literals whatever they hold."""

from __future__ import annotations

import pytest
from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, text

from archdocs.migrate import DialectName, diff_metadata, plan_diff
from archdocs.migrate.output.sql import render_sql
from archdocs.migrate.plan.backfill import fail_if_rows
from archdocs.migrate.plan.sql import SqlBuilder
from archdocs.migrate.plan.steps import PhaseName, Plan
from archdocs.model import Volume

from .servers import fresh_database, run_script

SERVERS = [pytest.param("postgresql", marks=pytest.mark.postgres),
           pytest.param("mysql", marks=pytest.mark.mariadb)]


def _pair() -> tuple[MetaData, MetaData]:
    old, new = MetaData(), MetaData()
    Table("ledger", old, Column("id", Integer, primary_key=True, autoincrement=False),
          Column("amount", Integer))
    Table("ledger", new, Column("id", Integer, primary_key=True, autoincrement=False),
          Column("amount", BigInteger))
    return old, new


def _only(plan: Plan, phase: PhaseName) -> str:
    steps = [s for s in plan.steps if s.phase is phase and not s.is_checkpoint]
    return render_sql(Plan(plan.datastore, plan.dialect, steps))


@pytest.mark.parametrize("kind", SERVERS)
def test_the_backfill_copies_every_row_and_the_check_catches_a_stale_copy(kind):
    dialect = DialectName(kind)
    old, new = _pair()
    plan = plan_diff(diff_metadata(old, new, dialect), dialect, batch_size=7,
                     volume_of=lambda table: Volume(rows=5_000_000))
    backfill = _only(plan, PhaseName.BACKFILL)
    assert "last_key" in backfill  # keyset pagination, not a rescan from the start
    with fresh_database(kind) as (engine, database):
        old.create_all(engine)
        with engine.begin() as conn:
            conn.execute(old.tables["ledger"].insert(),
                         [{"id": n * 3, "amount": None if n % 5 == 0 else n} for n in range(40)])
        assert run_script(kind, database, _only(plan, PhaseName.EXPAND)).returncode == 0
        result = run_script(kind, database, backfill)
        assert result.returncode == 0, result.stderr[-2000:]
        with engine.connect() as conn:
            copied = conn.execute(text(
                "SELECT count(*) FROM ledger WHERE amount_archdocs_new = amount")).scalar()
            assert copied == 32  # every non-NULL amount, across 6 batches of 7 keys
        check = _only(plan, PhaseName.VALIDATE)
        assert run_script(kind, database, check).returncode == 0
        with engine.begin() as conn:  # the old version wrote a row without the dual write
            conn.execute(text("UPDATE ledger SET amount = 999 WHERE id = 3"))
        # the ledger skips a finished step: forget it, as a new plan's fingerprint would
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM archdocs_migration_steps"))
        failed = run_script(kind, database, check)
        assert failed.returncode != 0
        assert "amount_archdocs_new differs from amount" in failed.stderr


@pytest.mark.parametrize("kind", SERVERS)
def test_a_check_message_with_quotes_at_the_length_limit_stays_a_closed_literal(kind):
    dialect = DialectName(kind)
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True))
    message = "x" * 117 + "'';\\"  # a doubled quote would be cut at MariaDB's 128 characters
    statements = fail_if_rows(SqlBuilder(dialect), table, "id > 0", message)
    script = "\n".join(
        ("DELIMITER //\n" + s.sql + "//\nDELIMITER ;") if s.sql.startswith("CREATE PROCEDURE")
        else s.sql + ";" for s in statements)
    with fresh_database(kind) as (engine, database):
        table.metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t (id) VALUES (1)"))
        result = run_script(kind, database, script)
        assert result.returncode != 0
        assert "archdocs: xxx" in result.stderr
        assert "syntax" not in result.stderr.lower()
