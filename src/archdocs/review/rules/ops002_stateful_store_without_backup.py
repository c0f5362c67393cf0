"""OPS002: a stateful store with no declared backup."""

from collections.abc import Iterator

from archdocs.perf.operations import REBUILDABLE_ROLES, is_stateful
from archdocs.review.dataflow import vestigial_datastores
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule

_ROLES = ", ".join(sorted(role.value for role in REBUILDABLE_ROLES))


@rule(
    "OPS002", "stateful-store-without-backup", Severity.WARNING, family="operations",
    why="Replication protects against a dead node, not against a bad migration, a dropped "
        "table or a compromised account: the mistake is replicated too. A store that holds "
        "data nothing else holds needs a backup with a retention period and a tested restore. "
        f"Stores whose role makes them rebuildable ({_ROLES}) are not reported, nor are stores "
        "INT004 reports as vestigial (no flow uses them): the fix for a dead store is to delete "
        "it, not to back it up. Once INT004 is suppressed on a store, it needs a backup again.",
    fix="Declare it: backup=Backup(schedule=\"daily\", retention=\"30 days\", "
        "point_in_time=True, tested_restore=\"quarterly\").",
)
def stateful_store_without_backup(ctx: ReviewContext) -> Iterator[Hit]:
    dead = {id(d) for d in vestigial_datastores(ctx)
            if not any(s.rule == "INT004" and s.target is None for s in d.suppressions)}
    for datastore in ctx.sys.datastores:
        if id(datastore) in dead:
            continue  # INT004 reports it: one finding, whose fix (delete it) settles both
        if datastore.backup is None and is_stateful(datastore):
            managed = " (managed: say which backup the provider keeps)" \
                if datastore.hosting.value == "managed" else ""
            yield Hit(
                datastore,
                f"{datastore.name} ({datastore.role.value}, {datastore.technology.name}) "
                f"declares no backup{managed}",
            )


DOC = RuleDoc(
    checks="""
Every datastore whose role holds data nothing else holds (system of record,
event store, analytics, archive) must declare `backup=Backup(...)`. Caches, read models,
search indexes and brokers are rebuildable from a system of record and are not reported.
Managed services are reported too: say which backup the provider keeps and for how long.
A store that no flow reads or writes is left to [INT004](INT004.md) (vestigial datastore):
deleting it fixes both. Suppress INT004 on a store kept without flows on purpose, and OPS002
asks for its backup.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), hosting=Hosting.SELF_HOSTED)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), hosting=Hosting.SELF_HOSTED,
                            backup=Backup(schedule="daily base backup + WAL archiving",
                                          retention="35 days", point_in_time=True,
                                          tested_restore="monthly"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""
sales.datastore("orders-db", ..., suppress=[suppress(
    "OPS002", "rebuilt from the ERP's nightly export", owner="Sales team",
    review_by="2027-06-30")])
""",
)
