"""EVT002: a flow's topic, queue or dead-letter channel that its broker does not declare."""

from collections.abc import Iterator

from archdocs.model.physical import Queue, Topic
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._messaging import broker_of


@rule(
    "EVT002", "unknown-channel", Severity.ERROR, family="messaging",
    why="A delivery contract that names a topic or queue its broker does not have documents "
        "a path no message takes: usually a typo or a topic renamed since. Its partitions, "
        "retention and consumers cannot be checked, and a dead-letter topic that does not "
        "exist loses exactly the messages it was meant to keep.",
    fix="Correct the name, or declare the topic or queue in the broker's structures "
        "(Topic(...), Queue(...)).",
)
def unknown_channel(ctx: ReviewContext) -> Iterator[Hit]:
    for flow in ctx.sys.flows:
        delivery = flow.delivery
        if delivery is None:
            continue
        broker = broker_of(ctx, flow)
        if broker is None or not any(isinstance(s, Topic | Queue) for s in broker.structures):
            continue
        known = sorted(s.name for s in broker.structures if isinstance(s, Topic | Queue))
        dead = delivery.dead_letter_path
        dead_broker = ctx.find_datastore(dead.via) if dead is not None and dead.via else broker
        checks = [("topic or queue", delivery.channel, broker)]
        if dead is not None and not dead.discard and dead_broker is not None:
            checks.append(("dead-letter channel", dead.channel, dead_broker))
        for what, name, where in checks:
            if name is None or where.structure(name) is not None:
                continue
            if where is not broker:
                known = sorted(s.name for s in where.structures)
            yield Hit(flow, f"{flow.name}: {what} {name!r} is not declared on {where.name} "
                            f"(it declares {', '.join(known[:8]) or 'nothing'})",
                      location=delivery.declared_at)


DOC = RuleDoc(
    checks="""
- a `Delivery.channel` that is not a `Topic` or `Queue` of the flow's broker (its `via`, or the
  broker it starts or ends at), when that broker declares any;
- a dead-letter channel (`dead_letter="..."` or `DeadLetter("...", via=...)`) that its broker
  does not declare. `DeadLetter(discard=True, ...)` names none and is not checked.
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
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="order.events",
                              idempotency_key="event_id", dead_letter="shipping.dlq"))
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
            suppress=[suppress("EVT002", "topic created by the vendor's connector")])
""",
    notes="""
When the name is right and the broker lacks the topic, declare it in the broker's
`structures` (`Topic(...)`, `Queue(...)`) instead.
""",
)
