"""DM008: a dimension table with a foreign key to a fact table."""

from collections.abc import Iterator

from archdocs.perf.modeling import facts_and_dimensions, referred_table
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "DM008", "dimension-references-fact", Severity.WARNING, family="data modeling",
    why="In a star schema facts point at dimensions, never the other way round. A dimension "
        "that references a fact ties a descriptive row to one event, so the dimension grows "
        "with the facts and joins fan out and double-count.",
    fix="Reverse the reference (put the dimension's key on the fact), or, if the table "
        "really describes single events, model it as a fact or a degenerate dimension column.",
)
def dimension_references_fact(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        facts, dimensions = facts_and_dimensions(datastore)
        fact_ids = {id(f) for f in facts}
        for dimension in dimensions:
            for fk in sorted(dimension.foreign_key_constraints, key=lambda c: tuple(c.column_keys)):
                target = referred_table(fk)
                if target is not None and id(target) in fact_ids:
                    columns = ", ".join(c.name for c in fk.columns)
                    yield Hit(
                        datastore,
                        f"dimension {dimension.fullname} references fact table "
                        f"{target.fullname} (through {columns})",
                        target=dimension.fullname,
                        location=ctx.table_location(datastore, dimension),
                    )


DOC = RuleDoc(
    checks="""
A table declared a `Dimension` with a foreign key to a table declared a
`Fact` in the same datastore.
""",
    example="""
metadata = MetaData()
Table("dim_customer", metadata,
      Column("customer_key", Integer, primary_key=True),
      Column("first_order", Integer, ForeignKey("fact_orders.id")),
      info=table_notes(dimension=Dimension(scd_type=2)))
Table("fact_orders", metadata,
      Column("id", Integer, primary_key=True),
      Column("customer_key", Integer, ForeignKey("dim_customer.customer_key")),
      Column("amount", Numeric(12, 2)),
      info=table_notes(fact=Fact(grain="one row per order")))

system = System("Shop")
system.context("Analytics").datastore("warehouse", tech.PostgreSQL("16"),
                                      role=Role.ANALYTICS, schema=metadata)
""",
    fixed="""
metadata = MetaData()
Table("dim_customer", metadata,
      Column("customer_key", Integer, primary_key=True),
      Column("first_order_date", DateTime),
      info=table_notes(dimension=Dimension(scd_type=2)))
Table("fact_orders", metadata,
      Column("id", Integer, primary_key=True),
      Column("customer_key", Integer, ForeignKey("dim_customer.customer_key")),
      Column("amount", Numeric(12, 2)),
      info=table_notes(fact=Fact(grain="one row per order")))

system = System("Shop")
system.context("Analytics").datastore("warehouse", tech.PostgreSQL("16"),
                                      role=Role.ANALYTICS, schema=metadata)
""",
    suppress="""
Table("dim_customer", metadata, ...,
      info=table_notes(dimension=Dimension(scd_type=2), suppress=[
          suppress("DM008", "kept until the BI dashboards move to first_order_date")]))
""",
    notes="""
The fix keeps the first order's date as an attribute of the customer (a value, not a
reference); "first order" itself is answered from the fact table. If the dimension really
describes single events, model it as a fact or a degenerate dimension column.
""",
)
