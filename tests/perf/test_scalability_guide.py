"""The scalability guide documents the single-node budgets the review and pages really use."""

from __future__ import annotations

import re
from pathlib import Path

from archdocs.model.technology import CATALOGUE

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "scalability.md"


def _documented() -> dict[str, tuple[str, str, str]]:
    rows = {}
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.search(r"(GB|no limit)$", cells[1]):
            rows[cells[0]] = (cells[1], cells[2], cells[3])
    return rows


def _cell(value: float | None, unit: str = "") -> str:
    return "no limit" if value is None else f"{value:,.0f}{unit}"


def test_every_catalogue_budget_is_documented_as_it_is() -> None:
    documented = _documented()
    for spec in CATALOGUE.values():
        budget = spec.budget
        assert documented.get(spec.name) == (
            _cell(budget.storage_gb, " GB"), _cell(budget.writes_per_second, "/s"),
            _cell(budget.connections)), f"{spec.name}: update docs/guide/scalability.md"


def test_every_perf_rule_is_listed_in_the_guide() -> None:
    from archdocs.review.engine import all_rules

    text = GUIDE.read_text(encoding="utf-8")
    for rule_id in all_rules():
        if rule_id.startswith(("PRF", "DM", "OPS")):
            assert f"[{rule_id}](../rules/{rule_id}.md)" in text
            assert (GUIDE.parents[1] / "rules" / f"{rule_id}.md").is_file()
