"""EVT003: a service publishes after its commit, without an outbox, and promises delivery."""

from collections.abc import Iterator

from archdocs.model.datastore import Role
from archdocs.model.flow import Flow, Mechanism
from archdocs.model.physical import PublishAfterCommit
from archdocs.model.system import Service
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._messaging import event_names, outbox_relays


@rule(
    "EVT003", "publish-after-commit-without-outbox", Severity.WARNING, family="messaging",
    why="A service that commits to its database and then publishes to the broker makes two "
        "writes that can disagree: a crash, a deploy or a broker timeout between them loses "
        "the event although the change is committed (or, publishing first, announces a "
        "change that is rolled back). Such a flow cannot promise at-least-once delivery, "
        "whatever its consumers do.",
    fix="Write the event to an outbox table in the same transaction and relay it "
        "(TransactionalOutbox(..., relay=flow)), or publish from the database's log (CDC). "
        "If losing an event now and then is acceptable, say so: declare "
        "PublishAfterCommit([flow], recovery='...') and at-most-once delivery.",
)
def publish_after_commit_without_outbox(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    relayed: set[str] = set()
    for relay in outbox_relays(ctx):
        relayed.update(event_names(relay))
    declared: dict[int, PublishAfterCommit] = {}
    for pattern in system.patterns:
        if isinstance(pattern, PublishAfterCommit):
            for ref in pattern.flows:
                flow = ctx.find_flow(ref)
                if flow is not None:
                    declared[id(flow)] = pattern
    for flow in system.flows:
        delivery = flow.delivery
        if flow.mechanism is not Mechanism.ASYNC_EVENT or delivery is None:
            continue
        if not delivery.guarantee.redelivers:
            continue
        publish = declared.get(id(flow))
        if publish is not None:
            if not publish.recovery.strip():
                yield Hit(flow, f"{flow.name}: declared publish-after-commit "
                                f"({publish.name}) yet promises "
                                f"{delivery.guarantee.value}: an event is lost when the "
                                "service stops between its commit and the publish",
                          location=delivery.declared_at)
            continue
        source = ctx.resolve(flow.source)
        if not isinstance(source, Service) or not _commits(ctx, source):
            continue
        missing = [e for e in event_names(flow) if e not in relayed]
        if flow.events and not missing:
            continue  # every event it carries comes out of an outbox
        what = ", ".join(missing) if missing else "its events"
        yield Hit(flow, f"{flow.name}: {source.name} commits to its database and publishes "
                        f"{what} with no outbox or CDC relay, yet the flow promises "
                        f"{delivery.guarantee.value}",
                  location=delivery.declared_at)


def _commits(ctx: ReviewContext, service: Service) -> bool:
    """Whether the service writes a durable datastore (not a cache, not a broker)."""
    for datastore in ctx.sys.datastores:
        if datastore.role in (Role.CACHE, Role.BROKER):
            continue
        if any(who is service and isinstance(f, Flow) for who, f in ctx.sys.writers(datastore)):
            return True
    return False


DOC = RuleDoc(
    checks="""
- an `async-event` flow from a service that writes a durable datastore, whose `Delivery`
  promises `at-least-once` or `effectively-once`, while at least one of its events is not
  published by an outbox relay (`TransactionalOutbox(relay=...)`) or by CDC out of an event store;
- a flow declared in `PublishAfterCommit([...])` with no `recovery` that still promises
  at-least-once. Declaring `PublishAfterCommit` with at-most-once delivery (or a recovery job)
  states the trade-off and passes.
""",
    example="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
system = System("Shop")
sales = system.context("Sales")
orders = sales.service("order-service")
shipping = sales.service("shipping-service")
bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
    Topic("orders.events", partitions=6, key="order_id", retention="7d",
          replication_factor=3),
    Topic("shipping.dlq", retention="14d", replication_factor=3)])
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
system.flow(orders, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            name="orders to shipping",
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events",
                              idempotency_key="event_id", dead_letter="shipping.dlq"))
""",
    fixed="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
Table("outbox", metadata, Column("id", Integer, primary_key=True),
      Column("payload", Text))
system = System("Shop")
sales = system.context("Sales")
orders = sales.service("order-service")
shipping = sales.service("shipping-service")
bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
    Topic("orders.events", partitions=6, key="order_id", retention="7d",
          replication_factor=3),
    Topic("shipping.dlq", retention="14d", replication_factor=3)])
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
system.flow(orders, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
relay = system.flow(orders_db, bus, Mechanism.CDC, events=["OrderPlaced"], name="relay")
system.pattern(TransactionalOutbox("orders outbox", datastore=orders_db, table="outbox",
                                  relay=relay))
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            name="orders to shipping",
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events",
                              idempotency_key="event_id", dead_letter="shipping.dlq"))
""",
    suppress="""
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            name="orders to shipping", delivery=Delivery(...),
            suppress=[suppress("EVT003", "why a lost event is acceptable")])
""",
    notes="""
If losing an event now and then is acceptable, say so rather than suppress: declare
at-most-once delivery and the flow as published after commit, with how lost events are
recovered:
`system.pattern(PublishAfterCommit("seller changes", ["shop names to search"],
recovery="a nightly job republishes the day's changes"))`.
""",
)
