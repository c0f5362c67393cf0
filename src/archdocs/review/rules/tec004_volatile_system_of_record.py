"""TEC004: an in-memory store (Redis, Memcached) as system of record without durability."""

from collections.abc import Iterator

from archdocs.model.datastore import Role
from archdocs.model.technology import Capability, Kind
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "TEC004", "volatile-system-of-record", Severity.ERROR, family="technology",
    why="A system of record is the only place its data lives. Redis acknowledges writes from "
        "memory and by default snapshots every few minutes; Memcached never persists at all. "
        "A restart, failover or eviction under memory pressure loses acknowledged data that "
        "exists nowhere else.",
    fix="Keep the system of record in a durable store and use Redis or Memcached as a cache "
        "in front of it (role=Role.CACHE). If Redis really is the record, enable AOF with "
        "appendfsync and declare it as backup=Backup(..., point_in_time=True); Memcached cannot "
        "be made durable.",
)
def volatile_system_of_record(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if datastore.role is not Role.SYSTEM_OF_RECORD:
            continue
        if datastore.technology.kind is not Kind.KEY_VALUE:
            continue  # search engines as the record are TEC005
        if datastore.has(Capability.DURABLE_BY_DEFAULT):
            continue
        can_persist = datastore.technology.id != "memcached"
        if can_persist and datastore.backup is not None and datastore.backup.point_in_time:
            continue  # persistence (Redis AOF) declared
        if can_persist:
            problem = ("acknowledges writes from memory and declares no append-only-file "
                       "persistence (backup=Backup(..., point_in_time=True))")
        else:
            problem = "keeps data only in memory and cannot persist it"
        yield Hit(
            datastore,
            f"system of record {datastore.name} runs on {datastore.technology.label}, which "
            f"{problem}: a restart or eviction loses data that exists nowhere else",
        )


DOC = RuleDoc(
    checks="""
- datastores with `role=Role.SYSTEM_OF_RECORD` on a technology that is not durable by default
  (Redis, Memcached);
- for Redis, declaring append-only-file persistence as `backup=Backup(..., point_in_time=True)`
  satisfies the rule; Memcached cannot persist at all.
""",
    example="""
system = System("Shop")
system.context("Sales").datastore("carts", tech.Redis("7.2"))
""",
    fixed="""
system = System("Shop")
system.context("Sales").datastore(
    "carts", tech.Redis("7.2"),
    backup=Backup(schedule="AOF appendfsync everysec + hourly RDB", retention="7 days",
                  point_in_time=True))
""",
    suppress="""
sales.datastore("carts", tech.Redis("7.2"),
                suppress=[suppress("TEC004", "carts are disposable; users re-add items")])
""",
)
