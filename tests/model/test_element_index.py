"""One element index per system: every lookup by name or id, in one search order."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import Column, Integer, MetaData, Table

from archdocs import System, tech
from archdocs.model.system import Actor
from archdocs.review.engine import ReviewContext


def _shop() -> System:
    system = System("Shop")
    orders = system.context("Orders")
    orders.service("orders")
    metadata = MetaData()
    Table("lines", metadata, Column("id", Integer, primary_key=True))
    orders.datastore("orders", tech.PostgreSQL("16"), schema=metadata)
    return system


def test_a_service_wins_over_a_datastore_of_the_same_name_everywhere() -> None:
    system = _shop()
    assert system.resolve("orders") is system.services[0]
    assert system.resolve("datastore:orders") is system.datastores[0]
    assert system.find_datastore("orders") is system.datastores[0]
    review = ReviewContext(model=None, system=system)  # type: ignore[arg-type]
    assert review.resolve("orders") is system.services[0]


def test_an_element_added_after_a_lookup_is_found() -> None:
    system = _shop()
    assert system.resolve("payments") is None
    payments = system.context("Payments")
    assert system.resolve("payments") is None  # names are exact
    assert system.resolve("Payments") is payments
    assert system.index() is system.index()  # built once while nothing changes


def test_an_element_of_another_system_or_a_copy_is_not_a_member() -> None:
    system = _shop()
    other = _shop()
    assert system.resolve(other.services[0]) is None
    clone = copy.deepcopy(system)
    assert clone.resolve(clone.services[0]) is clone.services[0]
    assert clone.resolve(system.services[0]) is None


def test_a_table_reference_is_a_datastore_name_then_the_table() -> None:
    system = _shop()
    assert system.find_table("orders.lines") == (system.datastores[0],
                                                 system.datastores[0].tables[0])
    assert system.find_table("orders.nothing") is None


def test_a_pattern_lists_every_element_it_points_at() -> None:
    from archdocs.model.patterns import CQRS, TransactionalOutbox

    cqrs = CQRS("orders", "orders-db", ["orders-search"], projections=["index-orders"])
    assert [(r.field, r.target, r.kind) for r in cqrs.references()] == [
        ("write_store", "orders-db", "datastore"),
        ("read_models", "orders-search", "datastore"),
        ("projections", "index-orders", "flow"),
    ]
    outbox = TransactionalOutbox("outbox", "orders-db", "outbox", relay="publish")
    assert [r.role for r in outbox.references()] == ["datastore", "relay flow"]


@pytest.mark.parametrize("kind", ["services", "datastores", "contexts", "externals", "actors",
                                  "flows", "patterns", "migrations", "scenarios"])
def test_an_element_appended_to_any_list_after_a_lookup_is_found(kind: str) -> None:
    # Models and tests may append to a system's lists directly, not through its builders.
    system = _shop()
    assert system.resolve("newcomer") is None
    newcomer = Actor("newcomer")
    getattr(system, kind).append(newcomer)
    assert system.resolve("newcomer") is newcomer
