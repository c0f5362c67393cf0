"""SQLite: changes its ALTER TABLE cannot make are planned as one table rebuild; the script
runs with the sqlite3 client and keeps the rows."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, insert, select

from archdocs.migrate import DialectName
from archdocs.migrate.examples import MYSQL_ONLY, POSTGRESQL_ONLY
from archdocs.migrate.output.sql import render_sql

from .test_hazards import CASES, plan_case

# Cases whose model SQLite cannot express (PostgreSQL- or MySQL-only types and defaults),
# and the one whose plan waits for the application to fill a column.
UNSUPPORTED = POSTGRESQL_ONLY | MYSQL_ONLY | {"add_required_column_no_value"}
# Enum value changes are CHECK-less VARCHARs on SQLite: nothing to migrate, nothing to compare.
SQLITE_CASES = sorted(set(CASES) - UNSUPPORTED)


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 client is not installed")
@pytest.mark.parametrize("case", SQLITE_CASES)
def test_the_sqlite_plan_runs_and_matches_the_new_model(case, tmp_path):
    old, new = (build() for build in CASES[case])
    database = tmp_path / "db.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    old.create_all(engine)
    table = next(t for name, t in old.tables.items() if name != "owners")
    row = {c.name: (1 if c.name in ("id", "owner_id") else 5 if isinstance(
        c.type.python_type, type) and c.type.python_type is int else "open" if c.name == "status"
        else "x") for c in table.columns if c.computed is None}
    with engine.begin() as conn:
        conn.execute(insert(old.tables["owners"]).values(id=1))
        conn.execute(insert(table).values(**row))
    script = render_sql(plan_case(case, DialectName.SQLITE))
    result = subprocess.run(["sqlite3", "-bail", str(database)], input=script,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr + script
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, new)
        assert differences == []
        new_table = next((t for name, t in new.tables.items() if name != "owners"), None)
        if case != "drop_table" and new_table is not None:
            assert len(conn.execute(select(new_table)).all()) == 1
