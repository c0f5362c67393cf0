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


def test_a_new_foreign_key_is_one_entry_naming_both_steps():
    """The NOT VALID add and the VALIDATE of ``fk_orders_customer`` are two plan steps but one
    hazard on one object: the diff shows it once and names the steps that handle it."""
    base, head = load_models(FIXTURES / "base"), load_models(FIXTURES / "head")
    diff = compare(base, head, base_label="base", head_label="head")
    [orders] = [t for t in diff.tables if t.table == "orders"]
    [fk] = [h for h in orders.hazards if h.startswith("MH012")]
    assert "fk_orders_customer, handled by 2 steps" in fk
    assert "add foreign key fk_orders_customer NOT VALID (expand)" in fk
    assert "validate foreign key fk_orders_customer (validate)" in fk
    # one entry per hazard per object, across every table
    for table in diff.tables:
        keys = [re.match(r"(MH\d{3}) [^:]+: ([^,(]+?)(?:, handled by| \()", h)
                for h in table.hazards]
        objects = [(m.group(1), m.group(2)) for m in keys if m and "handled by" in m.group(0)]
        assert len(objects) == len(set(objects))
