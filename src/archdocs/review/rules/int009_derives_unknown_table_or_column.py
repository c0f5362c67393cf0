"""INT009: a flow's ``derives`` names a table or column that is not there (the target table in
the target datastore, a source table the flow does not carry, a column either table lacks)."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.flow import column_references
from archdocs.model.scaling import table_matches
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "INT009", "derives-unknown-table-or-column", Severity.ERROR, family="integrity",
    why="A flow's derives= is the lineage the pages show: which tables, and which columns, a "
        "warehouse or derived table is built from. A name there that does not exist (a typo, "
        "a renamed column, a table the flow does not carry) makes the lineage page and the "
        "table's 'where its columns come from' section tell a story the data cannot follow.",
    fix="Correct the name in derives= to a table of the target datastore, a table the flow "
        "carries, and columns those tables have (table.column in a column expression), or add "
        "the table to carries=.",
)
def derives_unknown_table_or_column(ctx: ReviewContext) -> Iterator[Hit]:
    for flow in ctx.sys.flows:
        if not flow.derives:
            continue
        source, target, _via = ctx.ends(flow)
        for made, sources in sorted(flow.derives.items()):
            made_table = target.table(made) if isinstance(target, Datastore) else None
            if isinstance(target, Datastore) and made_table is None \
                    and target.structure(made) is None:
                yield Hit(flow, f"flow {flow.name} derives {made}, which datastore "
                                f"{target.name} does not hold", target=made)
                continue
            for table in sources:
                if not any(table_matches(table, carried) or table_matches(carried, table)
                           for carried in flow.carried_tables):
                    yield Hit(flow, f"flow {flow.name} derives {made} from {table}, which it "
                                    "does not carry", target=made)
            for column, expression in sorted(flow.derived_columns.get(made, {}).items()):
                if made_table is not None and column not in made_table.columns:
                    yield Hit(flow, f"flow {flow.name} derives column {made}.{column}, which "
                                    f"table {made_table.fullname} does not have",
                              target=f"{made}.{column}")
                for table, name in column_references(expression):
                    held = source.table(table) if isinstance(source, Datastore) else None
                    if held is None or name in held.columns:
                        continue
                    yield Hit(flow, f"flow {flow.name} derives {made}.{column} from "
                                    f"{table}.{name}, and table {held.fullname} has no column "
                                    f"{name}", target=f"{made}.{column}")


DOC = RuleDoc(
    checks="""
- for every table a flow's `derives=` builds: it must be a table or structure of the flow's
  target datastore, and every table it is built from must be one the flow `carries`;
- with a column map (`{"fact_sales": {"amount": "orders.price * orders.qty"}}`): every
  column named must be a column of the target table, and every `table.column` an expression
  names must be a column of that table in the flow's source datastore. Quoted literals and
  function names in the expression are not read as columns.
""",
    example="""
class OrdersBase(DeclarativeBase):
    pass

class Order(OrdersBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[int] = mapped_column()

class MartBase(DeclarativeBase):
    pass

class FactSales(MartBase):
    __tablename__ = "fact_sales"
    order_id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[int] = mapped_column()

system = System("Shop")
sales = system.context("Sales")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=OrdersBase)
mart = sales.datastore("mart", tech.PostgreSQL("16"), schema=MartBase, role=Role.ANALYTICS)
system.flow(orders_db, mart, Mechanism.BATCH, carries=[Order],
            derives={"fact_sales": {"order_id": "orders.id", "amount": "orders.prize"}})
""",
    fixed="""
class OrdersBase(DeclarativeBase):
    pass

class Order(OrdersBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[int] = mapped_column()

class MartBase(DeclarativeBase):
    pass

class FactSales(MartBase):
    __tablename__ = "fact_sales"
    order_id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[int] = mapped_column()

system = System("Shop")
sales = system.context("Sales")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=OrdersBase)
mart = sales.datastore("mart", tech.PostgreSQL("16"), schema=MartBase, role=Role.ANALYTICS)
system.flow(orders_db, mart, Mechanism.BATCH, carries=[Order],
            derives={"fact_sales": {"order_id": "orders.id", "amount": "orders.price"}})
""",
    suppress="""
# A lineage naming what is not there is wrong: correct derives= rather than suppress it.
""",
)
