"""INT007: a flow whose source and target are the same element."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "INT007", "flow-to-itself", Severity.ERROR, family="integrity",
    why="A flow moves data from one element to another. A flow from an element to itself "
        "(a datastore replicating into itself, a service calling itself) moves nothing between "
        "parts of the system: the diagram draws a loop, lineage and ownership checks count a "
        "writer or reader that is not there. Usually the wrong variable or a copy-and-paste "
        "slip for the other end.",
    fix="Point the flow's target (or source) at the element the data really goes to (or comes "
        "from); delete the flow if there is none.",
)
def flow_to_itself(ctx: ReviewContext) -> Iterator[Hit]:
    for flow in ctx.sys.flows:
        source, target, _via = ctx.ends(flow)
        if source is None or source is not target:
            continue
        yield Hit(
            flow,
            f"flow {flow.name} goes from {source.KIND} {source.name} to itself",
        )


DOC = RuleDoc(
    checks="""
- every flow whose source and target resolve to the same element (by object or by name).
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
replica = sales.datastore("orders-replica", tech.PostgreSQL("16"), role=Role.READ_MODEL)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(orders_db, orders_db, Mechanism.REPLICATION)
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
replica = sales.datastore("orders-replica", tech.PostgreSQL("16"), role=Role.READ_MODEL)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(orders_db, replica, Mechanism.REPLICATION)
""",
    suppress="""
# A flow to itself cannot be right: point it at the other end, or delete it.
""",
)
