"""`archdocs export --format json`: hostile names survive, the format holds what the reference
documents, and two exports are byte-identical."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archdocs.cli import main

HOSTILE = {
    "system": 'Shop "quoted" & <script>alert(1)</script>',
    "context": "../../etc/passwd",
    "service": "Ünïcödé 服务 ✓",
    "datastore": "orders'; DROP TABLE orders;--",
    "table": 'line "items"',
    "column": "<b>total</b>",
    "event": "Order\nPlaced\t`rm -rf`",
}

MODEL = '''
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Numeric, String, Table, text
from archdocs import (Access, CQRS, Mechanism, Partitioning, Requirement, Role, Scaling, Sharding,
                      System, Volume, strong, suppress, table_notes, tech)

H = {hostile!r}

metadata = MetaData()
Table("orders", metadata,
      Column("id", Integer, primary_key=True, comment="Order key."),
      Column("status", String(20), nullable=False, server_default=text("'new'"),
             comment="Lifecycle state."),
      comment="One checkout.",
      info=table_notes(volume=Volume(rows=1000, rows_per_day=50),
                       suppress=[suppress("SCH003", "standalone on purpose")]))
Table(H["table"], metadata,
      Column("id", Integer, primary_key=True),
      Column("order_id", Integer, ForeignKey("orders.id", ondelete="CASCADE"), index=True),
      Column(H["column"], Numeric(12, 2), default=0, comment=H["system"]),
      comment=H["context"])

system = System(H["system"], description=H["event"])
ctx = system.context(H["context"], domain="Sales", team="<team>")
api = ctx.service(H["service"], technology="Python")
db = ctx.datastore(H["datastore"], tech.PostgreSQL("16"), schema=metadata,
                   requirements=[Requirement.ACID],
                   scaling=Scaling(partitioning=[Partitioning(table="orders", key="id")],
                                   sharding=[Sharding(key="id", shards=4)]),
                   suppress=[suppress("SCH005", "because <reasons> & \\"quotes\\"")])
index = ctx.datastore("search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
flow = system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE, carries=["orders"],
                   consistency=strong())
cdc = system.flow(db, index, Mechanism.CDC, events=[H["event"]])
system.pattern(CQRS("search", write_store=db, read_models=[index], projections=[cdc]))
'''


@pytest.fixture
def models(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    root.mkdir()
    (root / "shop.py").write_text(MODEL.format(hostile=HOSTILE), encoding="utf-8")
    return root


def export(capsys: pytest.CaptureFixture[str], models: Path, *args: str) -> str:
    assert main(["export", str(models), "--format", "json", *args]) == 0
    return capsys.readouterr().out


def test_hostile_names_survive_the_round_trip(models, capsys):
    data = json.loads(export(capsys, models))
    [system] = data["systems"]
    assert system["name"] == HOSTILE["system"]
    assert system["description"] == HOSTILE["event"]
    assert [c["name"] for c in system["contexts"]] == [HOSTILE["context"]]
    assert system["contexts"][0]["team"] == "<team>"
    assert [s["name"] for s in system["services"]] == [HOSTILE["service"]]
    assert system["services"][0]["context"] == HOSTILE["context"]
    store = next(d for d in system["datastores"] if d["name"] == HOSTILE["datastore"])
    assert store["suppressions"] == [
        {"rule": "SCH005", "reason": 'because <reasons> & "quotes"', "target": None,
         "owner": None, "review_by": None}]
    table = next(t for t in store["tables"] if t["name"] == HOSTILE["table"])
    assert table["comment"] == HOSTILE["context"]
    column = next(c for c in table["columns"] if c["name"] == HOSTILE["column"])
    assert column["comment"] == HOSTILE["system"]
    cdc = next(f for f in system["flows"] if f["mechanism"] == "cdc")
    assert cdc["events"] == [HOSTILE["event"]]
    assert cdc["source"] == HOSTILE["datastore"]


def test_the_output_is_plain_utf8_not_escaped_html(models, capsys):
    text = export(capsys, models)
    assert "服务" in text  # ensure_ascii=False: readable unicode
    assert "<script>alert(1)</script>" in text  # JSON is data; escaping is the renderer's job


def test_the_export_holds_the_documented_fields(models, capsys):
    data = json.loads(export(capsys, models))
    assert data["archdocs_export"] == 1
    [system] = data["systems"]
    assert set(system) >= {"name", "id", "description", "file", "line", "contexts", "services",
                           "datastores", "flows", "patterns", "migrations", "externals",
                           "actors", "suppressions", "tags"}
    store = next(d for d in system["datastores"] if d["name"] == HOSTILE["datastore"])
    assert store["technology"]["id"] == "postgresql"
    assert store["technology"]["version"] == "16"
    assert store["technology"]["kind"] == "relational"
    assert "acid-transactions" in store["technology"]["capabilities"]
    assert store["role"] == "system-of-record"
    assert store["requirements"] == ["acid"]
    assert store["scaling"]["sharding"][0]["key"] == "id"
    assert store["scaling"]["partitioning"][0]["table"] == "orders"
    assert store["file"] == "models/shop.py"
    orders = next(t for t in store["tables"] if t["name"] == "orders")
    assert orders["primary_key"] == ["id"]
    source = (models / "shop.py").read_text().splitlines()
    assert source[orders["line"] - 1].startswith('Table("orders"')
    assert orders["file"] == "models/shop.py"
    assert orders["suppressions"] == [
        {"rule": "SCH003", "reason": "standalone on purpose", "target": None, "owner": None,
         "review_by": None}]
    assert orders["volume"]["rows_per_day"] == 50
    status = next(c for c in orders["columns"] if c["name"] == "status")
    assert status == status | {"type": "VARCHAR(20)", "nullable": False,
                               "server_default": "'new'", "comment": "Lifecycle state."}
    items = next(t for t in store["tables"] if t["name"] == HOSTILE["table"])
    assert items["foreign_keys"] == [{"name": None, "columns": ["order_id"],
                                      "references": "orders", "referred_columns": ["id"],
                                      "ondelete": "CASCADE"}]
    assert items["indexes"][0]["columns"] == ["order_id"]
    money = next(c for c in items["columns"] if c["name"] == HOSTILE["column"])
    assert money["type"] == "NUMERIC(12, 2)" and money["default"] == "0"
    [pattern] = system["patterns"]
    assert pattern["type"] == "CQRS"
    assert pattern["read_models"] == ["search"]
    query = next(f for f in system["flows"] if f["mechanism"] == "query")
    assert query["access"] == "read-write"
    assert query["consistency"] == {"level": "strong", "staleness_seconds": None}
    assert query["carries"] == ["orders"]


def test_two_exports_are_byte_identical_and_out_writes_the_same(models, capsys, tmp_path):
    first = export(capsys, models)
    second = export(capsys, models)
    assert first == second
    out = tmp_path / "export" / "model.json"
    export(capsys, models, "--out", str(out))
    assert out.read_text(encoding="utf-8") == first
    assert str(tmp_path) not in first  # no absolute paths: identical on every clone


def test_an_inbox_pattern_is_exported_with_its_table_and_key(tmp_path, capsys):
    root = tmp_path / "models"
    root.mkdir()
    (root / "shop.py").write_text(
        "from archdocs import Inbox, System, tech\n"
        'system = System("Shop")\n'
        'db = system.context("Payments").datastore("payments-db", tech.PostgreSQL("16"))\n'
        'system.pattern(Inbox("idempotent payments", datastore=db, table="requests",'
        ' key="request_id"))\n', encoding="utf-8")
    [pattern] = json.loads(export(capsys, root))["systems"][0]["patterns"]
    assert pattern | {"type": "Inbox", "datastore": "payments-db", "table": "requests",
                      "key": "request_id"} == pattern


def test_a_sequence_default_is_exported_by_name(tmp_path, capsys):
    root = tmp_path / "models"
    root.mkdir()
    (root / "shop.py").write_text(
        "from sqlalchemy import Column, Integer, MetaData, Sequence, Table\n"
        "from archdocs import System, tech\n"
        "metadata = MetaData()\n"
        'Table("basket", metadata, Column("Id", Integer, Sequence("basket_hilo", increment=10),'
        " primary_key=True))\n"
        'System("Shop").context("Basket").datastore("basket-db", tech.SQLServer("2022"),'
        " schema=metadata)\n", encoding="utf-8")
    [store] = json.loads(export(capsys, root))["systems"][0]["datastores"]
    [column] = store["tables"][0]["columns"]
    assert column["default"] == "<sequence: basket_hilo>"


def test_the_export_holds_servers_logins_classification_and_reliability(capsys):
    shop = Path(__file__).parents[1] / "review" / "governance_model" / "models"
    data = json.loads(export(capsys, shop))
    [system] = data["systems"]
    ordering = next(d for d in system["datastores"] if d["name"] == "ordering-db")
    assert ordering["server"]["name"] == "sql-data"
    assert ordering["logins"] == [{"name": "sa", "privileges": ["admin"],
                                   "used_by": ["ordering-api"]}]
    [table] = ordering["tables"]
    cvv = next(c for c in table["columns"] if c["name"] == "security_number")
    assert [c["kind"] for c in cvv["classification"]] == ["card-security-code"]
    event = next(f for f in system["flows"] if f["mechanism"] == "async-event")
    assert event["reliability"] == {"ack": "auto", "publisher_confirms": None}
    assert event["classification"][0]["fields"] == ["cardSecurityNumber"]
