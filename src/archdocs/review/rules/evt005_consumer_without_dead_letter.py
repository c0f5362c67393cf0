"""EVT005: a consumer with no dead-letter path."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._messaging import consumed_flows


@rule(
    "EVT005", "consumer-without-dead-letter", Severity.WARNING, family="messaging",
    why="A message the consumer cannot process (a bug, a schema it does not know, data it "
        "rejects) is retried for ever and blocks its partition behind it, or is dropped "
        "silently when the retries run out. A dead-letter topic or queue keeps it aside, "
        "visible and replayable, while the rest flows on.",
    fix="Declare the dead-letter path on the delivery: Delivery(..., retry=Retry(5), "
        "dead_letter='orders.events.dlq') and the topic on the broker; or, when dropping "
        "poison messages is a decision, DeadLetter(discard=True, reason='...').",
)
def consumer_without_dead_letter(ctx: ReviewContext) -> Iterator[Hit]:
    for flow, consumer in consumed_flows(ctx):
        delivery = flow.delivery
        if delivery is None or delivery.dead_letter is not None:
            continue
        yield Hit(flow, f"{flow.name}: {consumer.name} consumes with no dead-letter path: a "
                        "message it cannot process blocks or disappears",
                  location=delivery.declared_at)


DOC = RuleDoc(
    checks="""
- every asynchronous flow delivered through a broker to a service whose `Delivery` declares no
  `dead_letter`. A `DeadLetter(discard=True, reason=...)` counts: dropping poison messages is
  then a stated decision.
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
                              idempotency_key="event_id", retry=Retry(5)))
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
                              idempotency_key="event_id", retry=Retry(5),
                              dead_letter="shipping.dlq"))
""",
    suppress="""
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            name="orders to shipping", delivery=Delivery(...),
            suppress=[suppress("EVT005", "reason")])
""",
    notes="""
When dropping poison messages is a decision, state it instead of a topic:
`dead_letter=DeadLetter(discard=True, reason="the view is rebuilt nightly")`.
""",
)
