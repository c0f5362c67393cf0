"""PAT002: an event store on a technology that cannot enforce append-only."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore, Role
from archdocs.model.patterns import EventSourcing
from archdocs.model.technology import Capability
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


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


DOC = RuleDoc(
    checks="""
- every datastore with `role=Role.EVENT_STORE` and every `EventSourcing.event_store`: its
  technology must have the `append-only-log` capability (Kafka, EventStoreDB).

A declared `Requirement.APPEND_ONLY` on such a store is reported here only, not also by
[TEC001](TEC001.md).
""",
    example="""
system = System("Bank")
ledger = system.context("Ledger")
events = ledger.datastore("ledger-events", tech.PostgreSQL("16"), role=Role.EVENT_STORE)
""",
    fixed="""
system = System("Bank")
ledger = system.context("Ledger")
events = ledger.datastore("ledger-events", tech.EventStoreDB("23"), role=Role.EVENT_STORE)
""",
    suppress="""
ledger.datastore("ledger-events", tech.PostgreSQL("16"), role=Role.EVENT_STORE,
                 suppress=[suppress("PAT002", "UPDATE/DELETE revoked from the app role; a "
                                              "trigger rejects them (migration 0042)")])
""",
)
