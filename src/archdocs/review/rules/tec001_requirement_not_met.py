"""TEC001: a declared requirement that the datastore's technology does not meet."""

from collections.abc import Iterator

from archdocs.model.datastore import Requirement, Role
from archdocs.model.patterns import EventSourcing
from archdocs.model.technology import Kind
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule

# What the decision framework suggests instead, by requirement.
_SUGGESTION = {
    Requirement.ACID: "a relational database (PostgreSQL, MySQL)",
    Requirement.JOINS: "a relational database, or a document model that embeds what is read "
                       "together",
    Requirement.FULL_TEXT: "a search index (Elasticsearch, OpenSearch) fed from this store, or "
                           "PostgreSQL full-text search",
    Requirement.TTL: "a key-value store with expiry (Redis) or a document store with TTL indexes",
    Requirement.FLEXIBLE_SCHEMA: "a document store (MongoDB) or JSON columns in PostgreSQL",
    Requirement.HIGH_WRITE_THROUGHPUT: "a wide-column or time-series store, or sharding",
    Requirement.TIME_SERIES_RETENTION: "a time-series store (TimescaleDB, InfluxDB)",
    Requirement.APPEND_ONLY: "an append-only log (Kafka, EventStoreDB)",
    Requirement.DURABILITY: "a store that persists acknowledged writes by default",
}


@rule(
    "TEC001", "requirement-not-met", Severity.ERROR, family="technology",
    why="A datastore's requirements are the workload's contract: ACID for money and stock, "
        "full-text for search, TTL for sessions. If the chosen technology does not provide the "
        "capability, the application has to emulate it (two-phase writes, LIKE '%…%' scans, "
        "cron jobs deleting expired rows), which is where consistency bugs and outages come "
        "from.",
    fix="Pick a technology whose capabilities meet the requirement (the message suggests one, "
        "following the decision framework), move that part of the workload to a store that "
        "fits, or remove the requirement if the workload does not really have it.",
)
def requirement_not_met(ctx: ReviewContext) -> Iterator[Hit]:
    event_stores = _event_stores(ctx)
    for datastore in ctx.sys.datastores:
        technology = datastore.technology
        for requirement in datastore.requirements:
            capability = requirement.capability
            if capability is None or datastore.has(capability):
                continue
            if requirement is Requirement.TTL and technology.kind is Kind.RELATIONAL:
                continue  # TEC002 says why a relational store is the wrong place for TTL data
            if requirement is Requirement.APPEND_ONLY and id(datastore) in event_stores:
                continue  # PAT002 says how to make an event store append-only
            yield Hit(
                datastore,
                f"{datastore.name} requires {requirement.value}, but {technology.label} has no "
                f"{capability.value}; consider {_SUGGESTION.get(requirement, 'another store')}",
            )


DOC = RuleDoc(
    checks="""
Each declared requirement against the technology's capabilities:

| requirement | needs capability |
|---|---|
| `acid` | `acid-transactions` |
| `joins` | `joins` |
| `full-text` | `full-text-search` |
| `ttl` | `ttl` (on relational stores: reported by [TEC002](TEC002.md) instead) |
| `flexible-schema` | `flexible-schema` |
| `high-write-throughput` | `high-write-throughput` |
| `time-series-retention` | `retention-downsampling` |
| `append-only` | `append-only-log` (on event stores: reported by [PAT002](PAT002.md) instead) |
| `durability` | `durable-by-default` |

`strong-consistency` depends on flows and replicas, not on the technology: see
[TEC006](TEC006.md).
""",
    example="""
system = System("Shop")
system.context("Sales").datastore("orders", tech.Cassandra("4.1"),
                                  requirements=[Requirement.ACID])
""",
    fixed="""
system = System("Shop")
system.context("Sales").datastore("orders", tech.PostgreSQL("16"),
                                  requirements=[Requirement.ACID])
""",
    suppress="""
sales.datastore("orders", tech.Cassandra("4.1"), requirements=[Requirement.ACID],
                suppress=[suppress("TEC001", "single-partition batches only; each order is one "
                                             "partition")])
""",
)


def _event_stores(ctx: ReviewContext) -> set[int]:
    system = ctx.sys
    stores = {id(d) for d in system.datastores if d.role is Role.EVENT_STORE}
    for pattern in system.patterns:
        if isinstance(pattern, EventSourcing):
            store = ctx.find_datastore(pattern.event_store)
            if store is not None:
                stores.add(id(store))
    return stores
