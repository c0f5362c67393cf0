"""The deployment page shows where datastores run as a diagram above its table, each datastore's
page shows its own servers, and every scenario has a page with its numbered diagram and its
steps: boxes and links lead to pages that exist, legends are there, output is the same twice."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import pytest

from archdocs.website.build import SiteOptions, SiteResult, build_site

MODEL = '''
from archdocs import *  # noqa: F403
from archdocs import tech

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders = sales.datastore(
    "orders-db", tech.PostgreSQL("16"),
    server=Server("orders-cluster", hosting="managed", region="eu-1",
                  zones=["eu-1a", "eu-1b"], replicas=1, high_availability="Multi-AZ"),
    scaling=Scaling(replication=Replication(replicas=1, mode=ReplicationMode.SYNC)))
bus = sales.datastore("bus", tech.Kafka("3.7"), nodes=3, role=Role.BROKER,
                      server=Server("kafka", region="eu-1", zones=["eu-1a", "eu-1b", "eu-1c"]))
shipping = system.context("Shipping").service("shipping")
write = system.flow(api, orders, Mechanism.QUERY, name="write order",
                    access=Access.READ_WRITE)
placed = system.flow(api, shipping, Mechanism.ASYNC_EVENT, name="order placed", via=bus)
system.scenario("Checkout", description="A buyer *pays*.", steps=[
    write, step(placed, "shipping opens a shipment"), step("write order", "marks it paid")])
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    root = tmp_path_factory.mktemp("shop") / "models"
    root.mkdir()
    (root / "shop.py").write_text(MODEL, encoding="utf-8")
    return build_site(SiteOptions(models=root, use_cache=False))


def _files(site: SiteResult) -> dict[str, str]:
    return {path: data.decode() for path, data in site.files().items()
            if path.endswith((".md", ".svg"))}


def _svg_of(files: dict[str, str], page: str, index: int = 0) -> tuple[str, str]:
    """The path and text of the ``index``-th diagram shown on ``page`` (directory URLs)."""
    src = re.findall(r'<object type="image/svg\+xml" data="([^"]+)"', files[page])[index]
    served = posixpath.splitext(page)[0] + "/"
    path = posixpath.normpath(posixpath.join(served, src))
    return path, files[path]


def _texts(svg: str) -> list[str]:
    return [html.unescape(t).strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def _linked_pages(svg_path: str, svg: str) -> set[str]:
    """The pages the boxes of an SVG open, as docs-relative Markdown paths."""
    found = set()
    for href in re.findall(r'<a xlink:href="([^"]+)" target="_top"', svg):
        found.add(posixpath.normpath(posixpath.join(posixpath.dirname(svg_path), href)) + ".md")
    return found


def test_the_deployment_page_draws_regions_zones_and_links_each_box(site: SiteResult) -> None:
    files = _files(site)
    page = files["architecture/deployment.md"]
    assert page.index("<object") < page.index("| Datastore | Server |")  # diagram, then table
    path, svg = _svg_of(files, "architecture/deployment.md")
    texts = _texts(svg)
    for text in ("eu-1", "eu-1a", "eu-1b", "eu-1c", "1 read replica · sync", "on orders-cluster",
                 "Legend", "primary: takes the writes",
                 "nodes of a cluster (brokers, data nodes)"):
        assert text in texts, text
    assert texts.count("1 broker") == 3
    linked = _linked_pages(path, svg)
    assert linked == {"architecture/datastores/orders-db.md", "architecture/datastores/bus.md"}
    assert linked <= set(files)


def test_a_datastore_page_shows_its_own_servers(site: SiteResult) -> None:
    files = _files(site)
    page = files["architecture/datastores/orders-db.md"]
    deployment = page[page.index("## Deployment"):]
    assert "<object" in deployment.split("##", 2)[1]
    path, svg = _svg_of(files, "architecture/datastores/orders-db.md",
                        index=page[:page.index("## Deployment")].count("<object"))
    texts = _texts(svg)
    assert "orders-db" in texts and "1 read replica · sync" in texts and "bus" not in texts
    assert path.endswith("deployment-orders-db.svg")


def test_a_scenario_has_a_page_with_its_numbered_diagram_and_its_steps(
        site: SiteResult) -> None:
    files = _files(site)
    page = files["architecture/scenarios/checkout.md"]
    assert "\n# Scenario: Checkout\n\nA buyer \\*pays\\*.\n" in page
    rows = [line for line in page.splitlines() if re.match(r"\| \d ", line)]
    assert [row.split(" | ")[1] for row in rows] == [
        "[write order](../flows/write-order.md)", "[order placed](../flows/order-placed.md)",
        "[write order](../flows/write-order.md)"]
    assert "shipping opens a shipment" in rows[1] and "[bus](../datastores/bus.md)" in rows[1]
    for target in re.findall(r"\]\(([^)#]+\.md)\)", page):
        assert posixpath.normpath(posixpath.join("architecture/scenarios", target)) in files
    path, svg = _svg_of(files, "architecture/scenarios/checkout.md")
    texts = _texts(svg)
    assert "1, 3" in texts and texts.count("2") == 2
    assert "1, 2, 3 … the steps of the scenario, in order (its page lists them)" in texts
    assert _linked_pages(path, svg) >= {"architecture/datastores/orders-db.md",
                                         "architecture/datastores/bus.md",
                                         "architecture/contexts/shipping.md"}


def test_scenarios_are_reachable_from_the_overview_and_their_flows(site: SiteResult) -> None:
    files = _files(site)
    index = files["architecture/scenarios/index.md"]
    assert "| [Checkout](checkout.md) | 3 | A buyer \\*pays\\*. |" in index
    assert "[Scenarios](scenarios/index.md) | 1 |" in files["architecture/index.md"]
    flow = files["architecture/flows/write-order.md"]
    assert "## Scenarios\n\nThis flow is a step of [Checkout](../scenarios/checkout.md) " \
           "(steps 1, 3)." in flow


def test_a_model_without_scenarios_gets_no_scenario_pages(tmp_path: Path) -> None:
    root = tmp_path / "models"
    root.mkdir()
    (root / "shop.py").write_text(MODEL.split("system.scenario(")[0], encoding="utf-8")
    files = build_site(SiteOptions(models=root, diagrams="mermaid", use_cache=False)).files()
    assert not any("/scenarios/" in path for path in files)
    assert b"[Scenarios]" not in files["architecture/index.md"]


def test_two_builds_write_the_same_bytes(site: SiteResult, tmp_path: Path) -> None:
    root = tmp_path / "models"
    root.mkdir()
    (root / "shop.py").write_text(MODEL, encoding="utf-8")
    again = build_site(SiteOptions(models=root, use_cache=False)).files()
    first = site.files()
    for path in ("architecture/deployment.md", "architecture/scenarios/checkout.md",
                 "architecture/diagrams/deployment.svg",
                 "architecture/diagrams/scenario-checkout.svg"):
        assert first[path] == again[path], path
