"""``archdocs export --format asyncapi``: the flagship's messaging as an AsyncAPI 3.0 document,
validated by the AsyncAPI project's own parser (@asyncapi/parser from npm, pinned)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
ARCHDOCS = str(Path(sys.executable).parent / "archdocs")
PARSER = "@asyncapi/parser@3.6.6"
CACHE = REPO / ".cache" / "asyncapi-parser"
VALIDATE = Path(__file__).with_name("asyncapi_validate.mjs")


@pytest.fixture(scope="session")
def parser_modules() -> Path:
    """node_modules holding the pinned parser, installed once into .cache/ (ignored by git)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.skip("npm and node are needed to run the AsyncAPI parser (CI has them)")
    marker = CACHE / "node_modules" / "@asyncapi" / "parser" / "package.json"
    wanted = PARSER.rsplit("@", 1)[1]
    if not marker.is_file() or json.loads(marker.read_text())["version"] != wanted:
        CACHE.mkdir(parents=True, exist_ok=True)
        (CACHE / "package.json").write_text('{"private": true}\n')
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--silent", PARSER],
            cwd=CACHE, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"npm install {PARSER} failed:\n{result.stderr}"
    return CACHE / "node_modules"


def _validate(modules: Path, document: Path) -> dict[str, Any]:
    result = subprocess.run(["node", str(VALIDATE), str(modules), str(document)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def _export(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ARCHDOCS, "export", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, NO_COLOR="1"))


def test_the_flagship_asyncapi_document_validates(tmp_path: Path, parser_modules: Path) -> None:
    out = tmp_path / "asyncapi.json"
    result = _export(tmp_path, "models", "--format", "asyncapi", "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = _validate(parser_modules, out)
    assert report["errors"] == [] and report["warnings"] == [], report
    assert report["version"] == "3.0.0"
    document = json.loads(out.read_text())
    channel = document["channels"]["event-bus.orders.events"]
    assert channel["address"] == "orders.events"
    assert channel["bindings"]["kafka"]["partitions"] == 24
    assert channel["bindings"]["kafka"]["topicConfiguration"]["retention.ms"] == 7 * 86_400_000
    assert set(channel["messages"]) == {"OrderPlaced", "OrderCancelled", "OrderCompleted"}
    placed = document["components"]["messages"]["OrderPlaced"]
    assert placed["title"] == "OrderPlaced v2" and placed["x-key"] == "order_id"
    assert placed["payload"]["properties"]["placed_at"]["format"] == "date-time"
    receive = document["operations"]["orders-to-shipping.receive"]
    assert receive["action"] == "receive" and receive["x-delivery"] == "at-least-once"
    assert receive["x-dead-letter"] == "shipping-service.dlq"
    assert document["operations"]["orders-outbox-relay.send"]["action"] == "send"
    # deterministic: the same model gives the same bytes
    again = tmp_path / "again.json"
    _export(tmp_path, "models", "--format", "asyncapi", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_the_parser_rejects_a_broken_document(tmp_path: Path, parser_modules: Path) -> None:
    """The validation is real: the same document without its info object fails."""
    out = tmp_path / "asyncapi.json"
    _export(tmp_path, "models", "--format", "asyncapi", "--out", str(out))
    document = json.loads(out.read_text())
    del document["info"]
    document["operations"]["orders-to-shipping.receive"]["channel"] = {"$ref": "#/channels/nope"}
    out.write_text(json.dumps(document))
    assert _validate(parser_modules, out)["errors"]


def test_several_systems_need_system(write_model, tmp_path: Path) -> None:
    root = write_model({"model.py": '''
from archdocs import System
System("One")
System("Two")
'''})
    result = _export(tmp_path, str(root), "--format", "asyncapi")
    assert result.returncode == 2
    assert "an AsyncAPI document describes one system; the models declare 2" in result.stderr
    assert "--system NAME (one of: One, Two)" in result.stderr
    chosen = _export(tmp_path, str(root), "--format", "asyncapi", "--system", "Two")
    assert chosen.returncode == 0 and json.loads(chosen.stdout)["info"]["title"] == "Two"


def test_the_json_export_carries_structures_and_delivery_contracts(tmp_path: Path) -> None:
    result = _export(tmp_path, "models", "--format", "json")
    system = json.loads(result.stdout)["systems"][0]
    bus = next(d for d in system["datastores"] if d["name"] == "event-bus")
    clicks = next(s for s in bus["structures"] if s["name"] == "storefront.clickstream")
    assert (clicks["kind"], clicks["partitions"], clicks["replication_factor"]) == \
        ("topic", 48, 3)
    assert clicks["retention"]["seconds"] == 3 * 86400 and bus["nodes"] == 3
    flow = next(f for f in system["flows"] if f["name"] == "orders to shipping")
    assert flow["delivery"]["guarantee"] == "at-least-once"
    assert flow["delivery"]["dead_letter"]["channel"] == "shipping-service.dlq"
    assert [c["name"] for c in flow["contracts"]] == ["OrderCancelled", "OrderPlaced"]


PYDANTIC_MODEL = '''
from datetime import datetime

from pydantic import BaseModel

from archdocs import EventContract, Mechanism, Role, System, Topic, tech


class Line(BaseModel):
    sku: str
    quantity: int


class OrderPlaced(BaseModel):
    """An order was placed."""

    order_id: str
    placed_at: datetime
    lines: list[Line]
    coupon: str | None = None


CONTRACT = EventContract("OrderPlaced", version=2, key="order_id", schema=OrderPlaced)

system = System("Shop")
sales = system.context("Sales")
orders = sales.service("order-service")
shipping = sales.service("shipping-service")
bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
    Topic("orders.events", retention="7d", events=[CONTRACT])])
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=[CONTRACT])
'''


def test_a_pydantic_contract_with_nested_models_exports_a_valid_document(
        write_model, tmp_path: Path, parser_modules: Path) -> None:
    """pydantic writes nested models as ``$defs`` with ``#/$defs/…`` references, which in an
    AsyncAPI document would point into the document root: they move to components/schemas."""
    root = write_model({"model.py": PYDANTIC_MODEL})
    out = tmp_path / "asyncapi.json"
    result = _export(tmp_path, str(root), "--format", "asyncapi", "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = _validate(parser_modules, out)
    assert report["errors"] == [] and report["warnings"] == [], report
    document = json.loads(out.read_text())
    payload = document["components"]["messages"]["OrderPlaced"]["payload"]
    assert "$defs" not in payload
    assert payload["properties"]["lines"]["items"] == {
        "$ref": "#/components/schemas/OrderPlaced.Line"}
    assert document["components"]["schemas"]["OrderPlaced.Line"]["required"] == [
        "sku", "quantity"]
    assert payload["properties"]["placed_at"]["format"] == "date-time"
    assert payload["required"] == ["order_id", "placed_at", "lines"]
