"""REL002: a publisher does not wait for the broker to confirm its messages."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.physical.messaging import DeliveryGuarantee
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "REL002", "publish-without-confirms", Severity.WARNING, family="reliability",
    why="Without publisher confirms, a publish returns before the broker has stored the "
        "message: a broker restart, a full queue or a network failure loses it silently, and "
        "an outbox relay marks it sent. RabbitMQ does not confirm unless the channel is put in "
        "confirm mode; Kafka waits for all in-sync replicas by default since 3.0 (acks=all), "
        "so a Kafka flow is reported only when it declares confirms off (acks=0 or 1). "
        "Sources: https://www.rabbitmq.com/docs/confirms (publisher confirms), "
        "https://kafka.apache.org/documentation/#producerconfigs_acks, "
        "https://cwiki.apache.org/confluence/display/KAFKA/KIP-679.",
    fix="Enable publisher confirms (RabbitMQ confirm.select and wait for the ack; Kafka "
        "acks=all with enable.idempotence) and declare "
        "reliability=Reliability(publisher_confirms=True).",
)
def publish_without_confirms(ctx: ReviewContext) -> Iterator[Hit]:
    for flow in ctx.sys.flows:
        broker = ctx.resolve(flow.via)
        if not isinstance(broker, Datastore):
            continue
        delivery = flow.delivery
        if delivery is not None and delivery.guarantee is DeliveryGuarantee.AT_MOST_ONCE:
            continue
        confirms = flow.reliability.publisher_confirms if flow.reliability else None
        engine = broker.technology.name
        if confirms is False:
            why = "declares publisher confirms off"
        elif confirms is None and engine.lower() == "rabbitmq":
            why = "declares no publisher confirms, and RabbitMQ does not confirm by default"
        else:
            continue
        yield Hit(flow, f"{flow.name!r} publishes to {broker.name} ({engine}) and {why}: a "
                  "message the broker did not store is lost without an error")


DOC = RuleDoc(
    checks="""
- a flow through a broker (`via=`) that declares `publisher_confirms=False`;
- a flow through RabbitMQ that does not declare `publisher_confirms=True` (RabbitMQ confirms
  nothing by default). Kafka's default since 3.0 is `acks=all`, so a Kafka flow is reported
  only when it declares confirms off.

Flows whose delivery contract is at-most-once are left alone.
""",
    example="""
system = System("Shop")
bus = system.context("Platform").datastore("eventbus", tech.RabbitMQ("3"), role=Role.BROKER)
basket = system.context("Basket").service("basket-api")
ordering = system.context("Ordering").service("ordering-api")
system.flow(basket, ordering, Mechanism.ASYNC_EVENT, via=bus, events=["CheckoutAccepted"],
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, idempotency_key="checkout_id"),
            reliability=Reliability(ack=AckMode.AFTER_HANDLING))
""",
    fixed="""
system = System("Shop")
bus = system.context("Platform").datastore("eventbus", tech.RabbitMQ("3"), role=Role.BROKER)
basket = system.context("Basket").service("basket-api")
ordering = system.context("Ordering").service("ordering-api")
system.flow(basket, ordering, Mechanism.ASYNC_EVENT, via=bus, events=["CheckoutAccepted"],
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, idempotency_key="checkout_id"),
            reliability=Reliability(ack=AckMode.AFTER_HANDLING, publisher_confirms=True))
""",
    suppress="""system.flow(..., suppress=[suppress("REL002", "the reason")])""",
)
