"""EVT006 in ``archdocs diff``: a breaking change to an event contract needs a new version."""

from __future__ import annotations

import json

import pytest

from archdocs.cli import main

MODEL = '''
from dataclasses import dataclass
from datetime import datetime

from archdocs import EventContract, Mechanism, Role, System, Topic, tech


@dataclass
class OrderPlaced:
    order_id: str
    total_minor: int
    placed_at: datetime


CONTRACT = EventContract("OrderPlaced", version=1, key="order_id", schema=OrderPlaced)

system = System("Shop")
sales = system.context("Sales")
orders = sales.service("order-service")
shipping = sales.service("shipping-service")
bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
    Topic("orders.events", retention="7d", events=[CONTRACT])])
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=[CONTRACT])
'''


@pytest.fixture
def base(repo):
    repo.write("models/shop.py", MODEL)
    return repo.commit("base model")


def _diff(capsys, *args: str) -> tuple[int, dict]:
    code = main(["diff", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_removing_a_field_without_a_new_version_is_reported(repo, base, capsys):
    repo.edit("models/shop.py", "    total_minor: int\n", "")
    head = repo.commit("drop total")
    code, data = _diff(capsys, "--base", base, "--head", head, "--fail-on", "new-error")
    [finding] = [f for f in data["findings"]["introduced"] if f["rule"] == "EVT006"]
    assert finding["message"] == (
        "event OrderPlaced changed incompatibly (field total_minor removed) but keeps version "
        "1: consumers written for version 1 break")
    declared = (repo.root / "models" / "shop.py").read_text().splitlines().index(
        'CONTRACT = EventContract("OrderPlaced", version=1, key="order_id", schema=OrderPlaced)')
    assert finding["file"] == "models/shop.py" and finding["line"] == declared + 1
    assert code == 1


def test_a_type_change_or_new_required_field_is_breaking_too(repo, base, capsys):
    repo.edit("models/shop.py", "    total_minor: int\n",
              "    total_minor: str\n    currency: str\n")
    head = repo.commit("retype")
    _, data = _diff(capsys, "--base", base, "--head", head)
    [finding] = [f for f in data["findings"]["introduced"] if f["rule"] == "EVT006"]
    assert "total_minor type 'integer' → 'string'" in finding["message"]
    assert "field currency now required" in finding["message"]


def test_a_new_version_or_an_optional_field_passes(repo, base, capsys):
    repo.edit("models/shop.py", "    total_minor: int\n", "")
    repo.edit("models/shop.py", 'version=1', 'version=2')
    bumped = repo.commit("drop total in v2")
    _, data = _diff(capsys, "--base", base, "--head", bumped)
    assert not [f for f in data["findings"]["introduced"] if f["rule"] == "EVT006"]
    repo.edit("models/shop.py", "    placed_at: datetime\n",
              "    placed_at: datetime\n    coupon: str | None = None\n")
    optional = repo.commit("optional coupon")
    _, data = _diff(capsys, "--base", bumped, "--head", optional)
    assert not [f for f in data["findings"]["introduced"] if f["rule"] == "EVT006"]


PYDANTIC_MODEL = MODEL.replace('''from dataclasses import dataclass
from datetime import datetime
''', '''from datetime import datetime

from pydantic import BaseModel
''').replace('''@dataclass
class OrderPlaced:
''', '''class Line(BaseModel):
    sku: str
    quantity: int


class OrderPlaced(BaseModel):
    lines: list[Line]
''')


def test_a_change_inside_a_nested_pydantic_model_is_breaking(repo, capsys):
    """pydantic writes a nested model as a reference into ``$defs``: the comparison follows
    it, so dropping a field of the nested model is reported like an inline one."""
    assert "class OrderPlaced(BaseModel)" in PYDANTIC_MODEL
    repo.write("models/shop.py", PYDANTIC_MODEL)
    base = repo.commit("pydantic contract")
    repo.edit("models/shop.py", "    quantity: int\n", "")
    head = repo.commit("drop quantity")
    code, data = _diff(capsys, "--base", base, "--head", head, "--fail-on", "new-error")
    [finding] = [f for f in data["findings"]["introduced"] if f["rule"] == "EVT006"]
    assert "field lines[].quantity removed" in finding["message"]
    assert code == 1
