"""RES001: datastores of different bounded contexts run on one server."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.deployment import Server
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "RES001", "shared-failure-domain", Severity.WARNING, family="resilience",
    why="\"Database per service\" is about ownership and independent failure. Databases of "
        "several contexts on one server share its disks, memory, CPU, version upgrades, "
        "maintenance windows and administrator account: one failure or one runaway query "
        "(a noisy neighbour) stops every context at once, and a restore brings all of them "
        "back to the same point.",
    fix="Give each context's datastore its own server or managed instance (or at least a "
        "highly available cluster with resource limits per database), or accept the shared "
        "failure domain with suppress(\"RES001\", reason, owner=..., review_by=...).",
)
def shared_failure_domain(ctx: ReviewContext) -> Iterator[Hit]:
    by_server: dict[int, tuple[Server, list[Datastore]]] = {}
    for datastore in ctx.sys.datastores:
        if datastore.server is not None:
            by_server.setdefault(id(datastore.server), (datastore.server, []))[1].append(datastore)
    for server, stores in by_server.values():
        contexts = {id(d.context) for d in stores if d.context is not None}
        if len(contexts) < 2:
            continue
        names = ", ".join(f"{d.name} ({d.context.name})" for d in stores if d.context)
        ha = "" if server.highly_available else " with no failover"
        yield Hit(stores[0], f"server {server.name} ({server.hosting}){ha} hosts the "
                  f"datastores of {len(contexts)} contexts: {names}",
                  location=server.declared_at)


DOC = RuleDoc(
    checks="""
- a `Server` (declared with `server=` on datastores) that hosts datastores of two or more
  bounded contexts. The finding is on the first of them and points at the server's
  declaration; it says whether the server has failover.
""",
    example="""
system = System("Shop")
sql = Server("sql-data", region="eu-west", replicas=1, high_availability="availability group")
for name in ("Catalog", "Ordering"):
    context = system.context(name)
    api = context.service(f"{name.lower()}-api")
    db = context.datastore(f"{name.lower()}-db", tech.SQLServer("2022"), server=sql,
                           backup=Backup(schedule="daily", retention="7 days"),
                           logins=[login("sa", [Privilege.ADMIN], used_by=[api])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
system = System("Shop")
sql = Server("sql-data", region="eu-west", replicas=1, high_availability="availability group")
for name in ("Catalog", "Ordering"):
    context = system.context(name)
    api = context.service(f"{name.lower()}-api")
    db = context.datastore(f"{name.lower()}-db", tech.SQLServer("2022"), server=Server(f"{name.lower()}-sql", replicas=1, high_availability="availability group"),
                           backup=Backup(schedule="daily", retention="7 days"),
                           logins=[login("sa", [Privilege.ADMIN], used_by=[api])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""context.datastore(..., suppress=[suppress(
    "RES001", "one licensed server until the split in Q3", owner="Platform team",
    review_by="2027-09-30")])""",
)
