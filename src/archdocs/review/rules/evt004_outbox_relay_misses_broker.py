"""EVT004: an outbox whose relay does not reach a broker."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.patterns import TransactionalOutbox
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule
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
