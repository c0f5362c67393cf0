"""OWN001: under DatabasePerService, a datastore written by another context's services."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore, Role
from archdocs.model.flow import Flow
from archdocs.model.patterns import DatabasePerService, SharedDatabase
from archdocs.model.system import BoundedContext, Service
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "OWN001", "written-by-another-context", Severity.ERROR, family="ownership",
    why="DatabasePerService means each context's datastores are written only by that "
        "context's services. A second context writing the same tables couples the two teams "
        "through one schema: neither can change a column, an invariant or the technology "
        "without coordinating, and a bug in one corrupts the other's data.",
    fix="Let the owning context expose the change as an API call or consume an event and "
        "write it itself; or, if sharing is a deliberate trade-off, declare "
        "SharedDatabase(\"…\", datastore=...) so the review and the documentation say so.",
)
def written_by_another_context(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    patterns = [p for p in system.patterns if isinstance(p, DatabasePerService)]
    if not patterns:
        return
    shared = _shared_datastores(ctx)
    reported: set[int] = set()
    for pattern in patterns:
        known, scope = _scope(ctx, pattern)
        if not known:
            continue  # a scope naming no context: INT002 reports it
        for datastore in system.datastores:
            owner = datastore.context
            if id(datastore) in reported or owner is None or datastore.role is Role.BROKER:
                continue
            if any(datastore is d for d in shared):
                continue
            foreign = [
                (service, flow) for service, flow in _service_writers(ctx, datastore)
                if service.context is not owner
                and (scope is None or scope in (owner, service.context))
            ]
            if not foreign:
                continue
            reported.add(id(datastore))
            writers = "; ".join(
                f"{service.name} of {service.context.name if service.context else 'no context'}"
                f" (flow {flow.name}, {ctx.model.display_path(flow.declared_at)})"
                for service, flow in foreign
            )
            contexts = sorted({s.context.name for s, _ in foreign if s.context} | {owner.name})
            where = "the system" if scope is None else f"context {scope.name}"
            yield Hit(
                datastore,
                f"{datastore.name} belongs to {owner.name} but is written by {writers}; "
                f"{len(contexts)} contexts ({', '.join(contexts)}) write one store although "
                f"{where} declares DatabasePerService",
                location=foreign[0][1].declared_at,
            )


DOC = RuleDoc(
    checks="""
Only when the system declares `DatabasePerService`:

- for every datastore in the pattern's scope (the whole system, or one context), the services
  that write it directly (a flow with write access, not through a broker);
- any writer from another context than the datastore's is reported, unless a `SharedDatabase`
  pattern names the datastore. Brokers (`role=Role.BROKER`) are shared by design and skipped.
""",
    example="""
system = System("Shop")
sales, billing = system.context("Sales"), system.context("Billing")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(sales.service("order-api"), orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(billing.service("invoicer"), orders_db, Mechanism.QUERY, access=Access.WRITE)
system.pattern(DatabasePerService("database per service"))
""",
    fixed="""
system = System("Shop")
sales, billing = system.context("Sales"), system.context("Billing")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
# Billing asks Sales to record the invoice number instead of writing its tables.
system.flow(billing.service("invoicer"), api, Mechanism.SYNC_REQUEST, access=Access.WRITE)
system.pattern(DatabasePerService("database per service"))
""",
    suppress="""
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"),
                            suppress=[suppress("OWN001", "invoicer moves out of Billing in Q2")])
# or state the trade-off for everybody: system.pattern(SharedDatabase("...", datastore=orders_db))
""",
)


def _scope(ctx: ReviewContext, pattern: DatabasePerService) -> tuple[bool, BoundedContext | None]:
    """``(known, context)``: the context the pattern covers, ``None`` for the whole system;
    ``known`` is false when the scope names no context of the system."""
    if pattern.scope is None:
        return True, None
    found = ctx.resolve(pattern.scope)
    return (True, found) if isinstance(found, BoundedContext) else (False, None)


def _shared_datastores(ctx: ReviewContext) -> list[Datastore]:
    shared = []
    for pattern in ctx.sys.patterns:
        if isinstance(pattern, SharedDatabase):
            datastore = ctx.find_datastore(pattern.datastore)
            if datastore is not None:
                shared.append(datastore)
    return shared


def _service_writers(ctx: ReviewContext, datastore: Datastore) -> list[tuple[Service, Flow]]:
    """Services that write ``datastore`` directly (publishing through a broker does not
    count: the broker is the interface)."""
    found = []
    for flow in ctx.sys.flows:
        if flow.via is not None or ctx.resolve(flow.target) is not datastore:
            continue
        source = ctx.resolve(flow.source)
        if isinstance(source, Service) and flow.effective_access.writes:
            found.append((source, flow))
    return found
