"""Which hazard archdocs' planner covers, row by row, against the 27 kinds of dangerous schema
change compiled from squawk, strong_migrations, Atlas, django-migration-linter and Alembic.

The rows are archdocs' own data; the migrations guide shows them as a table generated from
here (:func:`coverage_table`, with the plans computed from :mod:`archdocs.migrate.examples`),
and a test keeps the committed table equal to the generated one.

    python -m archdocs.migrate.coverage docs/guide/migrations.md
"""

from __future__ import annotations

from dataclasses import dataclass

from archdocs.migrate.dialects import DialectName

EXAMPLE_TEST = "tests/migrate/test_examples_on_servers.py::test_the_example_plan_runs_on_multi_batch_data"
ROWS_TEST = "tests/migrate/test_hazard_rows_on_servers.py"
START = "<!-- hazard-coverage:start (generated: python -m archdocs.migrate.coverage) -->"
END = "<!-- hazard-coverage:end -->"


@dataclass(frozen=True)
class Applies:
    """What a plan does about one row on one server."""

    examples: tuple[str, ...] = ()
    """Examples (:data:`archdocs.migrate.examples.EXAMPLES`) whose plan deals with the row;
    each is applied on the real server by the examples test."""
    tests: tuple[str, ...] = ()
    """Further server tests for this row (``function[param]`` in ``ROWS_TEST``, or a full
    node id)."""
    note: str = ""
    """For a row with no example: why (not applicable, never emitted, every step)."""


@dataclass(frozen=True)
class HazardRow:
    number: int
    change: str
    codes: tuple[str, ...]
    postgresql: Applies
    mysql: Applies
    flagged_by: str = ""
    """The rules of the public tools that flag the change (the sources of the row)."""

    def on(self, dialect: DialectName) -> Applies:
        return self.postgresql if dialect is DialectName.POSTGRESQL else self.mysql


def _both(*examples: str, tests: tuple[str, ...] = ()) -> dict[str, Applies]:
    return {"postgresql": Applies(examples, tests), "mysql": Applies(examples, tests)}


def _tests(name: str) -> tuple[str, ...]:
    return (f"{name}[postgresql]",), (f"{name}[mysql]",)  # type: ignore[return-value]


def _row(number: int, change: str, codes: tuple[str, ...], postgresql: Applies,
         mysql: Applies) -> HazardRow:
    return HazardRow(number, change, codes, postgresql, mysql, FLAGGED_BY[number])


FLAGGED_BY: dict[int, str] = {
    1: "squawk `adding-required-field`; Atlas `MF103`, `MY101`; django-migration-linter "
       "`NOT_NULL`; Alembic autogenerate emits `add_column(nullable=False)`",
    2: "squawk `adding-field-with-default`; strong_migrations `add_column_default`, "
       "`add_column_generated_stored`; Atlas `PG302`",
    3: "squawk `adding-not-nullable-field`; strong_migrations `change_column_null`; Atlas "
       "`MF104`, `PG303`, `LT101`; django-migration-linter `NOT_NULL`",
    4: "squawk `changing-column-type`; strong_migrations `change_column`; Atlas `PG301`; "
       "django-migration-linter `ALTER_COLUMN`",
    5: "squawk `renaming-column`; strong_migrations `rename_column`; Atlas `BC102`; "
       "django-migration-linter `RENAME_COLUMN`; Alembic autogenerate sees a drop and an add",
    6: "squawk `renaming-table`; strong_migrations `rename_table`; Atlas `BC101`; "
       "django-migration-linter `RENAME_TABLE`",
    7: "squawk `ban-drop-column`; strong_migrations `remove_column`; Atlas `DS103`; "
       "django-migration-linter `DROP_COLUMN`",
    8: "squawk `ban-drop-table`; Atlas `DS102`; django-migration-linter `DROP_TABLE`",
    9: "squawk `require-concurrent-index-creation`, "
       "`ban-concurrent-index-creation-in-transaction`; strong_migrations `add_index`; Atlas "
       "`PG101`, `PG103`; django-migration-linter `CREATE_INDEX`",
    10: "squawk `require-concurrent-index-deletion`, `require-concurrent-reindex`, "
        "`require-concurrent-partition-detach`, `prefer-repack`; strong_migrations "
        "`remove_index`; Atlas `PG102`; django-migration-linter `DROP_INDEX`, `REINDEX`",
    11: "squawk `adding-foreign-key-constraint`, `constraint-missing-not-valid`; "
        "strong_migrations `add_foreign_key`; Atlas `PG306`",
    12: "squawk `constraint-missing-not-valid`; strong_migrations `add_check_constraint`; "
        "Atlas `PG305`",
    13: "squawk `disallowed-unique-constraint`; strong_migrations `add_unique_constraint`; "
        "Atlas `MF101`, `MF102`, `PG105`; django-migration-linter `ADD_UNIQUE`",
    14: "squawk `adding-serial-primary-key-field`; Atlas `PG104`, `PG304`",
    15: "strong_migrations `add_column_auto_incrementing`; squawk `prefer-identity`",
    16: "strong_migrations `rename_enum_value`; squawk `require-enum-value-ordering`; Atlas "
        "`MY110`-`MY113`, `MY120`-`MY123`",
    17: "squawk `ban-drop-not-null`",
    18: "Atlas `CD101`",
    19: "strong_migrations `change_column_default`",
    20: "strong_migrations `add_column_json`",
    21: "strong_migrations `rename_schema`",
    22: "strong_migrations' guide on backfilling data",
    23: "squawk `require-timeout-settings`; strong_migrations `lock_timeout`",
    24: "squawk `ban-create-domain-with-constraint`, `ban-alter-domain-with-add-constraint`",
    25: "squawk `ban-truncate-cascade`",
    26: "strong_migrations `add_exclusion_constraint`",
    27: "squawk `prefer-robust-stmts`, `transaction-nesting`, `ban-uncommitted-transaction`",
}


