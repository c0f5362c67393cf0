"""The physical vocabulary: structures are checked when they are declared, like tables are."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import pytest

from archdocs import (
    Collection,
    DeadLetter,
    Delivery,
    DeliveryGuarantee,
    DocumentIndex,
    EventContract,
    Hypertable,
    KeyPattern,
    Mechanism,
    PhysicalError,
    Queue,
    QueueType,
    Retention,
    Retry,
    Role,
    SearchIndex,
    SecondaryIndex,
    SecondaryKind,
    System,
    Topic,
    WideColumnTable,
    tech,
)


@dataclass
class OrderPlaced:
    """An order was placed."""

    order_id: str
    buyer_id: str
    total_minor: int
    placed_at: datetime
    channel: Literal["web", "app"]
    coupon: str | None = None


def test_event_contract_from_dataclass_is_json_schema() -> None:
    contract = EventContract("OrderPlaced", version=2, key="order_id", schema=OrderPlaced)
    schema = contract.json_schema
    assert schema["type"] == "object"
    assert schema["properties"]["placed_at"] == {"type": "string", "format": "date-time"}
    assert schema["properties"]["channel"] == {"enum": ["web", "app"]}
    assert schema["required"] == ["order_id", "buyer_id", "total_minor", "placed_at", "channel"]
    assert schema["description"] == "An order was placed."


def test_event_key_must_be_a_payload_field() -> None:
    with pytest.raises(PhysicalError) as error:
        EventContract("OrderPlaced", key="orderId", schema=OrderPlaced)
    assert "key 'orderId' is not a field" in str(error.value)
    assert "test_physical.py" in str(error.value)  # points at the declaration
    assert "order_id" in (error.value.hint or "")


def test_topic_checks_its_settings() -> None:
    topic = Topic("orders.events", partitions=12, key="order_id",
                  retention=Retention(time="7d"), replication_factor=3, min_insync_replicas=2)
    assert topic.retained.period == timedelta(days=7)
    assert str(topic.retained) == "7d"
    with pytest.raises(PhysicalError, match="grows forever"):
        Topic("audit", partitions=3)
    with pytest.raises(PhysicalError, match="min_insync_replicas=4"):
        Topic("t", retention="1d", replication_factor=3, min_insync_replicas=4)
    with pytest.raises(PhysicalError, match="cannot read retention time '7 dayz'"):
        Topic("t", retention="7 dayz")
    assert Topic("compacted", compacted=True).retained.forever


def test_flow_keeps_event_names_and_contracts() -> None:
    system = System("s")
    ctx = system.context("c")
    a, b = ctx.service("a"), ctx.service("b")
    bus = ctx.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
        Topic("orders.events", partitions=6, retention="7d", replication_factor=3)])
    contract = EventContract("OrderPlaced", key="order_id", schema=OrderPlaced)
    flow = system.flow(a, b, Mechanism.ASYNC_EVENT, via=bus, events=[contract, "OrderCancelled"],
                       delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE,
                                         channel="orders.events", idempotency_key="event_id",
                                         retry=Retry(5), dead_letter="orders.events.dlq"))
    assert flow.events == ("OrderPlaced", "OrderCancelled")
    assert flow.contract("OrderPlaced") is contract
    assert flow.delivery is not None and flow.delivery.dead_letter_path is not None
    assert bus.structure("orders.events") is not None
    assert [t.name for t in bus.structures_of(Topic)] == ["orders.events"]


def test_duplicate_structure_is_an_error() -> None:
    ctx = System("s").context("c")
    with pytest.raises(PhysicalError, match="declared twice"):
        ctx.datastore("bus", tech.Kafka("3.7"), structures=[
            Topic("t", retention="1d"), Topic("t", retention="2d")])


def test_dead_letter_discard_needs_reason() -> None:
    with pytest.raises(PhysicalError, match="needs a reason"):
        DeadLetter(discard=True)
    assert str(DeadLetter(discard=True, reason="views are cheap")) == "discarded (views are cheap)"


def test_store_structures_validate() -> None:
    with pytest.raises(PhysicalError, match="empty"):
        KeyPattern("session:{}")
    key = KeyPattern("cart:{buyer_id}", ttl="30d", writes_per_day=1000)
    assert key.placeholders == ("buyer_id",)
    assert key.expected_count == pytest.approx(30_000)
    shape = {"type": "object", "properties": {"buyer_id": {}, "lines": {}, "updated_at": {}}}
    with pytest.raises(PhysicalError, match="'buyerId' is not in the document shape"):
        Collection("carts", schema=shape, shard_key=["buyerId"])
    carts = Collection("carts", schema=shape, indexes=[DocumentIndex(["updated_at"], ttl="60d")])
    assert carts.ttl == timedelta(days=60)
    assert carts.index_for(["updated_at"]) is not None and carts.index_for(["lines"]) is None
    with pytest.raises(PhysicalError, match="neither its source"):
        SearchIndex("products")
    table = WideColumnTable(
        "orders", partition_key=["pk"], sort_key=["sk"],
        attributes={"pk": "S", "sk": "S", "gsi1pk": "S"},
        indexes=[SecondaryIndex("by-status", ["gsi1pk"])])
    assert table.serves(["gsi1pk"]) == "by-status" and table.serves(["sk"]) is None
    with pytest.raises(PhysicalError, match="local index 'lsi'"):
        WideColumnTable("t", partition_key=["pk"],
                        indexes=[SecondaryIndex("lsi", ["x"], kind=SecondaryKind.LOCAL)])
    with pytest.raises(PhysicalError, match="only after they are dropped"):
        Hypertable("m", time_column="t", retention="7d", compress_after="30d")
    with pytest.raises(PhysicalError, match="quorum queue is always durable"):
        Queue("q", type=QueueType.QUORUM, durable=False)
