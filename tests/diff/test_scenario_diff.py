"""A pull request that adds a scenario or changes its steps says so in the architecture diff,
and the export carries each scenario's steps in order."""

from __future__ import annotations

import json
from pathlib import Path

from archdocs.diff.compare import compare
from archdocs.diff.markdown import render_markdown
from archdocs.export.model_json import export_json
from archdocs.load import load_models

MODEL = '''
from archdocs import Mechanism, System, step, tech

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"))
write = system.flow(api, db, Mechanism.QUERY, name="write order")
read = system.flow(api, db, Mechanism.QUERY, name="read order")
'''


def _load(tmp_path: Path, name: str, source: str):
    root = tmp_path / name / "models"
    root.mkdir(parents=True)
    (root / "shop.py").write_text(source, encoding="utf-8")
    return load_models(root)


def test_the_export_holds_each_scenario_with_its_steps_in_order(tmp_path: Path) -> None:
    model = _load(tmp_path, "one", MODEL + 'system.scenario("Checkout", description="Pay.", '
                  'steps=[read, step(write, "marks it paid"), read])\n')
    [system] = json.loads(export_json(model))["systems"]
    [scenario] = system["scenarios"]
    assert scenario["id"] == "scenario:Checkout" and scenario["description"] == "Pay."
    assert scenario["steps"] == [{"flow": "read order", "note": ""},
                                 {"flow": "write order", "note": "marks it paid"},
                                 {"flow": "read order", "note": ""}]


def test_the_diff_reports_an_added_scenario_and_changed_steps(tmp_path: Path) -> None:
    base = _load(tmp_path, "base", MODEL + 'system.scenario("Checkout", steps=[read, write])\n')
    head = _load(tmp_path, "head", MODEL + 'system.scenario("Checkout", steps=[write, read])\n'
                 'system.scenario("Refund", steps=[write])\n')
    diff = compare(base, head, base_label="main", head_label="pr")
    changes = {(c.kind, c.name, c.change) for c in diff.elements}
    assert ("scenario", "Refund", "added") in changes
    changed = next(c for c in diff.elements if c.kind == "scenario" and c.name == "Checkout")
    assert [f.field for f in changed.fields] == ["steps"]
    assert "scenario" in render_markdown(diff).lower()
