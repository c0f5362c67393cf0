"""PAT003: an event store with no projection, or a projection nothing feeds from it."""

from collections.abc import Iterator

from archdocs.model.datastore import Role
from archdocs.model.patterns import EventSourcing
from archdocs.review.dataflow import reachable
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PAT003", "event-store-without-projection", Severity.WARNING, family="patterns",
    why="An event-sourced context answers queries from projections, not by replaying the log "
        "on every read. With no projection declared (or one that no flow feeds from the event "
        "store) the model does not say how current state is read, how far behind it may be or "
        "how it is rebuilt after a bug.",
    fix="Declare the projection datastores in EventSourcing(..., projections=[...]) and the "
        "flows that feed them from the event store (CDC or events through a broker to a "
        "projector service that writes them).",
)
def event_store_without_projection(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    covered: set[int] = set()
    for pattern in system.patterns:
        if not isinstance(pattern, EventSourcing):
            continue
        store = ctx.find_datastore(pattern.event_store)
        if store is None:
            continue  # INT002 reports the unknown store
        covered.add(id(store))
        if not pattern.projections:
            yield Hit(pattern, f"event sourcing {pattern.name}: event store {store.name} "
                               "declares no projection, so the model does not say how current "
                               "state is read")
            continue
        fed = reachable(ctx, [store])
        for ref in pattern.projections:
            projection = ctx.find_datastore(ref)
            if projection is not None and id(projection) not in fed:
                yield Hit(pattern, f"event sourcing {pattern.name}: projection "
                                   f"{projection.name} is fed by no flow from the event store "
                                   f"{store.name}")
    for store in system.datastores:
        if store.role is not Role.EVENT_STORE or id(store) in covered:
            continue
        fed = reachable(ctx, [store])
        if not any(id(d) in fed for d in system.datastores if d is not store):
            yield Hit(store, f"event store {store.name} feeds no other datastore: no "
                             "projection holds the current state its events describe")


DOC = RuleDoc(
    checks="""
- an `EventSourcing` pattern with no `projections`;
- a declared projection that no flow feeds from the event store (directly, through a broker or
  through a projector service);
- a datastore with `role=Role.EVENT_STORE` and no `EventSourcing` pattern from which no flow
  reaches any other datastore.
""",
    example="""
system = System("Bank")
ledger = system.context("Ledger")
api = ledger.service("ledger-api")
events = ledger.datastore("ledger-events", tech.EventStoreDB("23"), role=Role.EVENT_STORE)
system.flow(api, events, Mechanism.QUERY, access=Access.READ_WRITE)
system.pattern(EventSourcing("ledger", event_store=events))
""",
    fixed="""
system = System("Bank")
ledger = system.context("Ledger")
api = ledger.service("ledger-api")
projector = ledger.service("balance-projector")
events = ledger.datastore("ledger-events", tech.EventStoreDB("23"), role=Role.EVENT_STORE)
balances = ledger.datastore("balances", tech.PostgreSQL("16"), role=Role.READ_MODEL)
system.flow(api, events, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(events, projector, Mechanism.ASYNC_EVENT, consistency=eventual("2s"))
system.flow(projector, balances, Mechanism.QUERY, access=Access.WRITE)
system.pattern(EventSourcing("ledger", event_store=events, projections=[balances]))
""",
    suppress="""
system.pattern(EventSourcing("ledger", event_store=events,
                             suppress=[suppress("PAT003", "replayed on read: at most 20 events "
                                                          "per account")]))
""",
)
