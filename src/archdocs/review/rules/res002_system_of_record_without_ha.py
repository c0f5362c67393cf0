"""RES002: a system of record with no failover."""

from collections.abc import Iterator
from datetime import timedelta

from archdocs.model.datastore import Hosting, Role
from archdocs.review.dataflow import vestigial_datastores
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import failover
from archdocs.review.rule import Hit, RuleDoc, rule

RESTORE_TIME = timedelta(hours=4)
"""What the review assumes a restore from backup takes: an RTO at least this long can be met
without a standby."""


@rule(
    "RES002", "system-of-record-without-ha", Severity.WARNING, family="resilience",
    why="A system of record holds data nothing else holds and the business stops while it is "
        "down. Without a standby (replicas, an availability group, a managed multi-zone "
        "instance), losing its node means restoring from backup: hours of downtime and every "
        "write since the last backup or archived log lost. The `high_availability` field, the "
        "server's replicas and the datastore's replication all count as failover. A store that "
        "declares recovery=Recovery(rto=...) of at least 4 hours accepts a restore and is not "
        "reported, nor is a store INT004 reports as vestigial (no flow uses it).",
    fix="Declare how it fails over: high_availability=\"…\" on the datastore, or a Server with "
        "replicas/high_availability, or scaling=Scaling(replication=Replication(...)); or "
        "declare recovery=Recovery(rto=\"4h\") if a restore is acceptable.",
)
def system_of_record_without_ha(ctx: ReviewContext) -> Iterator[Hit]:
    dead = {id(d) for d in vestigial_datastores(ctx)
            if not any(s.rule == "INT004" and s.target is None for s in d.suppressions)}
    for datastore in ctx.sys.datastores:
        if id(datastore) in dead:
            continue  # INT004 reports it: the fix for a dead store is to delete it
        if datastore.role not in (Role.SYSTEM_OF_RECORD, Role.EVENT_STORE):
            continue
        if datastore.hosting is Hosting.EMBEDDED or failover(datastore) is not None:
            continue
        rto = datastore.recovery.rto_period if datastore.recovery else None
        if rto is not None and rto >= RESTORE_TIME:
            continue
        server = f" on server {datastore.server.name}" if datastore.server else ""
        need = f" but needs RTO {datastore.recovery.rto}" if datastore.recovery \
            and datastore.recovery.rto else ""
        yield Hit(datastore, f"{datastore.name} ({datastore.role.value}){server} has no "
                  f"failover: no high_availability, replicas or replication declared{need}")


DOC = RuleDoc(
    checks="""
- every system of record or event store, not embedded, with no failover: no
  `high_availability` on the datastore, no `high_availability` or `replicas` on its server,
  no `scaling=Scaling(replication=Replication(...))`. A store declaring
  `recovery=Recovery(rto=...)` of 4 hours or more accepts a restore and is left alone.
""",
    example="""
system = System("Shop")
sql = Server("sql-data", region="eu-west")
for name in ("Catalog", "Ordering"):
    context = system.context(name)
    api = context.service(f"{name.lower()}-api")
    db = context.datastore(f"{name.lower()}-db", tech.SQLServer("2022"), server=Server(f"{name.lower()}-sql"),
                           backup=Backup(schedule="daily", retention="7 days"),
                           logins=[login(f"{name.lower()}_app", [Privilege.WRITE], used_by=[api])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
system = System("Shop")
sql = Server("sql-data", region="eu-west")
for name in ("Catalog", "Ordering"):
    context = system.context(name)
    api = context.service(f"{name.lower()}-api")
    db = context.datastore(f"{name.lower()}-db", tech.SQLServer("2022"), server=Server(f"{name.lower()}-sql", replicas=1, high_availability="availability group, automatic failover"),
                           backup=Backup(schedule="daily", retention="7 days"),
                           logins=[login(f"{name.lower()}_app", [Privilege.WRITE], used_by=[api])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""context.datastore(..., suppress=[suppress(
    "RES002", "the business accepts a day of downtime", owner="CTO", review_by="2027-01-01")])""",
)
