"""One small schema change per hazard: what the plan does about it, per dialect."""

from __future__ import annotations

import pytest
from sqlalchemy import (
    Column,
    Integer,
    String,
)

from archdocs.migrate import DialectName, PhaseName, Plan, diff_metadata, plan_diff
from archdocs.migrate.examples import EXAMPLES
from archdocs.migrate.examples import key as _id
from archdocs.migrate.examples import schema_with as _schema
from archdocs.migrate.hazards import HAZARDS
from archdocs.model import Volume

CASES = EXAMPLES


def plan_case(case: str, dialect: DialectName, rows: int | None = None) -> Plan:
    old, new = (build() for build in CASES[case])
    volume = Volume(rows=rows) if rows is not None else None
    return plan_diff(diff_metadata(old, new, dialect), dialect, datastore="db",
                     volume_of=lambda table: volume)


def sql_of(plan: Plan) -> str:
    return "\n".join(s.sql for step in plan.steps for s in step.statements)


def hazards_of(plan: Plan) -> set[str]:
    return {h for step in plan.steps for h in step.hazards}


PG, MY, LITE = DialectName.POSTGRESQL, DialectName.MYSQL, DialectName.SQLITE


def test_every_hazard_has_a_reference_page_in_the_docs():
    from pathlib import Path

    from archdocs.migrate.hazards import hazard_docs

    docs = Path(__file__).resolve().parents[2] / "docs" / "hazards"
    for name, content in hazard_docs().items():
        assert (docs / name).read_text() == content, (
            f"docs/hazards/{name} is stale: python -m archdocs.migrate.hazards docs/hazards")
    assert len(HAZARDS) >= 22


def test_a_not_null_column_is_added_nullable_backfilled_then_validated():
    plan = plan_case("add_not_null_column", PG)
    phases = [s.phase for s in plan.steps]
    assert phases == [PhaseName.EXPAND, PhaseName.DEPLOY, PhaseName.BACKFILL,
                      PhaseName.VALIDATE, PhaseName.VALIDATE, PhaseName.VALIDATE]
    sql = sql_of(plan)
    assert "ADD COLUMN IF NOT EXISTS plan VARCHAR(10)\n" in sql
    assert "SET plan = 'free'" in sql and "LIMIT 5000" in sql
    assert "CHECK (plan IS NOT NULL) NOT VALID" in sql
    assert "VALIDATE CONSTRAINT accounts_plan_not_null" in sql
    assert "MH001" in hazards_of(plan) and "MH004" in hazards_of(plan)


def test_a_volatile_default_is_set_for_new_rows_and_backfilled_in_batches():
    plan = plan_case("add_volatile_default", PG)
    sql = sql_of(plan)
    assert "ADD COLUMN IF NOT EXISTS token VARCHAR(36)" in sql
    assert "gen_random_uuid()" not in plan.steps[0].statements[0].sql
    assert "SET DEFAULT gen_random_uuid()" in sql
    backfill = [s for s in plan.steps if s.phase is PhaseName.BACKFILL]
    assert backfill and not backfill[0].atomic and "COMMIT;" in backfill[0].statements[0].sql


@pytest.mark.parametrize("case", ["add_generated_column", "add_identity_column"])
def test_generated_and_identity_columns_are_flagged_as_rewrites_scaled_by_volume(case):
    small = plan_case(case, PG, rows=1_000)
    large = plan_case(case, PG, rows=50_000_000)
    [step] = small.steps
    assert step.rewrites and "MH003" in step.hazards
    assert step.severity == "info" and large.steps[0].severity == "error"
    mysql = plan_case("add_generated_column", MY)
    assert "ALGORITHM=COPY" in sql_of(mysql) and "gh-ost" in " ".join(mysql.steps[0].notes)


def test_set_not_null_uses_a_validated_check_on_postgresql_and_inplace_on_mysql():
    sql = sql_of(plan_case("set_not_null", PG))
    assert sql.index("NOT VALID") < sql.index("VALIDATE CONSTRAINT") < sql.index("SET NOT NULL")
    mysql = sql_of(plan_case("set_not_null", MY))
    assert "MODIFY COLUMN email VARCHAR(100) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE" in mysql


def test_a_real_type_change_rewrites_a_small_table_but_a_longer_varchar_does_not():
    change = plan_case("change_type", PG, rows=50_000)
    [step] = change.steps
    assert step.rewrites and step.blocks_writes and step.severity == "info"
    assert step.phase is PhaseName.CUTOVER and "USING balance::BIGINT" in sql_of(change)
    assert plan_case("change_type", PG).steps[0].severity == "warning"  # volume not declared
    widen = plan_case("widen_varchar", PG, rows=20_000_000)
    [step] = widen.steps
    assert not step.rewrites and step.severity == "info" and step.phase is PhaseName.EXPAND
    assert "ALGORITHM=COPY" in sql_of(plan_case("change_type", MY))
    # 100 → 200 characters stays above 255 bytes (utf8mb4): the length prefix keeps its size
    assert "ALGORITHM=INPLACE, LOCK=NONE" in sql_of(plan_case("widen_varchar", MY))


