"""``archdocs diff`` and ``archdocs plan`` name the same hazards for the same change: one
catalogue (MH001-MH030), the plan's dialect and server version."""

from __future__ import annotations

import re
from pathlib import Path

from archdocs.diff.compare import compare
from archdocs.load import load_models
from archdocs.migrate.models import plan_models

FIXTURES = Path(__file__).parents[1] / "migrate" / "fixtures"


def test_diff_and_plan_name_the_same_hazards_for_every_table():
    base, head = load_models(FIXTURES / "base"), load_models(FIXTURES / "head")
    diff = compare(base, head, base_label="base", head_label="head")
    [plan] = plan_models(base, head)
    from_plan: dict[str, set[str]] = {}
    for step in plan.steps:
        if step.table:
            from_plan.setdefault(step.table, set()).update(step.hazards)
    for rename in plan.probable_renames:
        from_plan.setdefault(rename.table, set()).add("MH022")
    from_diff = {t.table: {re.match(r"MH\d{3}", h).group(0) for h in t.hazards}  # type: ignore[union-attr]
                 for t in diff.tables if t.hazards}
    assert from_diff == {table: ids for table, ids in from_plan.items() if ids}
    # no PostgreSQL wording on a MySQL plan, no rewrite claimed for a binary-coercible change
    texts = [h for t in diff.tables for h in t.hazards]
    assert not any("rewrite the table" in h for h in texts if "binary-coercible" in h)
    # each hazard appears once per table (the new foreign key is not reported twice)
    for table in diff.tables:
        assert len(table.hazards) == len(set(table.hazards))
