"""RES001: datastores of different bounded contexts run on one server."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.deployment import Server
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


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
