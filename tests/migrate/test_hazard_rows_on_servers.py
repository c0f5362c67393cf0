"""Hazard rows whose danger shows only with a second session or bad data, on PostgreSQL 15 and
MariaDB 10.11: a held lock makes a step time out and the rerun succeed; a unique constraint
over duplicates fails, then succeeds once they are cleaned; the running application (N-1)
keeps using a renamed table through its view; a required column nobody filled stops the
script at validation, which resumes once the application filled it."""

from __future__ import annotations

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from archdocs.migrate.coverage import LOCK_TESTED
from archdocs.migrate.examples import MYSQL_ONLY, POSTGRESQL_ONLY

from .servers import fresh_database, not_ledger, run_script
from .test_examples_on_servers import ROWS, example_script, example_table, prepare

SERVERS = [pytest.param("postgresql", marks=[pytest.mark.postgres, pytest.mark.slow],
                        id="postgresql"),
           pytest.param("mysql", marks=[pytest.mark.mariadb, pytest.mark.slow], id="mysql")]


def until_phase(script: str, phase: str) -> tuple[str, str]:
    """``script`` split before the banner of ``phase``: (what runs before, the rest)."""
    marker = f"-- Phase: {phase} "
    at = script.index(marker)
    at = script.rindex("\n-- ====", 0, at) + 1
    return script[:at], script[at:]


def from_failed_step(script: str, stderr: str) -> str:
    """The script from the step the client reports the error in (``at line N`` / ``:N:``),
    which is how an operator resumes: rerun from the failed step."""
    match = re.search(r"at line (\d+)|<stdin>:(\d+):", stderr)
    assert match, stderr
    line = int(match.group(1) or match.group(2))
    lines = script.splitlines(keepends=True)
    start = max(i for i, text_ in enumerate(lines[:line]) if text_.startswith("-- Step "))
    return "".join(lines[start:])


def check_names(conn, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
    if kind == "postgresql":
        query = ("SELECT conname FROM pg_constraint WHERE conrelid = 'accounts'::regclass "
                 "AND contype = 'c' ORDER BY conname")
    else:
        query = ("SELECT constraint_name FROM information_schema.table_constraints WHERE "
                 "table_schema = DATABASE() AND table_name = 'accounts' AND constraint_type = "
                 "'CHECK' ORDER BY constraint_name")
    return list(conn.execute(text(query)).scalars())


LOCK_CASES = [pytest.param(kind, name, marks=[mark, pytest.mark.slow], id=f"{kind}-{name}")
              for kind, mark in (("postgresql", pytest.mark.postgres),
                                 ("mysql", pytest.mark.mariadb))
              for name in LOCK_TESTED
              if name not in (POSTGRESQL_ONLY if kind == "mysql" else MYSQL_ONLY)]


@pytest.mark.parametrize(("kind", "name"), LOCK_CASES)
def test_a_held_lock_makes_the_step_time_out_and_the_rerun_succeed(kind, name):
    old, new, script = example_script(kind, name)
    with fresh_database(kind) as (engine, database):
        prepare(kind, engine, old)
        with engine.connect() as blocker:
            # a long transaction that wrote one row: its lock conflicts with the DDL's
            touched = example_table(old).name
            blocker.execute(text(f"UPDATE {touched} SET id = id WHERE id = 1"))
            blocked = run_script(kind, database, script)
            # the blocker was not queued behind the waiting DDL: it goes on, then ends
            assert blocker.execute(text(f"SELECT count(*) FROM {touched}")).scalar() == ROWS
            blocker.rollback()
        assert blocked.returncode != 0, f"{name}: no step waited for the lock"
        expected = "lock timeout" if kind == "postgresql" else "Lock wait timeout exceeded"
        assert expected in blocked.stderr, blocked.stderr[-2000:]
        rerun = run_script(kind, database, script)
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True, "include_name": not_ledger})
            assert compare_metadata(context, new) == []
            kept = example_table(new)
            assert conn.execute(select(func.count()).select_from(kept)).scalar() == ROWS
            if kind == "postgresql":
                assert conn.execute(text(
                    "SELECT count(*) FROM pg_index WHERE NOT indisvalid")).scalar() == 0


@pytest.mark.parametrize("kind", SERVERS)
def test_a_unique_constraint_over_duplicates_fails_then_succeeds_after_cleanup(kind):
    old, _, script = example_script(kind, "add_unique")
    with fresh_database(kind) as (engine, database):
        prepare(kind, engine, old)
        with engine.begin() as conn:
            conn.execute(text("UPDATE accounts SET email = 'x1' WHERE id IN (2, 3)"))
        failed = run_script(kind, database, script)
        assert failed.returncode != 0
        expected = "could not create unique index" if kind == "postgresql" else "Duplicate entry"
        assert expected in failed.stderr
        with engine.begin() as conn:
            # the duplicates the plan's note says to look for, found and fixed
            duplicates = conn.execute(text(
                "SELECT email FROM accounts GROUP BY email HAVING count(*) > 1")).scalars().all()
            assert duplicates == ["x1"]
            conn.execute(text("UPDATE accounts SET email = concat('x', id) WHERE id IN (2, 3)"))
        rerun = run_script(kind, database, script)
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        with engine.connect() as conn:
            if kind == "postgresql":
                # the INVALID index the failed build left was dropped and built again
                assert conn.execute(text(
                    "SELECT count(*) FROM pg_index WHERE NOT indisvalid")).scalar() == 0
                assert conn.execute(text(
                    "SELECT count(*) FROM pg_constraint WHERE conname = 'uq_accounts_email' "
                    "AND contype = 'u'")).scalar() == 1
            with pytest.raises(Exception, match="(?i)duplicate"):
                conn.execute(text("INSERT INTO accounts (id, email) VALUES (99, 'x1')"))


