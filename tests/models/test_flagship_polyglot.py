"""The flagship's non-relational stores in their own terms: every async flow has a contract,
and the projections of the event bus, the search index and the clickstream match a hand
calculation from the figures the model declares (within 10 %)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archdocs import Mechanism, System, Topic
from archdocs.load import load_models
from archdocs.perf.scalability import project
from archdocs.perf.sections import horizon_text

MODELS = Path(__file__).resolve().parents[2] / "models"
GB = 1024**3


@pytest.fixture(scope="module")
def system() -> System:
    return load_models(MODELS).systems[0]


def _store(system: System, name: str):  # noqa: ANN202 - test helper
    datastore = system.find_datastore(name)
    assert datastore is not None, name
    return datastore


def test_every_async_flow_has_a_delivery_contract_and_event_contracts(system: System) -> None:
    asynchronous = [f for f in system.flows
                    if f.mechanism in (Mechanism.ASYNC_EVENT, Mechanism.CDC) and f.via
                    or f.mechanism is Mechanism.ASYNC_EVENT]
    assert len(asynchronous) >= 9
    for flow in asynchronous:
        assert flow.delivery is not None, flow.name
        assert flow.delivery.channel, flow.name
        assert flow.events and {c.name for c in flow.contracts} == set(flow.events), flow.name
        for contract in flow.contracts:
            assert contract.key and contract.json_schema.get("properties"), contract.name


def test_event_bus_projection_is_rate_times_retention_times_replication(system: System) -> None:
    bus = _store(system, "event-bus")
    # By hand, from platform.py: messages/day × bytes × retention days × replication factor 3.
    by_hand = (3_000_000 * 900 * 7 * 3        # orders.events
               + 2_500_000 * 800 * 7 * 3      # payments.events
               + 3_400_000 * 700 * 7 * 3      # fulfilment.events
               + 86_400 * 600 * 7 * 3         # accounts.events
               + 8_000_000 * 2_000 * 3 * 3    # catalog.cdc.products
               + 120_000_000 * 350 * 3 * 3    # storefront.clickstream
               + 6 * 200 * 1_200 * 14 * 3)    # six dead-letter topics
    projection = project(system, bus)
    assert projection.points[0].bytes == pytest.approx(by_hand, rel=0.10)
    # no longer "0 rows, 0 B" today nor growing without bound: the year-1 size is the same
    # retention window at the year-1 rate (+30 % / +40 %)
    assert projection.points[1].bytes < by_hand * 1.45
    # judged per broker: 3 brokers, not one machine
    assert projection.nodes == 3
    text = horizon_text(projection)
    assert "Vertical scaling" not in text and "3 nodes" in text


def test_clickstream_keeps_three_days_not_seven(system: System) -> None:
    bus = _store(system, "event-bus")
    projection = project(system, bus)
    [clicks] = [s for s in projection.structures if s.structure.name == "storefront.clickstream"]
    by_hand = 120_000_000 * 350 * 3 * 3
    assert clicks.point(0).bytes == pytest.approx(by_hand, rel=0.10)
    assert isinstance(clicks.structure, Topic)
    assert "3 days retention × replication factor 3" in clicks.basis


def test_search_index_is_sized_from_its_source_table(system: System) -> None:
    search = _store(system, "product-search")
    projection = project(system, search)
    # catalog-db.products holds 40 M rows; 0.8 documents per row × 4 000 B × 2 copies,
    # plus 3 M suggestions × 300 B × 2 copies
    by_hand = 40_000_000 * 0.8 * 4_000 * 2 + 3_000_000 * 300 * 2
    assert projection.points[0].bytes == pytest.approx(by_hand, rel=0.10)
    catalog = project(system, _store(system, "catalog-db"))
    # derived: it grows as its source grows, not by its own write rate
    [products] = [t for t in catalog.tables if t.table.name == "products"]
    [index] = [s for s in projection.structures if s.structure.name == "products"]
    assert index.rows_at(3) == pytest.approx(products.rows_at(3) * 0.8, rel=1e-9)
    assert projection.nodes == 6
