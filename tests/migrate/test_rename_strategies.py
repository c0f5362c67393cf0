"""A column rename made expand/contract (``column_notes(rename_strategy="expand-contract")``):
on the real servers, the previous application version keeps writing the old name and the new
one the new name while the plan runs, and no value is lost."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, String, Table, text

from archdocs.migrate import DialectName, diff_metadata, plan_diff
from archdocs.migrate.output.sql import render_sql
from archdocs.model import column_notes

from .servers import fresh_database, not_ledger, run_script

SERVERS = [pytest.param("postgresql", marks=pytest.mark.postgres),
           pytest.param("mysql", marks=pytest.mark.mariadb)]


def _pair(strategy: str) -> tuple[MetaData, MetaData]:
    old, new = MetaData(), MetaData()
    Table("customers", old, Column("id", Integer, primary_key=True, autoincrement=False),
          Column("legacy_code", String(20)))
    Table("customers", new, Column("id", Integer, primary_key=True, autoincrement=False),
          Column("customer_code", String(20),
                 info=column_notes(renamed_from="legacy_code", rename_strategy=strategy)))
    return old, new


def test_the_rename_strategy_is_chosen_per_rename(tmp_path):
    from .test_squawk import squawk_findings

    in_place = plan_diff(*(lambda o, n: (diff_metadata(o, n, DialectName.POSTGRESQL),
                                         DialectName.POSTGRESQL))(*_pair("in-place")))
    expand = plan_diff(*(lambda o, n: (diff_metadata(o, n, DialectName.POSTGRESQL),
                                       DialectName.POSTGRESQL))(*_pair("expand-contract")))
    assert any("RENAME COLUMN" in s.sql for step in in_place.steps for s in step.statements)
    assert not any("RENAME COLUMN" in s.sql for step in expand.steps for s in step.statements)
    # no step of the expand/contract plan breaks the running version before the contract
    assert all(step.compatible_with_previous for step in expand.steps
               if step.phase.value != "contract")
    assert squawk_findings(render_sql(expand), tmp_path) == []
    with pytest.raises(ValueError, match="rename_strategy must be one of"):
        column_notes(renamed_from="a", rename_strategy="sideways")


@pytest.mark.parametrize("kind", SERVERS)
def test_both_application_versions_write_while_an_expand_contract_rename_runs(kind):
    dialect = DialectName(kind)
    old, new = _pair("expand-contract")
    plan = plan_diff(diff_metadata(old, new, dialect), dialect)
    script = render_sql(plan)
    with fresh_database(kind) as (engine, database):
        old.create_all(engine)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO customers (id, legacy_code) VALUES (1, 'A'), "
                              "(2, NULL), (3, 'C')"))
        expand = run_script(kind, database, script, passed=0)
        assert "stopped at checkpoint 1" in expand.stderr
        with engine.begin() as conn:
            # the previous version writes the old name, the new version the new name
            conn.execute(text("INSERT INTO customers (id, legacy_code) VALUES (4, 'D')"))
            conn.execute(text("UPDATE customers SET legacy_code = 'A2' WHERE id = 1"))
            conn.execute(text("INSERT INTO customers (id, customer_code) VALUES (5, 'E')"))
            rows = conn.execute(text(
                "SELECT id, legacy_code, customer_code FROM customers WHERE id IN (1, 4, 5) "
                "ORDER BY id")).all()
            assert [tuple(r) for r in rows] == [(1, "A2", "A2"), (4, "D", "D"), (5, "E", "E")]
        finished = run_script(kind, database, script)
        assert finished.returncode == 0, finished.stderr[-2000:]
        with engine.connect() as conn:
            codes = conn.execute(text("SELECT id, customer_code FROM customers ORDER BY id"))
            assert [tuple(r) for r in codes] == [(1, "A2"), (2, None), (3, "C"), (4, "D"),
                                                 (5, "E")]
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "include_name": not_ledger})
            assert compare_metadata(context, new) == []
        # nothing is left behind: inserts work without the trigger
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO customers (id, customer_code) VALUES (6, 'F')"))
        assert run_script(kind, database, script).returncode == 0  # rerun: a no-op
