"""EVT004: an outbox whose relay does not reach a broker."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.patterns import TransactionalOutbox
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._messaging import is_broker


@rule(
    "EVT004", "outbox-relay-misses-broker", Severity.ERROR, family="messaging",
    why="The outbox exists so that committed events reach the broker the consumers read. A "
        "relay that ends anywhere else (another database, a service, a broker no consumer "
        "reads) makes the pattern look complete while the events go nowhere the consumers "
        "are.",
    fix="Point the relay at the broker: a CDC flow from the outbox's datastore to the broker "
        "(Debezium outbox router), or a poller service flow with via=broker.",
)
def outbox_relay_misses_broker(ctx: ReviewContext) -> Iterator[Hit]:
    for pattern in ctx.sys.patterns:
        if not isinstance(pattern, TransactionalOutbox) or pattern.relay is None:
            continue
        relay = ctx.find_flow(pattern.relay)
        if relay is None:
            continue  # INT002 reports it
        reached = [ctx.resolve(end) for end in (relay.target, relay.via) if end is not None]
        brokers = [d for d in reached if isinstance(d, Datastore) and is_broker(d)]
        if not brokers:
            names = ", ".join(getattr(e, "name", "?") for e in reached if e is not None)
            yield Hit(pattern, f"outbox {pattern.name}: relay flow {relay.name} ends at "
                               f"{names or 'nothing'}, not at a broker, so its events never "
                               "reach the consumers")
            continue
        broker = brokers[0]
        consumers = [f for f in ctx.sys.flows
                     if f is not relay and set(f.events) & set(relay.events)
                     and ctx.resolve(f.via) is not None]
        elsewhere = sorted({f.name for f in consumers if ctx.resolve(f.via) is not broker})
        if elsewhere:
            yield Hit(pattern, f"outbox {pattern.name}: relay publishes to {broker.name}, but "
                               f"{', '.join(elsewhere)} expect its events through another "
                               "broker")


DOC = RuleDoc(
    checks="""
- a `TransactionalOutbox` whose relay flow neither ends at (`target`) nor passes through
  (`via`) a broker (role `broker`, or an event-log technology such as Kafka);
- a relay that reaches a broker while flows carrying the same events expect them through
  another one.
""",
    example="""
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
shipping_db = sales.datastore("shipping-db", tech.PostgreSQL("16"))
system.flow(shipping, shipping_db, Mechanism.QUERY, access=Access.READ_WRITE)
relay = system.flow(orders_db, shipping_db, Mechanism.CDC, events=["OrderPlaced"],
                    name="relay")
system.pattern(TransactionalOutbox("orders outbox", datastore=orders_db, table="outbox",
                                  relay=relay))
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
shipping_db = sales.datastore("shipping-db", tech.PostgreSQL("16"))
system.flow(shipping, shipping_db, Mechanism.QUERY, access=Access.READ_WRITE)
relay = system.flow(orders_db, bus, Mechanism.CDC, events=["OrderPlaced"], name="relay")
system.pattern(TransactionalOutbox("orders outbox", datastore=orders_db, table="outbox",
                                  relay=relay))
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            name="orders to shipping",
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events",
                              idempotency_key="event_id", dead_letter="shipping.dlq"))
""",
    suppress="""
system.pattern(TransactionalOutbox("orders outbox", datastore=orders_db, table="outbox",
                                  relay=relay, suppressions=[
    suppress("EVT004", "the shipping database is the broker until the Kafka migration")]))
""",
    notes="""
The relay is a CDC flow from the outbox's datastore to the broker (Debezium's outbox event
router), or a poller service's flow with `via=` the broker.
""",
)
