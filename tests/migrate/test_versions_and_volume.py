"""Plans follow the declared server version (what is metadata-only there) and treat an
undeclared volume as one that could be large."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, text

from archdocs.migrate import DialectName, diff_metadata, plan_diff
from archdocs.migrate.output.sql import render_sql
from archdocs.migrate.plan.steps import Plan, Severity
from archdocs.migrate.versions import Server
from archdocs.model import Volume

from .servers import fresh_database, run_script


def _country_pair() -> tuple[MetaData, MetaData]:
    old, new = MetaData(), MetaData()
    Table("customers", old, Column("id", Integer, primary_key=True, autoincrement=False),
          Column("name", String(40)))
    Table("customers", new, Column("id", Integer, primary_key=True, autoincrement=False),
          Column("name", String(40), nullable=False),
          Column("country", String(2), nullable=False, server_default="US"))
    return old, new


def _plan(dialect: DialectName, product: str, version: str, pair=_country_pair,
          volume: Volume | None = None) -> Plan:
    old, new = pair()
    return plan_diff(diff_metadata(old, new, dialect), dialect,
                     server=Server.parse(product, version),
                     volume_of=lambda table: volume)


def test_postgresql_10_adds_a_column_with_a_default_without_the_rewrite_11_does_not_need():
    modern = _plan(DialectName.POSTGRESQL, "postgresql", "15")
    old = _plan(DialectName.POSTGRESQL, "postgresql", "10")
    add_15 = [s for s in modern.steps if "country" in s.title]
    add_10 = [s for s in old.steps if "country" in s.title]
    # 15: one metadata-only ADD COLUMN ... DEFAULT 'US' NOT NULL
    assert [s.title for s in add_15] == ["add column country"]
    assert "DEFAULT 'US' NOT NULL" in add_15[0].statements[0].sql
    # 10: added without its default, default set for new rows, rows filled in batches
    titles = [s.title for s in add_10]
    assert titles[0] == "add column country as nullable, without default"
    assert "DEFAULT" not in add_10[0].statements[0].sql.split("country", 1)[1]
    assert any(t.startswith("backfill country") for t in titles)
    assert "PostgreSQL 10: ADD COLUMN with a DEFAULT rewrites the table" in add_10[0].notes[0]


def test_set_not_null_scans_under_lock_before_postgresql_12_and_says_so():
    on_12 = _plan(DialectName.POSTGRESQL, "postgresql", "12")
    on_11 = _plan(DialectName.POSTGRESQL, "postgresql", "11")
    set_12 = next(s for s in on_12.steps if s.title.startswith("set name NOT NULL"))
    set_11 = next(s for s in on_11.steps if s.title.startswith("set name NOT NULL"))
    assert "no scan" in set_12.title and not set_12.blocks_writes
    assert set_11.blocks_writes and set_11.scans
    assert "does not use the validated check" in set_11.title
    # the volume is not declared: it could be large, so this is an error, not "accepted"
    assert set_11.severity is Severity.ERROR
    small = _plan(DialectName.POSTGRESQL, "postgresql", "11", volume=Volume(rows=1_000))
    assert next(s for s in small.steps if s.title.startswith("set name NOT NULL")).severity \
        is Severity.INFO


def test_mysql_before_8_0_12_adds_columns_in_place_not_instantly():
    instant = _plan(DialectName.MYSQL, "mysql", "8.0.30")
    in_place = _plan(DialectName.MYSQL, "mysql", "8.0.11")
    mariadb = _plan(DialectName.MYSQL, "mariadb", "10.11")

    def add_sql(plan: Plan) -> str:
        return next(s for s in plan.steps if "country" in s.title).statements[0].sql

    assert add_sql(instant).endswith("ALGORITHM=INSTANT")
    assert add_sql(mariadb).endswith("ALGORITHM=INSTANT")
    assert add_sql(in_place).endswith("ALGORITHM=INPLACE, LOCK=NONE")


def _price_pair() -> tuple[MetaData, MetaData]:
    old, new = MetaData(), MetaData()
    Table("products", old, Column("id", Integer, primary_key=True, autoincrement=False),
          Column("price", Integer))
    from sqlalchemy import BigInteger
    Table("products", new, Column("id", Integer, primary_key=True, autoincrement=False),
          Column("price", BigInteger))
    return old, new


def test_an_undeclared_volume_takes_the_online_path_for_a_type_change():
    plan = _plan(DialectName.POSTGRESQL, "postgresql", "15", pair=_price_pair)
    script = render_sql(plan)
    assert "ALTER COLUMN price TYPE" not in script
    assert "price_archdocs_new" in script
    # nothing holds the table for a rewrite with statement_timeout = 0
    assert not any(s.blocks_writes for s in plan.steps)
    declared_small = _plan(DialectName.POSTGRESQL, "postgresql", "15", pair=_price_pair,
                           volume=Volume(rows=500))
    assert "ALTER COLUMN price TYPE BIGINT" in render_sql(declared_small)


def test_every_write_blocking_step_of_a_postgresql_script_has_a_statement_timeout():
    plan = _plan(DialectName.POSTGRESQL, "postgresql", "11")
    script = render_sql(plan)
    block = script.split("set name NOT NULL (scans the table", 1)[1].split("-- Step ", 1)[0]
    assert "SET statement_timeout = '60s';" in block
    assert "SET statement_timeout = '0'" not in block


@pytest.mark.postgres
def test_the_postgresql_10_plan_runs_and_keeps_existing_rows(tmp_path):
    # Run on the PostgreSQL 15 server here: the version-10 plan is valid SQL there too, and
    # leaves the same schema and data as the version-15 plan.
    for version in ("10", "15"):
        plan = _plan(DialectName.POSTGRESQL, "postgresql", version)
        old, new = _country_pair()
        with fresh_database("postgresql") as (engine, database):
            old.create_all(engine)
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO customers VALUES (1, 'a'), (2, 'b')"))
            result = run_script("postgresql", database, render_sql(plan))
            assert result.returncode == 0, result.stderr[-2000:]
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT id, country FROM customers ORDER BY id")).all()
                assert [tuple(r) for r in rows] == [(1, "US"), (2, "US")]
                default = conn.execute(text(
                    "SELECT column_default, is_nullable FROM information_schema.columns "
                    "WHERE table_name = 'customers' AND column_name = 'country'")).one()
                assert tuple(default) == ("'US'::character varying", "NO")


def test_algorithm_copy_on_a_large_declared_mariadb_table_is_an_error():
    def enum_pair() -> tuple[MetaData, MetaData]:
        # an indexed column cannot be swapped for a new one: the type change copies the table
        old, new = MetaData(), MetaData()
        Table("t", old, Column("id", Integer, primary_key=True, autoincrement=False),
              Column("n", Integer, index=True))
        Table("t", new, Column("id", Integer, primary_key=True, autoincrement=False),
              Column("n", String(20), index=True))
        return old, new

    large = _plan(DialectName.MYSQL, "mariadb", "10.11", pair=enum_pair,
                  volume=Volume(rows=5_000_000))
    small = _plan(DialectName.MYSQL, "mariadb", "10.11", pair=enum_pair,
                  volume=Volume(rows=5_000))
    [copy] = [s for s in large.steps if any("ALGORITHM=COPY" in st.sql for st in s.statements)]
    assert copy.severity is Severity.ERROR
    assert all(s.severity is not Severity.ERROR for s in small.steps)


def test_long_steps_carry_a_duration_estimate_from_the_declared_volume_with_its_assumptions():
    def estimate_of(volume: Volume | None) -> list[str]:
        plan = _plan(DialectName.POSTGRESQL, "postgresql", "15", pair=_price_pair, volume=volume)
        return [n for s in plan.steps for n in s.notes if n.startswith("Estimated")]

    assert estimate_of(None) == []  # nothing declared: no invented figure
    small = estimate_of(Volume(rows=1_000))
    assert small == ["Estimated table rewrite: under a second (1,000 rows, 110 bytes a row (no "
                     "row_bytes declared), 1 index rebuilt; 180,000 rows/s measured on "
                     "PostgreSQL 15 on a 2-core test machine: expect it to differ on yours)."]
    large = estimate_of(Volume(rows=50_000_000, row_bytes=220))
    backfill = next(n for n in large if n.startswith("Estimated batched backfill"))
    assert "about 32 min" in backfill  # 50 M × 2 / 71 000 rows/s + 10 000 pauses of 0.05 s and "50,000,000 rows, 220 bytes a row" in backfill
    assert "batches of 5,000 with a 0.05 s pause" in backfill


def test_mariadb_rebuilds_a_table_once_for_several_in_place_column_changes():
    def pair() -> tuple[MetaData, MetaData]:
        old, new = MetaData(), MetaData()
        Table("t", old, Column("id", Integer, primary_key=True, autoincrement=False),
              Column("a", String(5)), Column("b", String(5)))
        Table("t", new, Column("id", Integer, primary_key=True, autoincrement=False),
              Column("a", String(5), nullable=False), Column("b", String(5), nullable=False))
        return old, new

    plan = _plan(DialectName.MYSQL, "mariadb", "10.11", pair=pair, volume=Volume(rows=10))
    rebuilds = [s for s in plan.steps if s.rewrites]
    assert [s.statements[0].sql for s in rebuilds] == [
        "ALTER TABLE t MODIFY COLUMN a VARCHAR(5) NOT NULL, MODIFY COLUMN b VARCHAR(5) NOT NULL, "
        "ALGORITHM=INPLACE, LOCK=NONE"]
    assert rebuilds[0].rollback == ("ALTER TABLE t MODIFY COLUMN a VARCHAR(5), MODIFY COLUMN b "
                                    "VARCHAR(5), ALGORITHM=INPLACE, LOCK=NONE",)


def test_with_no_volume_declared_no_exclusive_lock_is_held_without_a_time_cap():
    import re

    from every_change import new_metadata, old_metadata

    from archdocs.migrate.examples import EXAMPLES, MYSQL_ONLY

    pg = DialectName.POSTGRESQL
    pairs = [(old_metadata("postgresql"), new_metadata("postgresql"))] + [
        (build_old(), build_new()) for name, (build_old, build_new) in sorted(EXAMPLES.items())
        if name not in MYSQL_ONLY]
    for old, new in pairs:
        plan = plan_diff(diff_metadata(old, new, pg), pg)
        script = render_sql(plan)
        for block in re.split(r"\n-- Step \d+ ", script)[1:]:
            if "lock: ACCESS EXCLUSIVE" in block:
                assert "SET statement_timeout = '0'" not in block, block[:300]
        for step in plan.steps:
            if step.blocks_writes:
                assert step.severity is Severity.ERROR, step.title  # could be large: ask