@pytest.mark.parametrize("kind", SERVERS)
def test_the_old_application_reads_and_writes_through_the_compatibility_view(kind):
    old, _, script = example_script(kind, "rename_table")  # users → accounts
    before_contract, contract = until_phase(script, "contract")
    with fresh_database(kind) as (engine, database):
        prepare(kind, engine, old)
        result = run_script(kind, database, before_contract)
        assert result.returncode == 0, result.stderr[-2000:]
        with engine.begin() as old_app:  # N-1 still says "users"
            assert old_app.execute(text("SELECT count(*) FROM users")).scalar() == ROWS
            old_app.execute(text("INSERT INTO users (id) VALUES (100)"))
            old_app.execute(text("DELETE FROM users WHERE id = 1"))
        with engine.connect() as new_app:  # N says "accounts" and sees N-1's writes
            ids = new_app.execute(text("SELECT id FROM accounts ORDER BY id")).scalars().all()
            assert ids == [*range(2, ROWS + 1), 100]
        result = run_script(kind, database, contract)
        assert result.returncode == 0, result.stderr[-2000:]
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM accounts")).scalar() == ROWS
            with pytest.raises(Exception, match="(?i)users"):
                conn.execute(text("SELECT count(*) FROM users"))


@pytest.mark.parametrize("kind", SERVERS)
def test_a_required_column_with_no_value_stops_at_validation_and_resumes(kind):
    old, _, script = example_script(kind, "add_required_column_no_value")
    with fresh_database(kind) as (engine, database):
        prepare(kind, engine, old)
        failed = run_script(kind, database, script)
        assert failed.returncode != 0
        expected = ("is violated by some row" if kind == "postgresql"
                    else "archdocs: rows of accounts have plan NULL: fill them before NOT NULL")
        assert expected in failed.stderr
        with engine.begin() as conn:  # what the deployed application does for old rows
            conn.execute(text("UPDATE accounts SET plan = 'basic' WHERE plan IS NULL"))
        # PostgreSQL: every step is guarded, the whole script reruns; MariaDB: resume from
        # the step that failed (ADD COLUMN has no IF NOT EXISTS on MySQL 8).
        again = script if kind == "postgresql" else from_failed_step(script, failed.stderr)
        if kind == "mysql":
            assert "ADD COLUMN" not in again
        rerun = run_script(kind, database, again)
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        with engine.connect() as conn:
            assert conn.execute(text(
                "SELECT count(*) FROM accounts WHERE plan = 'basic'")).scalar() == ROWS
            with pytest.raises(Exception, match="(?i)null|doesn.t have a default"):
                conn.execute(text("INSERT INTO accounts (id) VALUES (99)"))


@pytest.mark.parametrize("kind", SERVERS)
def test_a_table_moved_to_another_schema_keeps_its_rows_and_its_old_name_until_contract(kind):
    from sqlalchemy import Column, String

    from archdocs.migrate import DialectName, diff_metadata, plan_diff
    from archdocs.migrate.examples import key, schema_with
    from archdocs.migrate.output.sql import render_sql
    from archdocs.model import table_notes

    with fresh_database(kind) as (engine, database):
        # PostgreSQL: two schemas of the test database; MariaDB: two more databases
        source, target = f"{database}_a", f"{database}_b"
        old = schema_with(key(), Column("email", String(100)), schema=source)
        new = schema_with(key(), Column("email", String(100)), schema=target,
                          info=table_notes(renamed_from=f"{source}.accounts"))
        dialect = DialectName(kind)
        plan = plan_diff(diff_metadata(old, new, dialect), dialect)
        before_contract, contract = until_phase(render_sql(plan), "contract")
        create = "CREATE SCHEMA" if kind == "postgresql" else "CREATE DATABASE"
        try:
            with engine.begin() as conn:
                conn.execute(text(f"{create} {source}"))
            old.create_all(engine)
            with engine.begin() as conn:
                conn.execute(text(f"INSERT INTO {source}.accounts (id, email) VALUES "
                                  + ", ".join(f"({n}, 'x{n}')" for n in range(1, ROWS + 1))))
            result = run_script(kind, database, before_contract)
            assert result.returncode == 0, result.stderr[-2000:]
            with engine.begin() as old_app:  # N-1 still names the old schema
                assert old_app.execute(text(
                    f"SELECT count(*) FROM {source}.accounts")).scalar() == ROWS
                old_app.execute(text(
                    f"INSERT INTO {source}.accounts (id, email) VALUES (100, 'new')"))
            with engine.connect() as new_app:
                assert new_app.execute(text(
                    f"SELECT count(*) FROM {target}.accounts")).scalar() == ROWS + 1
            result = run_script(kind, database, contract)
            assert result.returncode == 0, result.stderr[-2000:]
            with engine.connect() as conn:
                assert conn.execute(text(
                    f"SELECT count(*) FROM {target}.accounts")).scalar() == ROWS + 1
                if kind == "postgresql":  # the emptied old schema is dropped
                    assert conn.execute(text(
                        "SELECT count(*) FROM pg_namespace WHERE nspname = :name"),
                        {"name": source}).scalar() == 0
                else:  # the view is gone; the database is left for people to drop
                    assert conn.execute(text(
                        "SELECT count(*) FROM information_schema.tables WHERE "
                        "table_schema = :name"), {"name": source}).scalar() == 0
        finally:
            if kind == "mysql":
                with engine.begin() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {source}"))
                    conn.execute(text(f"DROP DATABASE IF EXISTS {target}"))
