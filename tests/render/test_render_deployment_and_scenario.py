"""The deployment view and the scenario (dynamic) view as DOT and as rendered SVG: what a reader
sees in each box, the legend, links to datastores, and the same text on every run."""

from __future__ import annotations

import html
import re

from archdocs import (
    Mechanism,
    Replication,
    ReplicationMode,
    Scaling,
    Server,
    Sharding,
    System,
    step,
    tech,
)
from archdocs.render import DiagramRenderer, deployment_spec, scenario_spec
from archdocs.render.spec import LinkTarget

ZONES = ["eu-1a", "eu-1b", "eu-1c"]


def _system() -> System:
    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("order-api")
    orders = sales.datastore(
        "orders-db", tech.PostgreSQL("16"),
        server=Server("orders-cluster", hosting="managed", region="eu-1", zones=ZONES,
                      replicas=2),
        scaling=Scaling(replication=Replication(replicas=2, mode=ReplicationMode.SYNC,
                                                readable=False),
                        sharding=[Sharding(key="buyer_id", shards=32)]))
    shared = Server("shared-sql", region="eu-1", zones=ZONES[:1])
    sales.datastore("audit-db", tech.PostgreSQL("16"), server=shared)
    sales.datastore("<b>reports</b>", tech.PostgreSQL("16"), server=shared)
    bus = sales.datastore("bus", tech.Kafka("3.7"), nodes=5,
                          server=Server("kafka", region="eu-1", zones=ZONES))
    sales.datastore("cache", tech.Redis("7"), region="us-2")
    ship = system.context("Shipping").service("shipping")
    system.flow(api, orders, Mechanism.QUERY, name="write order")
    system.flow(api, ship, Mechanism.ASYNC_EVENT, name="order placed", via=bus)
    system.flow(ship, api, Mechanism.SYNC_REQUEST, name="ask status")
    system.scenario("Checkout", steps=["write order", step("order placed", "then ship"),
                                       "ask status", "write order"])
    return system


def _texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_the_deployment_shows_regions_zones_primaries_replicas_nodes_and_shards() -> None:
    spec = deployment_spec(_system())
    diagram = DiagramRenderer().render([spec])[spec.key]
    assert diagram.ok, diagram.error
    texts = _texts(diagram.svg or "")
    for expected in ("eu-1", "eu-1a", "eu-1b", "eu-1c", "us-2", "orders-db",
                     "primary · 32 shards by buyer_id", "1 standby · sync", "on orders-cluster",
                     "<b>reports</b>, audit-db", "on shared-sql", "2 brokers", "1 broker",
                     "cache", "own (managed)"):
        assert expected in texts, (expected, texts)
    # Five brokers over three zones: 2, 2, 1, never five boxes.
    assert sorted(t for t in texts if t.endswith(("broker", "brokers"))) == [
        "1 broker", "2 brokers", "2 brokers"]
    # Two standbys of a server in three zones: one in each zone after the primary's.
    assert texts.count("1 standby · sync") == 2
    assert "Legend" in texts and "primary: takes the writes" in texts
    assert "replica or standby (a copy)" in texts
    assert "nodes of a cluster (brokers, data nodes)" in texts


def test_deployment_boxes_link_to_their_datastore_and_a_shared_server_to_none() -> None:
    spec = deployment_spec(_system())
    targets = {target for _, target in spec.links}
    assert LinkTarget("Shop", "datastore", "orders-db") in targets
    assert LinkTarget("Shop", "datastore", "bus") in targets
    # A box holding two datastores cannot open both pages: the table under it links them.
    assert not {t.name for t in targets} & {"audit-db", "<b>reports</b>"}


def test_a_single_datastore_view_and_a_view_with_one_kind_of_box_has_no_legend() -> None:
    system = _system()
    cache = system.find_datastore("cache")
    assert cache is not None
    spec = deployment_spec(system, [cache], key="deployment-cache")
    assert "Legend" not in spec.dot
    assert spec.key == "deployment-cache"


def test_the_deployment_dot_is_the_same_on_every_run_and_escapes_names() -> None:
    first, second = deployment_spec(_system()), deployment_spec(_system())
    assert first == second
    assert "<b>reports</b>" not in first.dot and "&lt;b&gt;reports&lt;/b&gt;" in first.dot


def test_a_scenario_numbers_its_steps_on_the_arrows_with_a_legend() -> None:
    system = _system()
    spec = scenario_spec(system, system.scenarios[0])
    assert spec.key == "scenario-checkout"
    diagram = DiagramRenderer().render([spec])[spec.key]
    assert diagram.ok, diagram.error
    texts = _texts(diagram.svg or "")
    # Step 1 and step 4 take the same flow: one arrow says "1, 4". Step 2 goes through the
    # broker: both hops say 2.
    assert "1, 4" in texts
    assert texts.count("2") == 2
    assert "3" in texts
    assert "1, 2, 3 … the steps of the scenario, in order (its page lists them)" in texts
    assert " events, CDC or batches" in texts  # two line styles: the legend names them
    assert {t.name for _, t in spec.links} >= {"order-api", "orders-db", "bus", "shipping"}
    assert scenario_spec(system, system.scenarios[0]) == spec
