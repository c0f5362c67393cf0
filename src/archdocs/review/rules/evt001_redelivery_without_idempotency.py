"""EVT001: at-least-once delivery into a consumer that does not deduplicate."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._messaging import consumed_flows, has_inbox


@rule(
    "EVT001", "redelivery-without-idempotency", Severity.WARNING, family="messaging",
    why="At-least-once delivery redelivers a message whenever an acknowledgement is lost: "
        "after a consumer crash, a rebalance or a timeout. A consumer that applies every "
        "message it receives then charges twice, ships twice or counts twice, rarely enough "
        "to pass every test and often enough to show in the books.",
    fix="Make the consumer idempotent and say how: deduplicate on the event id "
        "(Delivery(..., idempotency_key='event_id')), or record each message in an inbox "
        "table in the same transaction as its effect (declare Inbox(...) on the consumer's "
        "datastore). Or, when losing a message is acceptable, declare at-most-once.",
)
def redelivery_without_idempotency(ctx: ReviewContext) -> Iterator[Hit]:
    for flow, consumer in consumed_flows(ctx):
        delivery = flow.delivery
        if delivery is None or not delivery.guarantee.redelivers or delivery.idempotent:
            continue
        if has_inbox(ctx, consumer) is not None:
            continue
        yield Hit(flow, f"{flow.name}: {delivery.guarantee.value} delivery into "
                        f"{consumer.name}, which declares no idempotency key and no inbox: "
                        "a redelivered message is applied twice",
                  location=delivery.declared_at)


DOC = RuleDoc(
    checks="""
- every asynchronous flow (`async-event`, `cdc`) delivered through a broker to a service whose
  `Delivery` promises `at-least-once` or `effectively-once`;
- it passes when the delivery names an `idempotency_key`, or when an `Inbox` pattern sits in a
  datastore the consuming service writes.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
orders = sales.service("order-service")
shipping = sales.service("shipping-service")
bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
    Topic("orders.events", partitions=6, key="order_id", retention="7d",
          replication_factor=3),
    Topic("shipping.dlq", retention="14d", replication_factor=3)])
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            name="orders to shipping",
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events",
                              dead_letter="shipping.dlq"))
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
orders = sales.service("order-service")
shipping = sales.service("shipping-service")
bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
    Topic("orders.events", partitions=6, key="order_id", retention="7d",
          replication_factor=3),
    Topic("shipping.dlq", retention="14d", replication_factor=3)])
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            name="orders to shipping",
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events",
                              idempotency_key="event_id", dead_letter="shipping.dlq"))
""",
    suppress="""
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            name="orders to shipping", delivery=Delivery(...),
            suppress=[suppress("EVT001", "the handler is a pure upsert by order id")])
""",
    notes="""
An inbox does it too: record each message in a table of the consumer's datastore, in the
same transaction as its effect, and declare it:
`system.pattern(Inbox("shipping inbox", datastore=shipping_db, table="inbox", key="event_id"))`.
""",
)
