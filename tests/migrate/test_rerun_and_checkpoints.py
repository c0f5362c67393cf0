"""A plan's SQL script on the real servers, run the way an operator would: an unattended run
stops at each deploy checkpoint, and running the script again after it finished changes
nothing (every finished step is skipped)."""

from __future__ import annotations

import pytest
from every_change import new_metadata, old_metadata
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Engine

from archdocs.migrate import DialectName, diff_metadata, plan_diff
from archdocs.migrate.output.sql import render_sql
from archdocs.migrate.plan.steps import PhaseName, Plan
from archdocs.model import Volume

from .servers import fresh_database, not_ledger, run_script
from .test_apply_on_servers import ROWS

SERVERS = [pytest.param("postgresql", marks=pytest.mark.postgres),
           pytest.param("mysql", marks=pytest.mark.mariadb)]


def _plan(kind: str) -> Plan:
    dialect = DialectName(kind)
    volumes = {"orders": Volume(rows=50_000_000), "customers": Volume(rows=20_000)}
    return plan_diff(diff_metadata(old_metadata(kind), new_metadata(kind), dialect), dialect,
                     datastore="shop", volume_of=lambda table: volumes.get(table.name))


def _load(kind: str, engine: Engine) -> None:
    old_metadata(kind).create_all(engine)
    with engine.begin() as conn:
        for statement in ROWS.values():
            conn.execute(text(statement))


