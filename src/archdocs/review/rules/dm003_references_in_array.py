"""DM003: an array or JSON column holding what look like references to other rows."""

from collections.abc import Iterator

from archdocs.perf.modeling import reference_lists
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "DM003", "references-in-array", Severity.WARNING, family="data modeling",
    why="Ids kept in an array or JSON document are references no foreign key protects: deleted "
        "rows leave dangling ids, the reverse question (which orders contain product 7?) needs "
        "a scan or a special index, and the list cannot carry attributes (quantity, position).",
    fix="Use a link table with a foreign key to each side (order_products with order_id and "
        "product_id), or declare the trade-off with a suppression if the list is a cache of "
        "data kept elsewhere.",
)
def references_in_array(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            for column, target in reference_lists(datastore, table):
                points_at = f" (probably rows of {target})" if target else ""
                kind = type(column.type).__name__
                yield Hit(
                    datastore,
                    f"{table.fullname}.{column.name} is a {kind} column holding references"
                    f"{points_at} that no foreign key protects",
                    target=f"{table.fullname}.{column.name}",
                    location=ctx.column_location(datastore, table, column),
                    hint=f"replace it with a link table ({table.name}_id, "
                         f"{column.name.removesuffix('s')}) with foreign keys to both sides",
                )


DOC = RuleDoc(
    checks="""
`ARRAY` and `JSON` columns whose name says they hold ids (`product_ids`,
`tag_refs`, `ids`, `*_keys`, `*_uuids`). The finding names the table the ids probably point
at when one of that name exists in the datastore.
""",
    example="""
from sqlalchemy.dialects.postgresql import ARRAY

metadata = MetaData()
Table("products", metadata, Column("id", Integer, primary_key=True))
Table("orders", metadata,
      Column("id", Integer, primary_key=True),
      Column("product_ids", ARRAY(Integer)))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    fixed="""
metadata = MetaData()
Table("products", metadata, Column("id", Integer, primary_key=True))
Table("orders", metadata, Column("id", Integer, primary_key=True))
Table("order_products", metadata,
      Column("order_id", Integer, ForeignKey("orders.id"), primary_key=True),
      Column("product_id", Integer, ForeignKey("products.id"), primary_key=True))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    suppress="""
Column("product_ids", ARRAY(Integer), info=column_notes(suppress=[
    suppress("DM003", "a cache of the cart, the order lines are the record")])),
""",
)
