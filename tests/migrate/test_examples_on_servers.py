"""Every hazard example's plan, run by the real client on PostgreSQL 15 and MariaDB 10.11 over
a row of data, ends at the new model with the row kept."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Enum, insert, select

from archdocs.migrate import DialectName, diff_metadata, plan_diff
from archdocs.migrate.examples import EXAMPLES, POSTGRESQL_ONLY
from archdocs.migrate.output.sql import render_sql

from .servers import fresh_database, run_script

CASES = [pytest.param("postgresql", name, marks=[pytest.mark.postgres, pytest.mark.slow],
                      id=f"postgresql-{name}") for name in sorted(EXAMPLES)]
CASES += [pytest.param("mysql", name, marks=[pytest.mark.mariadb, pytest.mark.slow],
                       id=f"mariadb-{name}") for name in sorted(set(EXAMPLES) - POSTGRESQL_ONLY)]


def _row(table) -> dict[str, object]:  # type: ignore[no-untyped-def]
    values: dict[str, object] = {}
    for column in table.columns:
        if column.computed is not None:
            continue
        if isinstance(column.type, Enum):
            values[column.name] = column.type.enums[0]
        elif column.name in ("id", "owner_id"):
            values[column.name] = 1
        elif column.type.python_type is int:
            values[column.name] = 5
        elif column.type.python_type is dict:
            values[column.name] = {"a": 1}
        else:
            values[column.name] = "x"
    return values


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_the_example_plan_runs_and_keeps_the_row(kind, name):
    dialect = DialectName(kind)
    old, new = (build() for build in EXAMPLES[name])
    script = render_sql(plan_diff(diff_metadata(old, new, dialect), dialect))
    table = next(t for table_name, t in old.tables.items() if table_name != "owners")
    with fresh_database(kind) as (engine, database):
        old.create_all(engine)
        with engine.begin() as conn:
            conn.execute(insert(old.tables["owners"]).values(id=1))
            conn.execute(insert(table).values(**_row(table)))
        result = run_script(kind, database, script)
        assert result.returncode == 0, result.stderr[-2000:]
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True})
            assert compare_metadata(context, new) == []
            kept = next((t for table_name, t in new.tables.items() if table_name != "owners"),
                        None)
            if name != "drop_table" and kept is not None:
                assert len(conn.execute(select(kept)).all()) == 1