def _snapshot(kind: str, engine: Engine) -> dict[str, object]:
    """Everything a rerun could change: each table's definition and its rows."""
    found = MetaData()
    found.reflect(engine, only=lambda name, _: not_ledger(name, "table", None))
    snapshot: dict[str, object] = {}
    with engine.connect() as conn:
        for name in sorted(found.tables):
            if kind == "mysql":
                snapshot[name] = conn.execute(text(f"SHOW CREATE TABLE `{name}`")).one()[1]
            else:
                snapshot[name] = conn.execute(text(
                    "SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                    " || ' ' || a.attnotnull::text || ' ' || coalesce(pg_get_expr(d.adbin, "
                    "d.adrelid), ''), ', ' ORDER BY a.attnum) FROM pg_attribute a LEFT JOIN "
                    "pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE "
                    "a.attrelid = CAST(:t AS regclass) AND a.attnum > 0 AND NOT a.attisdropped"),
                    {"t": name}).scalar()
                snapshot[name + " indexes"] = conn.execute(text(
                    "SELECT string_agg(indexrelid::regclass::text || ' ' || indisvalid::text, "
                    "', ' ORDER BY indexrelid::regclass::text) FROM pg_index "
                    "WHERE indrelid = CAST(:t AS regclass)"), {"t": name}).scalar()
                snapshot[name + " constraints"] = conn.execute(text(
                    "SELECT string_agg(conname || ' ' || convalidated::text, ', ' ORDER BY "
                    "conname) FROM pg_constraint WHERE conrelid = CAST(:t AS regclass)"),
                    {"t": name}).scalar()
            snapshot[name + " rows"] = [tuple(r) for r in conn.execute(
                found.tables[name].select().order_by(*found.tables[name].primary_key.columns
                                                    or found.tables[name].columns))]
    return snapshot


@pytest.mark.parametrize("kind", SERVERS)
def test_running_the_finished_plan_again_changes_nothing(kind):
    plan = _plan(kind)
    script = render_sql(plan)
    sql_steps = [step for step in plan.steps if not step.is_checkpoint]
    with fresh_database(kind) as (engine, database):
        _load(kind, engine)
        first = run_script(kind, database, script)
        assert first.returncode == 0, first.stderr[-3000:]
        after_first = _snapshot(kind, engine)
        second = run_script(kind, database, script)
        assert second.returncode == 0, second.stderr[-3000:]
        assert _snapshot(kind, engine) == after_first
        with engine.connect() as conn:
            recorded = conn.execute(text("SELECT count(*) FROM archdocs_migration_steps")).scalar()
        assert recorded == len(sql_steps)
        if kind == "postgresql":
            # psql says so for each step: nothing was run twice (no index dropped and rebuilt).
            skipped = [line for line in second.stdout.splitlines() if "skipped" in line]
            assert len(skipped) == len(sql_steps)


@pytest.mark.parametrize("kind", SERVERS)
def test_an_unattended_run_stops_at_each_deploy_checkpoint(kind):
    plan = _plan(kind)
    script = render_sql(plan)
    checkpoints = [s for s in plan.steps if s.is_checkpoint and s.phase is PhaseName.DEPLOY]
    assert len(checkpoints) >= 2
    with fresh_database(kind) as (engine, database):
        _load(kind, engine)
        # psql without ON_ERROR_STOP, the way `psql -f plan.sql` runs by default
        stopped = run_script(kind, database, script, passed=0, stop_on_error=False)
        assert stopped.returncode != 0
        assert "stopped at checkpoint 1" in stopped.stderr
        assert "stopped at checkpoint 2" not in stopped.stderr + stopped.stdout
        with engine.connect() as conn:
            # the expand phase ran (the new table exists), the backfill did not
            assert conn.execute(text("SELECT count(*) FROM shipments")).scalar() == 0
            assert conn.execute(text(
                "SELECT count(*) FROM customers WHERE country IS NULL")).scalar() == 3
        # the operator deployed the first version: the run goes on to the next checkpoint
        second = run_script(kind, database, script, passed=1, stop_on_error=False)
        assert second.returncode != 0
        assert "stopped at checkpoint 2" in second.stderr
        finished = run_script(kind, database, script, passed=len(checkpoints))
        assert finished.returncode == 0, finished.stderr[-3000:]
        with engine.connect() as conn:
            assert conn.execute(text(
                "SELECT count(*) FROM customers WHERE country IS NULL")).scalar() == 0


@pytest.mark.parametrize("kind", SERVERS)
def test_one_file_per_phase_each_next_file_opens_with_its_checkpoint(kind, tmp_path):
    from archdocs.cli import main
    from archdocs.migrate.output.sql import render_sql_files

    from .test_cli import FIXTURES

    output = tmp_path / "plan"
    assert main(["plan", "--base-dir", str(FIXTURES / "base"), "--head-dir",
                 str(FIXTURES / "head"), "--format", "sql", "--output", str(output)]) == 0
    assert [f.name for f in sorted(output.glob("*.sql"))] == [
        "01-expand.sql", "02-backfill.sql", "03-validate.sql", "04-cutover.sql",
        "05-contract.sql"]
    files = render_sql_files(_plan(kind))
    names = sorted(files)
    assert names[:2] == ["01-expand.sql", "02-backfill.sql"]
    backfill = files["02-backfill.sql"]
    top = backfill.split("Phase: backfill", 1)[0]
    # the checkpoint's condition is written at the top of the file that follows it
    assert "Run this file only when the checkpoint below holds:" in top
    assert "CHECKPOINT: deploy code" in top
    with fresh_database(kind) as (engine, database):
        _load(kind, engine)
        first = run_script(kind, database, files["01-expand.sql"], passed=0)
        assert first.returncode == 0, first.stderr[-2000:]
        # unattended, the next file stops before its first step
        stopped = run_script(kind, database, backfill, passed=0, stop_on_error=False)
        assert stopped.returncode != 0 and "stopped at checkpoint 1" in stopped.stderr
        with engine.connect() as conn:
            assert conn.execute(text(
                "SELECT count(*) FROM customers WHERE country IS NULL")).scalar() == 3
        for name in names[1:]:  # the operator passed every checkpoint: the files run through
            result = run_script(kind, database, files[name])
            assert result.returncode == 0, (name, result.stderr[-2000:])
        with engine.connect() as conn:
            assert conn.execute(text(
                "SELECT count(*) FROM customers WHERE country IS NULL")).scalar() == 0