@pytest.mark.parametrize("dialect", [PG, MY])
def test_a_type_change_on_a_large_table_goes_through_a_new_column_and_a_swap(dialect):
    plan = plan_case("change_type", dialect, rows=20_000_000)
    assert [s.phase for s in plan.steps] == [
        PhaseName.EXPAND, PhaseName.DEPLOY, PhaseName.BACKFILL, PhaseName.VALIDATE,
        PhaseName.CUTOVER, PhaseName.CONTRACT]
    assert not any(s.blocks_writes for s in plan.steps)
    sql = sql_of(plan)
    assert "ADD COLUMN" in sql and "balance_archdocs_new" in sql
    assert "RENAME COLUMN balance TO balance_archdocs_old" in sql
    assert plan.point_of_no_return is plan.steps[-1]
    assert "ALGORITHM=COPY" not in sql


def test_a_declared_column_rename_renames_and_breaks_the_previous_version():
    plan = plan_case("rename_column", PG)
    [step] = plan.steps
    assert "RENAME COLUMN mail TO email" in sql_of(plan)
    assert not step.compatible_with_previous and "MH006" in step.hazards
    assert "RENAME COLUMN email TO mail" in step.rollback


def test_an_undeclared_rename_is_reported_as_probable_with_a_hint():
    old = _schema(_id(), Column("mail", String(100)))
    new = _schema(_id(), Column("email", String(100)))
    diff = diff_metadata(old, new, PG)
    [probable] = diff.probable_renames
    assert (probable.old_name, probable.new_name) == ("mail", "email")
    assert 'column_notes(renamed_from="mail")' in probable.hint
    old_tables = _schema(_id(), name="users")
    new_tables = _schema(_id(), name="people")
    [table_rename] = diff_metadata(old_tables, new_tables, PG).probable_renames
    assert table_rename.is_table and 'table_notes(renamed_from="users")' in table_rename.hint


def test_a_declared_table_rename_keeps_the_old_name_as_a_view_until_contract():
    plan = plan_case("rename_table", PG)
    sql = sql_of(plan)
    assert "ALTER TABLE users RENAME TO accounts" in sql
    assert "CREATE VIEW users AS SELECT * FROM accounts" in sql
    assert plan.steps[0].compatible_with_previous
    assert plan.steps[-1].phase is PhaseName.CONTRACT and "DROP VIEW" in sql
    assert "RENAME TABLE users TO accounts" in sql_of(plan_case("rename_table", MY))


def test_drops_come_after_a_deploy_checkpoint_and_mark_the_point_of_no_return():
    plan = plan_case("drop_column", PG)
    assert [s.phase for s in plan.steps] == [PhaseName.EXPAND, PhaseName.DEPLOY,
                                             PhaseName.CONTRACT]
    assert "DROP NOT NULL" in sql_of(plan)  # new code can stop writing it first
    assert plan.point_of_no_return is plan.steps[-1]
    table = plan_case("drop_table", PG)
    assert table.point_of_no_return is not None
    assert "DROP TABLE IF EXISTS accounts" in sql_of(table)
    assert table.steps.index(table.point_of_no_return) > [s.phase for s in table.steps].index(
        PhaseName.DEPLOY)


