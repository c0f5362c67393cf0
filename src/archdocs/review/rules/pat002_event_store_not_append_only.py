"""PAT002: an event store on a technology that cannot enforce append-only."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore, Role
from archdocs.model.patterns import EventSourcing
from archdocs.model.technology import Capability
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "PAT002", "event-store-not-append-only", Severity.WARNING, family="patterns",
    why="Event sourcing makes the event log the source of truth; every projection and audit "
        "relies on events never being changed or deleted. A technology without an append-only "
        "log lets any UPDATE or DELETE rewrite history silently, and projections rebuilt later "
        "no longer match what users saw.",
    fix="Use a technology built as an append-only log (EventStoreDB, Kafka with infinite "
        "retention), or enforce append-only in the database (revoke UPDATE and DELETE from the "
        "application role, add a trigger that rejects them) and suppress this finding with "
        "that reason.",
)
def event_store_not_append_only(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    stores: list[Datastore] = [d for d in system.datastores if d.role is Role.EVENT_STORE]
    for pattern in system.patterns:
        if isinstance(pattern, EventSourcing):
            store = ctx.find_datastore(pattern.event_store)
            if store is not None and not any(store is s for s in stores):
                stores.append(store)
    for store in stores:
        if store.has(Capability.APPEND_ONLY_LOG):
            continue
        yield Hit(
            store,
            f"event store {store.name} runs on {store.technology.label}, which has no "
            "append-only log: an UPDATE or DELETE can rewrite the history every projection "
            "is built from",
        )
