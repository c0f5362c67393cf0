"""OWN002: a service reads another context's datastore directly."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore, Role
from archdocs.model.patterns import SharedDatabase
from archdocs.model.system import Service
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "OWN002", "cross-context-direct-read", Severity.WARNING, family="ownership",
    why="Reading another context's tables directly turns its private schema into a public "
        "contract: the owning team can no longer rename a column, split a table or change the "
        "technology without breaking a consumer it may not know about, and the reader sees "
        "half-finished states that the owner's API would never expose.",
    fix="Read through the owning context: a sync request to its API, or a local copy kept "
        "up to date from its events (Mechanism.ASYNC_EVENT via a broker, or CDC). If the "
        "store is shared on purpose, declare SharedDatabase(\"…\", datastore=...).",
)
def cross_context_direct_read(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    shared = [ctx.find_datastore(p.datastore) for p in system.patterns
              if isinstance(p, SharedDatabase)]
    for flow in system.flows:
        if flow.via is not None or not flow.effective_access.reads:
            continue
        source, target = ctx.resolve(flow.source), ctx.resolve(flow.target)
        if not isinstance(source, Service) or not isinstance(target, Datastore):
            continue
        if source.context is None or target.context is None or source.context is target.context:
            continue
        if target.role is Role.BROKER or any(target is d for d in shared):
            continue
        yield Hit(
            flow,
            f"{source.name} ({source.context.name}) reads {target.name} of context "
            f"{target.context.name} directly over {flow.mechanism.value} instead of through "
            f"the API or events of {target.context.name}",
        )


DOC = RuleDoc(
    checks="""
- flows from a service to a datastore of another context that read it (`access` read or
  read-write) directly, not through a broker;
- brokers (`role=Role.BROKER`) and datastores named by a `SharedDatabase` pattern are skipped.
""",
    example="""
system = System("Shop")
sales, billing = system.context("Sales"), system.context("Billing")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(sales.service("order-api"), orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(billing.service("invoicer"), orders_db, Mechanism.QUERY)
""",
    fixed="""
system = System("Shop")
sales, billing = system.context("Sales"), system.context("Billing")
platform = system.context("Platform")
bus = platform.datastore("event-bus", tech.Kafka("3.7"), role=Role.BROKER)
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, billing.service("invoicer"), Mechanism.ASYNC_EVENT, via=bus,
            events=["OrderPlaced"])
""",
    suppress="""
system.flow(invoicer, orders_db, Mechanism.QUERY,
            suppress=[suppress("OWN002", "read-only view agreed with Sales until the API exists")])
""",
)