def test_indexes_are_built_and_dropped_concurrently_with_invalid_index_handling():
    create = plan_case("create_index", PG)
    [step] = create.steps
    assert not step.atomic
    assert [s.sql for s in step.statements] == [
        "DROP INDEX CONCURRENTLY IF EXISTS ix_accounts_email",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_accounts_email ON accounts (email)"]
    assert "INVALID" in " ".join(step.notes)
    assert "DROP INDEX CONCURRENTLY IF EXISTS ix_accounts_email" in sql_of(
        plan_case("drop_index", PG))
    assert "ALGORITHM=INPLACE, LOCK=NONE" in sql_of(plan_case("create_index", MY))


def test_a_foreign_key_is_added_not_valid_then_validated_in_its_own_step():
    plan = plan_case("add_foreign_key", PG)
    add, validate = [s for s in plan.steps]
    assert add.phase is PhaseName.EXPAND and "NOT VALID" in add.statements[-1].sql
    assert validate.phase is PhaseName.VALIDATE
    assert validate.statements[0].sql.endswith("VALIDATE CONSTRAINT fk_accounts_owner")
    mysql = sql_of(plan_case("add_foreign_key", MY))
    assert "foreign_key_checks = 0" in mysql and "SIGNAL SQLSTATE" in mysql


def test_a_check_is_not_valid_then_validated_and_mysql_names_an_online_tool():
    assert "NOT VALID" in sql_of(plan_case("add_check", PG))
    mysql = plan_case("add_check", MY)
    assert "ALGORITHM=COPY" in sql_of(mysql)
    assert "pt-online-schema-change" in " ".join(n for s in mysql.steps for n in s.notes)


def test_unique_and_primary_keys_are_attached_to_concurrently_built_indexes():
    unique = sql_of(plan_case("add_unique", PG))
    assert "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_accounts_email" in unique
    assert "ADD CONSTRAINT uq_accounts_email UNIQUE USING INDEX uq_accounts_email" in unique
    primary = sql_of(plan_case("add_primary_key", PG))
    assert "CREATE UNIQUE INDEX CONCURRENTLY" in primary
    assert "PRIMARY KEY USING INDEX pk_accounts_archdocs_idx" in primary


def test_enum_values_are_added_in_place_renamed_at_cutover_and_removed_by_a_type_swap():
    added = sql_of(plan_case("enum_add_value", PG))
    assert "ALTER TYPE account_status ADD VALUE IF NOT EXISTS 'pending' BEFORE 'closed'" in added
    renamed = plan_case("enum_rename_value", PG)
    assert renamed.steps[0].phase is PhaseName.CUTOVER
    assert "RENAME VALUE 'done' TO 'closed'" in sql_of(renamed)
    removed = plan_case("enum_remove_value", PG)
    assert [s.phase for s in removed.steps] == [PhaseName.VALIDATE, PhaseName.CONTRACT]
    assert "status::text::account_status" in sql_of(removed)
    assert removed.point_of_no_return is removed.steps[-1]
    mysql = plan_case("enum_rename_value", MY)
    assert [s.phase for s in mysql.steps] == [
        PhaseName.EXPAND, PhaseName.BACKFILL, PhaseName.VALIDATE, PhaseName.CONTRACT]
    appended = plan_case("enum_add_value", MY)
    assert "ALGORITHM=COPY" in sql_of(appended)  # inserted in the middle: no instant path


def test_json_to_jsonb_is_its_own_hazard():
    plan = plan_case("json_to_jsonb", PG)
    assert "MH017" in hazards_of(plan) and "TYPE JSONB USING profile::JSONB" in sql_of(plan)


def test_defaults_are_changed_in_expand_and_dropped_in_contract():
    change = plan_case("change_default", PG)
    assert [s.phase for s in change.steps] == [PhaseName.EXPAND]
    drop = plan_case("drop_default", PG)
    assert drop.steps[-1].phase is PhaseName.CONTRACT
    assert not drop.steps[-1].compatible_with_previous  # N-1 inserts relied on it
    assert "MH018" in hazards_of(plan_case("drop_not_null", PG))


@pytest.mark.parametrize("dialect", [PG, MY])
def test_every_ddl_step_gets_a_lock_timeout_in_the_script(dialect):
    from archdocs.migrate.output.sql import render_sql

    sql = render_sql(plan_case("set_not_null", dialect))
    setting = "SET lock_timeout = '5s';" if dialect is PG else "SET SESSION lock_wait_timeout = 5;"
    steps = sql.count("-- Step ")
    assert sql.count(setting) >= steps - sql.count("CHECKPOINT")


def test_plans_are_deterministic():
    from archdocs.migrate.output.json import render_json
    from archdocs.migrate.output.markdown import render_markdown

    first = [plan_case(case, PG) for case in sorted(CASES)]
    second = [plan_case(case, PG) for case in sorted(CASES)]
    assert render_json(first) == render_json(second)
    assert [render_markdown(p) for p in first] == [render_markdown(p) for p in second]


def test_mysql_keeps_auto_increment_when_it_restates_a_column():
    old = _schema(Column("id", Integer, primary_key=True, comment="old"))
    new = _schema(Column("id", Integer, primary_key=True, comment="new"))
    sql = sql_of(plan_diff(diff_metadata(old, new, MY), MY))
    assert "MODIFY COLUMN id INTEGER NOT NULL" in sql and "AUTO_INCREMENT" in sql


def test_mysql_auto_increment_on_an_existing_key_copies_the_table():
    old = _schema(Column("id", Integer, primary_key=True, autoincrement=False))
    new = _schema(Column("id", Integer, primary_key=True))
    [step] = plan_diff(diff_metadata(old, new, MY), MY).steps
    assert "AUTO_INCREMENT, ALGORITHM=COPY" in step.statements[0].sql
    assert step.blocks_writes and "MH003" in step.hazards
    assert diff_metadata(old, new, PG).changes == []  # PostgreSQL: a default or identity


def test_a_column_moved_to_another_enum_type_is_cast_through_text():
    from sqlalchemy import Enum

    old = _schema(_id(), Column("status", Enum("open", "closed", name="state_v1")))
    new = _schema(_id(), Column("status", Enum("open", "closed", name="state_v2")))
    sql = sql_of(plan_diff(diff_metadata(old, new, PG), PG))
    assert "CREATE TYPE state_v2 AS ENUM ('open', 'closed')" in sql
    assert "USING status::text::state_v2" in sql
    assert "DROP TYPE IF EXISTS state_v1" in sql
