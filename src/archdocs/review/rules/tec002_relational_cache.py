"""TEC002: a relational database used for a cache or TTL workload."""

from collections.abc import Iterator

from archdocs.model.datastore import Requirement, Role
from archdocs.model.flow import Mechanism
from archdocs.model.technology import Kind
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "TEC002", "relational-cache", Severity.WARNING, family="technology",
    why="Caches and expiring data (sessions, tokens, rate-limit counters) are written and "
        "deleted constantly. A relational engine pays for durability and MVCC on every one of "
        "those writes, has no native expiry (a cron job must delete, leaving bloat and vacuum "
        "pressure), and competes for connections with the system of record. Key-value stores "
        "are built for exactly this workload.",
    fix="Move the cache or TTL data to a key-value store with expiry (Redis, Memcached) or a "
        "document store with TTL indexes, and keep the relational database as the system of "
        "record it is good at.",
)
def relational_cache(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for datastore in system.datastores:
        if datastore.technology.kind is not Kind.RELATIONAL:
            continue
        reasons = []
        if datastore.role is Role.CACHE:
            reasons.append("its role is cache")
        if Requirement.TTL in datastore.requirements:
            reasons.append("it requires ttl")
        fills = [f.name for f in ctx.flows_into(datastore)
                 if f.mechanism is Mechanism.CACHE_FILL]
        if fills:
            reasons.append(f"it is filled by cache-fill flow {fills[0]}")
        if reasons:
            yield Hit(
                datastore,
                f"{datastore.name} is a {datastore.technology.label} database used for a "
                f"cache/TTL workload ({'; '.join(reasons)}): relational engines have no expiry "
                "and pay full durability on every cache write",
            )


DOC = RuleDoc(
    checks="""
Relational datastores (PostgreSQL, MySQL, ...) that are used as a cache or for expiring data:

- `role=Role.CACHE`;
- `Requirement.TTL` among the requirements;
- filled by a `Mechanism.CACHE_FILL` flow.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
sales.datastore("sessions", tech.MySQL("8.0"), role=Role.CACHE,
                requirements=[Requirement.TTL])
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
sales.datastore("sessions", tech.Redis("7.2"), role=Role.CACHE,
                requirements=[Requirement.TTL])
""",
    suppress="""
sales.datastore("sessions", tech.MySQL("8.0"), role=Role.CACHE,
                suppress=[suppress("TEC002", "200 sessions a day; not worth another store")])
""",
)