LOCK_TESTED: dict[str, int] = {
    "set_not_null": 3, "change_type": 4, "rename_table": 6, "drop_column": 7,
    "create_index": 9, "add_foreign_key": 11, "add_check": 12, "add_unique": 13,
    "add_primary_key": 14, "add_exclusion_constraint": 26,
}
"""Examples whose plan the server tests run while another session holds a conflicting lock
(the step times out, the rerun succeeds), with the row each belongs to."""

_NA = "not applicable on this server"
_LOCK = "test_a_held_lock_makes_the_step_time_out_and_the_rerun_succeed"
_DUPES = "test_a_unique_constraint_over_duplicates_fails_then_succeeds_after_cleanup"
_VIEW = "test_the_old_application_reads_and_writes_through_the_compatibility_view"
_MOVE = "test_a_table_moved_to_another_schema_keeps_its_rows_and_its_old_name_until_contract"
_RERUN = "tests/migrate/test_rerun_and_checkpoints.py::test_running_the_finished_plan_again_changes_nothing"
_RESUME = "test_a_required_column_with_no_value_stops_at_validation_and_resumes"
_NEVER = "tests/migrate/test_coverage.py::test_no_plan_truncates_cascades_or_rebuilds_under_lock"
_LARGE = ("tests/migrate/test_apply_on_servers.py::test_the_plan_brings_the_old_schema_to_the_"
          "new_model_without_losing_data")

