"""REL001: a consumer acknowledges messages before its handler has succeeded."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.physical.messaging import DeliveryGuarantee
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "REL001", "ack-before-handling", Severity.WARNING, family="reliability",
    why="A message acknowledged before the handler commits is gone from the broker: if the "
        "handler then fails or the process dies, the message is lost and nothing retries it. "
        "RabbitMQ's automatic acknowledgement (autoAck=true) and Kafka's periodic offset "
        "auto-commit both do this. Acknowledge after the handler's transaction commits and "
        "make the handler idempotent for the redeliveries that follow. Sources: "
        "https://www.rabbitmq.com/docs/confirms (consumer acknowledgements), "
        "https://kafka.apache.org/documentation/#consumerconfigs_enable.auto.commit.",
    fix="Declare and implement reliability=Reliability(ack=AckMode.AFTER_HANDLING) (manual "
        "ack after commit; Kafka: commit offsets after processing), with an idempotent "
        "consumer; or declare Delivery(DeliveryGuarantee.AT_MOST_ONCE) if losing messages is "
        "acceptable.",
)
def ack_before_handling(ctx: ReviewContext) -> Iterator[Hit]:
    for flow in ctx.sys.flows:
        reliability = flow.reliability
        if reliability is None or reliability.ack is None or not reliability.ack.loses_on_failure:
            continue
        delivery = flow.delivery
        if delivery is not None and delivery.guarantee is DeliveryGuarantee.AT_MOST_ONCE:
            continue  # loss is the declared contract
        broker = ctx.resolve(flow.via)
        where = f" from {broker.name}" if isinstance(broker, Datastore) else ""
        promise = delivery is not None and delivery.guarantee.redelivers
        yield Hit(flow, f"{flow.name!r} is acknowledged {reliability.ack.value}{where}: a "
                  "message whose handler fails is lost"
                  + (f", though the flow promises {delivery.guarantee.value}"
                     if promise and delivery is not None else ""),
                  location=reliability.declared_at,
                  severity=Severity.ERROR if promise else None)


DOC = RuleDoc(
    checks="""
- an asynchronous flow whose `reliability=Reliability(ack=...)` is `AckMode.AUTO` or
  `AckMode.BEFORE_HANDLING`, unless its delivery contract is at-most-once (loss accepted).
  An error when its `Delivery` promises at-least-once or effectively-once, a warning
  otherwise.
""",
    example="""
system = System("Shop")
bus = system.context("Platform").datastore("eventbus", tech.RabbitMQ("3"), role=Role.BROKER)
basket = system.context("Basket").service("basket-api")
ordering = system.context("Ordering").service("ordering-api")
system.flow(basket, ordering, Mechanism.ASYNC_EVENT, via=bus, events=["CheckoutAccepted"],
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, idempotency_key="checkout_id"),
            reliability=Reliability(ack=AckMode.AUTO))
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
    suppress="""system.flow(..., suppress=[suppress("REL001", "the reason")])""",
)
