"""squawk (the PostgreSQL migration linter) passes every PostgreSQL plan archdocs writes,
except for statements the plan itself explains, each naming the rule and the reason."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from every_change import new_metadata, old_metadata

from archdocs.load import load_models
from archdocs.migrate import DialectName, diff_metadata, plan_diff
from archdocs.migrate.models import plan_previous
from archdocs.migrate.output.sql import render_sql

from .test_hazards import CASES, plan_case

REPO = Path(__file__).resolve().parents[2]


def _squawk() -> str:
    found = shutil.which("squawk", path=str(Path(sys.executable).parent)) or shutil.which("squawk")
    if found is None:
        pytest.skip("squawk is not installed (pip install squawk-cli)")
    return found


def squawk_findings(sql: str, tmp_path: Path, name: str = "plan.sql") -> list[dict[str, object]]:
    path = tmp_path / name
    path.write_text(sql)
    result = subprocess.run([_squawk(), "--pg-version=15", "--reporter", "json", str(path)],
                            capture_output=True, text=True, check=False)
    return json.loads(result.stdout or "[]")


def assert_ignores_are_explained(sql: str) -> None:
    lines = sql.splitlines()
    for number, line in enumerate(lines):
        match = re.match(r"-- squawk-ignore (.+)$", line)
        if not match:
            continue
        explained = {m.group(1) for m in (re.match(r"-- ([a-z-]+): \S", previous)
                                          for previous in lines[max(0, number - 6):number]) if m}
        for rule in match.group(1).split(", "):
            assert rule in explained, f"line {number + 1}: {rule} is ignored without a reason"


def test_the_every_change_plan_has_no_unexplained_squawk_finding(tmp_path):
    old, new = old_metadata(), new_metadata()
    dialect = DialectName.POSTGRESQL
    sql = render_sql(plan_diff(diff_metadata(old, new, dialect), dialect))
    assert squawk_findings(sql, tmp_path) == []
    assert_ignores_are_explained(sql)


def test_the_flagship_schema_evolution_plan_has_no_unexplained_squawk_finding(tmp_path):
    plans = plan_previous(load_models(REPO / "models"))
    postgresql = [p for p in plans if p.dialect is DialectName.POSTGRESQL]
    assert postgresql, "the flagship declares an earlier schema of a PostgreSQL datastore"
    for plan in postgresql:
        sql = render_sql(plan)
        assert squawk_findings(sql, tmp_path) == []
        assert_ignores_are_explained(sql)


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_single_hazard_plan_has_no_unexplained_squawk_finding(case, tmp_path):
    sql = render_sql(plan_case(case, DialectName.POSTGRESQL))
    assert squawk_findings(sql, tmp_path) == []
    assert_ignores_are_explained(sql)


def test_squawk_does_flag_the_naive_statement_the_plan_replaces(tmp_path):
    # Guard against a squawk that reports nothing at all.
    naive = "ALTER TABLE orders ADD COLUMN country varchar(2) NOT NULL;\n" \
            "CREATE INDEX ix_orders_note ON orders (note);\n"
    rules = {f["rule_name"] for f in squawk_findings(naive, tmp_path)}
    assert {"adding-required-field", "require-concurrent-index-creation"} <= rules
