"""The 27 rows of dangerous schema changes (compiled from squawk, strong_migrations, Atlas,
django-migration-linter and Alembic): each has a hazard code with a page, a plan that names
it on every server it applies to, and server tests that exist; the guide's coverage table is
the one generated from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Column, Index, Integer, MetaData, String, Table
from sqlalchemy.dialects.postgresql import ExcludeConstraint

from archdocs.migrate import ChangeKind, DialectName, diff_metadata, plan_diff
from archdocs.migrate.coverage import ROWS, node_ids, with_table
from archdocs.migrate.examples import EXAMPLES, MYSQL_ONLY, POSTGRESQL_ONLY
from archdocs.migrate.hazards import HAZARDS
from archdocs.migrate.output.sql import render_sql

from .test_examples_on_servers import CASES, NEEDS_THE_APPLICATION
from .test_hazard_rows_on_servers import LOCK_CASES

REPO = Path(__file__).resolve().parents[2]
SERVERS = (DialectName.POSTGRESQL, DialectName.MYSQL)


def test_the_coverage_table_in_the_migrations_guide_is_the_generated_one():
    guide = (REPO / "docs" / "guide" / "migrations.md").read_text(encoding="utf-8")
    assert guide == with_table(guide), (
        "the coverage table is stale: python -m archdocs.migrate.coverage docs/guide/migrations.md")


def test_all_27_rows_have_a_hazard_code_and_a_reference_page():
    assert [row.number for row in ROWS] == list(range(1, 28))
    for row in ROWS:
        assert row.codes, f"row {row.number} has no hazard code"
        for code in row.codes:
            assert code in HAZARDS
            assert (REPO / "docs" / "hazards" / f"{code}.md").is_file()
        for dialect in SERVERS:
            applies = row.on(dialect)
            assert applies.examples or applies.tests or applies.note, (
                f"row {row.number} says nothing for {dialect.value}")


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"row{row.number}")
def test_each_rows_example_plans_name_the_rows_hazard_on_each_server(row):
    for dialect in SERVERS:
        other_only = MYSQL_ONLY if dialect is DialectName.POSTGRESQL else POSTGRESQL_ONLY
        for name in row.on(dialect).examples:
            assert name not in other_only and name not in NEEDS_THE_APPLICATION
            old, new = (build() for build in EXAMPLES[name])
            plan = plan_diff(diff_metadata(old, new, dialect), dialect)
            named = {code for step in plan.steps for code in step.hazards}
            assert named & set(row.codes), (
                f"row {row.number}: the {dialect.value} plan of {name} names none of "
                f"{row.codes} (it names {sorted(named)})")


def test_every_test_the_coverage_table_names_exists():
    example_ids = {param.id for param in CASES}
    lock_ids = {param.id for param in LOCK_CASES}
    for row in ROWS:
        for dialect in SERVERS:
            for node in node_ids(row, dialect):
                path, _, test = node.partition("::")
                function, _, param = test.partition("[")
                source = (REPO / path).read_text(encoding="utf-8")
                assert f"def {function}(" in source, node
                if path.endswith("test_examples_on_servers.py"):
                    assert param.rstrip("]") in example_ids, node
                if function == "test_a_held_lock_makes_the_step_time_out_and_the_rerun_succeed":
                    assert param.rstrip("]") in lock_ids, node


def test_no_plan_truncates_cascades_or_rebuilds_under_lock():
    forbidden = re.compile(r"\b(TRUNCATE|CASCADE|REINDEX|CLUSTER|VACUUM|DETACH PARTITION)\b")
    for name, (build_old, build_new) in sorted(EXAMPLES.items()):
        for dialect in (*SERVERS, DialectName.SQLITE):
            if (name in POSTGRESQL_ONLY and dialect is not DialectName.POSTGRESQL) or (
                    name in MYSQL_ONLY and dialect is not DialectName.MYSQL):
                continue
            for old, new in ((build_old(), build_new()), (build_new(), build_old())):
                script = render_sql(plan_diff(diff_metadata(old, new, dialect), dialect))
                statements = "\n".join(line for line in script.splitlines()
                                       if not line.startswith("--"))
                assert not forbidden.search(statements), (name, dialect)


def test_every_ddl_step_of_a_script_sets_its_timeouts_first():
    # MH020's page says so: each step's SQL starts with the lock timeout.
    for name, (build_old, build_new) in sorted(EXAMPLES.items()):
        for dialect in SERVERS:
            if name in (MYSQL_ONLY if dialect is DialectName.POSTGRESQL else POSTGRESQL_ONLY):
                continue
            plan = plan_diff(diff_metadata(build_old(), build_new(), dialect), dialect)
            script = render_sql(plan)
            timeout = "SET lock_timeout" if dialect is DialectName.POSTGRESQL else (
                "SET SESSION lock_wait_timeout")
            blocks = re.split(r"\n-- Step \d+ ", script)[1:]
            sql_steps = [s for s in plan.steps if not s.is_checkpoint]
            with_sql = [b for b in blocks if "CHECKPOINT:" not in b]
            assert len(with_sql) == len(sql_steps)
            for block in with_sql:
                body = [line for line in block.splitlines()[1:] if not line.startswith("--")]
                assert body[0].startswith(timeout), (name, block)


def test_the_differ_detects_every_kind_of_change_sqlalchemy_can_declare():
    found: set[ChangeKind] = set()
    for name, (build_old, build_new) in EXAMPLES.items():
        dialect = DialectName.MYSQL if name in MYSQL_ONLY else DialectName.POSTGRESQL
        found |= {c.kind for c in diff_metadata(build_old(), build_new(), dialect).changes}
        found |= {c.kind for c in diff_metadata(build_new(), build_old(), dialect).changes}
    old, new = MetaData(), MetaData()
    Table("t", old, Column("id", Integer, primary_key=True), Column("c", String(5)))
    Table("t", new, Column("id", Integer, primary_key=True), Column("c", String(5), comment="x"),
          comment="a table")
    found |= {c.kind for c in diff_metadata(old, new, DialectName.POSTGRESQL).changes}
    assert set(ChangeKind) - found == set()


def test_an_index_whose_predicate_or_method_changed_is_rebuilt():
    def schema(**options):  # type: ignore[no-untyped-def]
        metadata = MetaData()
        Table("t", metadata, Column("id", Integer, primary_key=True), Column("c", String(5)),
              Index("ix_t_c", "c", **options))
        return metadata

    for before, after in (({}, {"postgresql_where": "c IS NOT NULL"}),
                          ({"postgresql_using": "btree"}, {"postgresql_using": "hash"})):
        diff = diff_metadata(schema(**before), schema(**after), DialectName.POSTGRESQL)
        assert [c.kind for c in diff.changes] == [ChangeKind.DROP_INDEX, ChangeKind.ADD_INDEX]
        # PostgreSQL's options mean nothing to MySQL/MariaDB: no rebuild there
        assert diff_metadata(schema(**before), schema(**after), DialectName.MYSQL).changes == []
    same = diff_metadata(schema(postgresql_where="c IS NOT NULL"),
                         schema(postgresql_where="c IS NOT NULL"), DialectName.POSTGRESQL)
    assert same.changes == []


def test_an_exclusion_constraint_is_detected_and_planned_as_an_error_without_safe_path():
    old, new = (build() for build in EXAMPLES["add_exclusion_constraint"])
    diff = diff_metadata(old, new, DialectName.POSTGRESQL)
    assert [c.kind for c in diff.changes] == [ChangeKind.ADD_EXCLUSION]
    plan = plan_diff(diff, DialectName.POSTGRESQL)
    [step] = plan.steps
    assert step.severity == "error" and step.hazards == ("MH028",)
    assert "EXCLUDE USING gist (slot WITH &&)" in step.statements[-1].sql
    assert "maintenance window" in " ".join(step.notes)
    small = plan_diff(diff, DialectName.POSTGRESQL, volume_of=lambda table: _rows(5_000))
    assert small.steps[0].severity == "info"
    # MySQL/MariaDB have no exclusion constraints: said so, as an error, with no SQL
    old, new = MetaData(), MetaData()
    for metadata in (old, new):
        Table("bookings", metadata, Column("id", Integer, primary_key=True),
              Column("room", Integer))
    new.tables["bookings"].append_constraint(ExcludeConstraint(("room", "="), name="one_room"))
    mysql = plan_diff(diff_metadata(old, new, DialectName.MYSQL), DialectName.MYSQL)
    [step] = mysql.steps
    assert step.severity == "error" and step.is_checkpoint
    assert "exclusion constraints exist only on PostgreSQL" in step.title


def _rows(count: int):  # type: ignore[no-untyped-def]
    from archdocs.model import Volume

    return Volume(rows=count)


def test_a_table_named_with_and_without_postgresqls_default_schema_is_the_same_table():
    old, new = MetaData(), MetaData()
    Table("t", old, Column("id", Integer, primary_key=True), schema="public")
    Table("t", new, Column("id", Integer, primary_key=True), Column("x", Integer))
    diff = diff_metadata(old, new, DialectName.POSTGRESQL)
    assert [c.describe() for c in diff.changes] == ["add column t.x (INTEGER)"]