ROWS: tuple[HazardRow, ...] = (
    _row(1, "ADD COLUMN NOT NULL without default", ("MH001",),
         Applies(("add_not_null_column",), (f"{_RESUME}[postgresql]",)),
         Applies(("add_not_null_column",), (f"{_RESUME}[mysql]",))),
    _row(2, "ADD COLUMN with a volatile default, stored generated column", ("MH002", "MH003"),
         Applies(("add_volatile_default", "add_generated_column")),
         Applies(("add_expression_default", "add_generated_column"))),
    _row(3, "SET NOT NULL on an existing column", ("MH004",),
         Applies(("set_not_null",)), Applies(("set_not_null",))),
    _row(4, "Change a column's type", ("MH005", "MH017"),
         Applies(("change_type", "widen_varchar", "json_to_jsonb"), (_LARGE + "[postgresql]",)),
         Applies(("change_type", "widen_varchar"), (_LARGE + "[mysql]",))),
    _row(5, "Rename a column", ("MH006",), Applies(("rename_column",)),
         Applies(("rename_column",))),
    _row(6, "Rename a table", ("MH007",), Applies(("rename_table",), (f"{_VIEW}[postgresql]",)),
         Applies(("rename_table",), (f"{_VIEW}[mysql]",))),
    _row(7, "Drop a column", ("MH008",), Applies(("drop_column",)), Applies(("drop_column",))),
    _row(8, "Drop a table", ("MH009",), Applies(("drop_table",)), Applies(("drop_table",))),
    _row(9, "CREATE INDEX", ("MH010",), Applies(("create_index", "make_index_partial")),
         Applies(("create_index",))),
    _row(10, "DROP INDEX / REINDEX / CLUSTER / VACUUM FULL / DETACH PARTITION",
         ("MH011", "MH030"),
         Applies(("drop_index",), (_NEVER,),
                 note="the rebuilds are never emitted (a model declares none)"),
         Applies(("drop_index",), (_NEVER,),
                 note="the rebuilds are never emitted (a model declares none)")),
    _row(11, "Add a FOREIGN KEY", ("MH012",),
         Applies(("add_foreign_key",), ("tests/migrate/test_apply_on_servers.py::test_a_validate_"
                                        "step_stops_the_script_when_existing_rows_break_the_new_"
                                        "foreign_key[postgresql]",)),
         Applies(("add_foreign_key",), ("tests/migrate/test_apply_on_servers.py::test_a_validate_"
                                        "step_stops_the_script_when_existing_rows_break_the_new_"
                                        "foreign_key[mysql]",))),
    _row(12, "Add a CHECK constraint", ("MH013",), Applies(("add_check",)),
         Applies(("add_check",), note="no online path on the server: an error-level step that "
                                      "gives the gh-ost / pt-online-schema-change command")),
    _row(13, "Add a UNIQUE constraint / unique index", ("MH014",),
         Applies(("add_unique",), (f"{_DUPES}[postgresql]",)),
         Applies(("add_unique",), (f"{_DUPES}[mysql]",))),
    _row(14, "Add a PRIMARY KEY to an existing table", ("MH015",),
         Applies(("add_primary_key", "add_primary_key_on_nullable_column")),
         Applies(("add_primary_key", "add_primary_key_on_nullable_column"))),
    _row(15, "Add an auto-increment / serial / identity column", ("MH003",),
         Applies(("add_identity_column", "make_column_identity")),
         Applies(("make_key_auto_increment",), note="no online path on the server: an "
                 "error-level step that gives the gh-ost / pt-online-schema-change command")),
    _row(16, "Enum changes", ("MH016",),
         Applies(("enum_add_value", "enum_rename_value", "enum_remove_value",
                  "move_to_another_enum_type")),
         Applies(("enum_add_value", "enum_rename_value", "enum_remove_value"))),
    _row(17, "DROP NOT NULL", ("MH018",), Applies(("drop_not_null",)),
         Applies(("drop_not_null",))),
    _row(18, "Drop a FOREIGN KEY", ("MH023",), Applies(("drop_foreign_key",)),
         Applies(("drop_foreign_key",))),
    _row(19, "Change or drop a column DEFAULT", ("MH019",),
         Applies(("change_default", "drop_default")), Applies(("change_default", "drop_default"))),
    _row(20, "Add a json column (PostgreSQL)", ("MH024",), Applies(("add_json_column",)),
         Applies(note=_NA + " (one JSON type)")),
    _row(21, "Rename a schema", ("MH025",),
         Applies(("rename_table_across_schemas",), (f"{_MOVE}[postgresql]",)),
         Applies((), (f"{_MOVE}[mysql]",), note="a database cannot be renamed: each table is "
                 "moved to the new database with RENAME TABLE and a view keeps the old name; "
                 "the emptied database is left for people to drop")),
    _row(22, "Backfill in the DDL transaction / one UPDATE", ("MH021",),
         Applies(("add_not_null_column", "add_volatile_default")),
         Applies(("add_not_null_column", "add_expression_default"))),
    _row(23, "DDL without a lock or statement timeout", ("MH020",),
         Applies(note="every step sets the timeouts; held-lock runs of rows 3-14 and 26"),
         Applies(note="every step sets the timeout; held-lock runs of rows 3-14")),
    _row(24, "Domain with a CHECK (PostgreSQL)", ("MH026",),
         Applies(("change_to_domain", "change_domain_check", "change_domain_default_not_null")),
         Applies(note=_NA)),
    _row(25, "TRUNCATE ... CASCADE", ("MH027",), Applies((), (_NEVER,), note="never emitted"),
         Applies((), (_NEVER,), note="never emitted")),
    _row(26, "Exclusion constraint (PostgreSQL)", ("MH028",),
         Applies(("add_exclusion_constraint",), note="no safe path: an error-level step for a "
                 "maintenance window"), Applies(note=_NA)),
    _row(27, "Non-transactional multi-step migration", ("MH029",),
         Applies((), (f"{_LOCK}[postgresql-add_unique]", f"{_RESUME}[postgresql]",
                      f"{_RERUN}[postgresql]"),
                 note="a step ledger: the script reruns from the top, finished steps are "
                      "skipped, a second run of a completed script is a no-op"),
         Applies((), (f"{_RESUME}[mysql]", f"{_RERUN}[mysql]"),
                 note="a step ledger: the script reruns from the top, finished steps are "
                      "skipped, a second run of a completed script is a no-op")),
)


