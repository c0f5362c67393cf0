"""A review can pace other work: ``pace`` is called after each rule (a site build feeds its
diagram workers then), and the findings are the same with it as without."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table

from archdocs import System, tech
from archdocs.load.loader import Model
from archdocs.review.engine import all_rules, review


def test_pace_is_called_after_each_rule_and_changes_no_finding(tmp_path: Path) -> None:
    metadata = MetaData()
    Table("returns", metadata, Column("order_id", Integer))  # no primary key: a finding
    systems = []
    for name in ("Shop", "Warehouse"):
        system = System(name)
        system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
        systems.append(system)
    model = Model(tmp_path, systems)
    calls: list[None] = []
    paced = review(model, pace=lambda: calls.append(None))
    rules = all_rules().values()
    assert len(calls) == sum(2 if rule.per_system else 1 for rule in rules)
    assert paced == review(model)
    assert paced.findings
