"""INT008: a flow carries a table that neither of its ends holds (and no datastore, or not the
datastores it connects)."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.schema import table_holders


@rule(
    "INT008", "carried-table-held-by-neither-end", Severity.ERROR, family="integrity",
    why="What a flow carries feeds lineage, ownership (who writes a table) and the flow lists "
        "on every page. A carried table that no datastore of the system holds is a typo or a "
        "table that was renamed or dropped; a flow between two datastores that carries a table "
        "neither of them holds cannot move it from one to the other. Either way the pages "
        "show data moving that does not exist there.",
    fix="Correct the table name in carries= (pass the mapped class or Table object rather than "
        "a string, so a rename cannot leave it behind), add the table to the datastore that "
        "holds it, or point the flow at the datastore that does.",
)
def carried_table_held_by_neither_end(ctx: ReviewContext) -> Iterator[Hit]:
    # A flow may carry a physical structure (a key pattern, a collection, a search index) by
    # name as well as a table: a datastore holds what its tables or its structures name.
    holders = table_holders(ctx.sys.datastores)
    for datastore in ctx.sys.datastores:
        for structure in datastore.structures:
            found = holders.setdefault(structure.name, [])
            if not any(d is datastore for d in found):
                found.append(datastore)
    for flow in ctx.sys.flows:
        source, target, _via = ctx.ends(flow)
        ends = [e for e in (source, target) if isinstance(e, Datastore)]
        for name in flow.carried_tables:
            if any(end.table(name) is not None or end.structure(name) is not None
                   for end in ends):
                continue
            if not holders.get(name):
                yield Hit(
                    flow,
                    f"flow {flow.name} carries table {name}, which no datastore of "
                    f"{ctx.sys.name} holds",
                    target=name,
                )
            elif len(ends) == 2 and all(end.tables or end.structures for end in ends):
                held_by = ", ".join(sorted(d.name for d in holders[name]))
                yield Hit(
                    flow,
                    f"flow {flow.name} carries table {name} between datastores "
                    f"{ends[0].name} and {ends[1].name}, and neither holds it (it is in "
                    f"{held_by})",
                    target=name,
                )


DOC = RuleDoc(
    checks="""
- for every table a flow `carries` (mapped class, `Table` or name): when neither end of the
  flow is a datastore holding it,
  - it is reported if no datastore of the system holds a table of that name;
  - it is reported if both ends are datastores that declare tables (replication, CDC, ETL
    between stores) and neither holds it.

A flow between services, or from a service into a cache or a store without declared tables,
may carry a table held elsewhere: that is how copies and read models are fed.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE, carries=["order"])
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE, carries=[Order])
""",
    suppress="""
system.flow(api, orders_db, Mechanism.QUERY, carries=["order"],
            suppress=[suppress("INT008", "orders is modelled in the legacy system")])
""",
)
