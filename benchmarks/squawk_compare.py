"""squawk's findings on the naive single-step DDL for a schema change, next to archdocs' plan.

The naive DDL is what a migration tool writes when it turns each change into the one obvious
statement: alembic's own operations (``op.add_column``, ``op.create_index``,
``op.alter_column`` …) rendered in offline mode for PostgreSQL. archdocs' plan is
``archdocs plan --format sql`` for the same change. Both go through squawk 2 (``--pg-version
15``). A plan finding is "explained" when the plan itself names the rule next to the statement
(``-- squawk-ignore rule`` after a comment giving the reason); squawk then does not report it.

Run: .venv/bin/python benchmarks/squawk_compare.py
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Enum, MetaData

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "migrate" / "fixtures")]

from every_change import new_metadata, old_metadata  # noqa: E402

from archdocs.migrate import ChangeKind, DialectName, diff_metadata, plan_diff  # noqa: E402
from archdocs.migrate.examples import EXAMPLES as CASES  # noqa: E402
from archdocs.migrate.output.sql import render_sql  # noqa: E402

SQUAWK = str(Path(sys.executable).parent / "squawk")


def naive_ddl(old: MetaData, new: MetaData) -> str:
    """One statement per change, the way alembic's operations write it."""
    buffer = io.StringIO()
    context = MigrationContext.configure(dialect_name="postgresql",
                                         opts={"as_sql": True, "output_buffer": buffer})
    op = Operations(context)
    diff = diff_metadata(old, new, DialectName.POSTGRESQL)
    for change in diff.changes:
        kind, table = change.kind, change.table
        if kind is ChangeKind.ADD_TABLE:
            op.create_table(table, *[c._copy() for c in change.new.columns],
                            *[c._copy() for c in change.new.constraints
                              if c is not change.new.primary_key and hasattr(c, "_copy")])
            for index in change.new.indexes:
                op.create_index(index.name, table, [c.name for c in index.columns])
        elif kind is ChangeKind.DROP_TABLE:
            op.drop_table(table)
        elif kind is ChangeKind.RENAME_TABLE:
            op.rename_table(change.old.name, change.new.name)
        elif kind is ChangeKind.ADD_COLUMN:
            op.add_column(table, change.new._copy())
        elif kind is ChangeKind.DROP_COLUMN:
            op.drop_column(table, change.name)
        elif kind is ChangeKind.RENAME_COLUMN:
            op.alter_column(table, change.old.name, new_column_name=change.new.name)
        elif kind is ChangeKind.ALTER_TYPE:
            op.alter_column(table, change.name, type_=change.new.type,
                            existing_type=change.old.type,
                            postgresql_using=f"{change.name}::{change.new.type.compile(dialect=context.dialect)}")
        elif kind in (ChangeKind.SET_NOT_NULL, ChangeKind.DROP_NOT_NULL):
            op.alter_column(table, change.name, nullable=change.new.nullable,
                            existing_type=change.new.type)
        elif kind in (ChangeKind.SET_DEFAULT, ChangeKind.DROP_DEFAULT):
            op.alter_column(table, change.name, server_default=change.new.server_default.arg
                            if change.new.server_default is not None else None,
                            existing_type=change.new.type)
        elif kind is ChangeKind.ADD_INDEX:
            op.create_index(change.name, table, [c.name for c in change.new.columns],
                            unique=bool(change.new.unique))
        elif kind is ChangeKind.DROP_INDEX:
            op.drop_index(change.name, table_name=table)
        elif kind is ChangeKind.ADD_UNIQUE:
            op.create_unique_constraint(change.name, table, [c.name for c in change.new.columns])
        elif kind is ChangeKind.ADD_FOREIGN_KEY:
            element = change.new.elements[0]
            op.create_foreign_key(change.name, table, element.column.table.name,
                                  [c.name for c in change.new.columns],
                                  [e.column.name for e in change.new.elements])
        elif kind is ChangeKind.ADD_CHECK:
            op.create_check_constraint(change.name, table, change.new.sqltext)
        elif kind is ChangeKind.ADD_PRIMARY_KEY:
            op.create_primary_key(change.name or f"{table}_pkey", table,
                                  [c.name for c in change.new.columns])
        elif kind is ChangeKind.TABLE_COMMENT:
            op.create_table_comment(table, change.new.comment)
        elif kind is ChangeKind.COLUMN_COMMENT:
            op.alter_column(table, change.name, comment=change.new.comment,
                            existing_type=change.new.type)
        elif kind is ChangeKind.ENUM_ADD_VALUE:
            op.execute(f"ALTER TYPE {change.new.type.name} ADD VALUE '{change.name}'")
        elif kind is ChangeKind.ENUM_RENAME_VALUE:
            before, after = change.detail.split(" → ")
            op.execute(f"ALTER TYPE {change.new.type.name} RENAME VALUE '{before}' TO '{after}'")
        elif kind is ChangeKind.ENUM_REMOVE_VALUE:
            assert isinstance(change.new.type, Enum)
            values = ", ".join(f"'{v}'" for v in change.new.type.enums)
            op.execute(f"ALTER TYPE {change.new.type.name} RENAME TO {change.new.type.name}_old")
            op.execute(f"CREATE TYPE {change.new.type.name} AS ENUM ({values})")
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {change.column} TYPE "
                       f"{change.new.type.name} USING {change.column}::text::{change.new.type.name}")
            op.execute(f"DROP TYPE {change.new.type.name}_old")
    return buffer.getvalue()


def squawk(sql: str) -> Counter[str]:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(sql)
    result = subprocess.run([SQUAWK, "--pg-version=15", "--reporter", "json", handle.name],
                            capture_output=True, text=True, check=False)
    Path(handle.name).unlink()
    return Counter(f["rule_name"] for f in json.loads(result.stdout or "[]"))


def explained(sql: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for match in re.finditer(r"^-- squawk-ignore (.+)$", sql, re.MULTILINE):
        counts.update(match.group(1).split(", "))
    return counts


def main() -> None:
    cases = {"every change (fixture)": (old_metadata, new_metadata)}
    cases.update({name: builders for name, builders in sorted(CASES.items())})
    print(f"{'change':28} {'naive':>6} {'plan':>5} {'explained':>9}  naive rules")
    totals = Counter()
    rules_naive: Counter[str] = Counter()
    rules_explained: Counter[str] = Counter()
    for name, (build_old, build_new) in cases.items():
        old, new = build_old(), build_new()
        naive = squawk(naive_ddl(old, new))
        plan_sql = render_sql(plan_diff(diff_metadata(old, new, DialectName.POSTGRESQL),
                                        DialectName.POSTGRESQL))
        plan = squawk(plan_sql)
        why = explained(plan_sql)
        if name != "every change (fixture)":
            totals.update(naive=sum(naive.values()), plan=sum(plan.values()),
                          explained=sum(why.values()))
            rules_naive.update(naive)
            rules_explained.update(why)
        print(f"{name:28} {sum(naive.values()):>6} {sum(plan.values()):>5} "
              f"{sum(why.values()):>9}  {', '.join(sorted(naive))}")
    print(f"\nsingle-change cases total: naive {totals['naive']} squawk findings, plan "
          f"{totals['plan']} (plus {totals['explained']} explained in the plan)")
    print("naive findings by rule:", dict(sorted(rules_naive.items())))
    print("explained in the plans by rule:", dict(sorted(rules_explained.items())))


if __name__ == "__main__":
    main()