def tests_of(row: HazardRow, dialect: DialectName) -> list[str]:
    """The row's own server tests on ``dialect``, with the held-lock runs of its examples."""
    applies = row.on(dialect)
    kind = "postgresql" if dialect is DialectName.POSTGRESQL else "mysql"
    locked = [f"{_LOCK}[{kind}-{name}]" for name in applies.examples
              if LOCK_TESTED.get(name) == row.number]
    if row.number == 23:
        locked = [f"{_LOCK}[{kind}-{name}]" for name in LOCK_TESTED
                  if _expressible(name, dialect)]
    return [*applies.tests, *locked]


def _expressible(name: str, dialect: DialectName) -> bool:
    from archdocs.migrate.examples import MYSQL_ONLY, POSTGRESQL_ONLY

    return name not in (MYSQL_ONLY if dialect is DialectName.POSTGRESQL else POSTGRESQL_ONLY)


def node_ids(row: HazardRow, dialect: DialectName) -> list[str]:
    """The pytest node ids of the server tests that apply ``row``'s plans on ``dialect``."""
    applies = row.on(dialect)
    kind = "postgresql" if dialect is DialectName.POSTGRESQL else "mariadb"
    found = [f"{EXAMPLE_TEST}[{kind}-{name}]" for name in applies.examples]
    found += [test if "::" in test else f"{ROWS_TEST}::{test}"
              for test in tests_of(row, dialect)]
    return found


def plan_summary(name: str, dialect: DialectName) -> str:
    """The SQL steps of an example's plan, by title, in order."""
    from archdocs.migrate.diff import diff_metadata
    from archdocs.migrate.examples import EXAMPLES
    from archdocs.migrate.plan import plan_diff
    from archdocs.migrate.plan.steps import Severity

    old, new = (build() for build in EXAMPLES[name])
    plan = plan_diff(diff_metadata(old, new, dialect), dialect)
    titles = []
    for step in plan.steps:
        if step.is_checkpoint:
            continue
        title = step.title
        if step.severity is Severity.ERROR:
            title += " (**error**)"
        titles.append(title)
    return " → ".join(titles) or "(no SQL)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def coverage_table() -> str:
    """The Markdown table of :data:`ROWS` for the migrations guide."""
    lines = ["| # | change | hazard | PostgreSQL plan | MySQL / MariaDB plan | applied by |",
             "|---|---|---|---|---|---|"]
    for row in ROWS:
        codes = ", ".join(f"[{code}](../hazards/{code}.md)" for code in row.codes)
        plans = []
        tests = []
        for dialect in (DialectName.POSTGRESQL, DialectName.MYSQL):
            applies = row.on(dialect)
            parts = [f"*{name.replace('_', ' ')}*: {plan_summary(name, dialect)}"
                     for name in applies.examples]
            if applies.note:
                parts.append(f"({applies.note})")
            plans.append("<br>".join(_cell(p) for p in parts))
            label = "PG" if dialect is DialectName.POSTGRESQL else "MariaDB"
            named = [f"`{_short(test)}`" for test in tests_of(row, dialect)]
            if row.number == 23:
                named = [f"`{_LOCK}` ({len(named)} examples)"]
            if applies.examples:
                named.insert(0, "examples")
            if named:
                tests.append(f"{label}: {', '.join(named)}")
        lines.append(f"| {row.number} | {_cell(row.change)} | {codes} | {plans[0]} | {plans[1]} "
                     f"| {'<br>'.join(_cell(t) for t in tests) or '—'} |")
    return "\n".join(lines) + "\n"


def _short(node: str) -> str:
    path, _, test = node.partition("::")
    return f"{path.rsplit('/', 1)[-1]}::{test}" if test else node


def with_table(guide: str) -> str:
    """``guide`` with the text between the coverage markers replaced by the table."""
    if START not in guide or END not in guide:
        raise ValueError("the migrations guide has no hazard-coverage markers")
    before, rest = guide.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n\n{coverage_table()}\n{END}{after}"


if __name__ == "__main__":  # python -m archdocs.migrate.coverage docs/guide/migrations.md
    import sys
    from pathlib import Path

    from archdocs.fsutil import write_atomic

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/guide/migrations.md")
    write_atomic(target, with_table(target.read_text(encoding="utf-8")))
