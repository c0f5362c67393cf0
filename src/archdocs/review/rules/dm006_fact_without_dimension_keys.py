"""DM006: a fact table without foreign keys to its dimensions."""

from collections.abc import Iterator

from archdocs.perf.modeling import (
    dimension_columns_without_key,
    facts_and_dimensions,
    referred_table,
)
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "DM006", "fact-without-dimension-keys", Severity.WARNING, family="data modeling",
    why="A fact table is measures plus the keys of the dimensions that give them meaning. "
        "Without foreign keys to its dimensions, nothing stops facts pointing at dimension rows "
        "that do not exist (they silently vanish from joined reports), and neither readers "
        "nor the star diagram can tell which dimensions slice it.",
    fix="Add a ForeignKey from each dimension key column to its dimension table (declared in "
        "the model even when the warehouse does not enforce it).",
)
def fact_without_dimension_keys(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        facts, dimensions = facts_and_dimensions(datastore)
        if not facts:
            continue
        dimension_ids = {id(d) for d in dimensions}
        for fact in facts:
            referred = [referred_table(fk) for fk in fact.foreign_key_constraints]
            linked = [t.fullname for t in referred if t is not None and id(t) in dimension_ids]
            location = ctx.table_location(datastore, fact)
            if not linked:
                yield Hit(
                    datastore,
                    f"fact table {fact.fullname} has no foreign key to any dimension"
                    + (f" (dimensions here: {', '.join(d.fullname for d in dimensions)})"
                       if dimensions else " (no table of this datastore is declared a "
                                          "Dimension)"),
                    target=fact.fullname,
                    location=location,
                )
                continue
            for column, dimension in dimension_columns_without_key(fact, dimensions):
                yield Hit(
                    datastore,
                    f"fact table {fact.fullname} column {column} looks like the key of "
                    f"dimension {dimension.fullname} but has no foreign key to it",
                    target=f"{fact.fullname}.{column}",
                    location=location,
                )


DOC = RuleDoc(
    checks="""
For each table declared `table_notes(fact=Fact(...))`: it must have at least one
foreign key to a table declared a `Dimension` in the same datastore. And each fact column
named like a dimension's key (`product_key`, `date_id` … for `dim_product`, `dim_date`,
`product_dim`, `products`) must have that foreign key.
""",
    example="""
metadata = MetaData()
Table("dim_date", metadata,
      Column("date_key", Integer, primary_key=True),
      info=table_notes(dimension=Dimension(scd_type=0)))
Table("fact_sales", metadata,
      Column("id", Integer, primary_key=True),
      Column("date_key", Integer, nullable=False),
      Column("amount", Numeric(12, 2)),
      info=table_notes(fact=Fact(grain="one row per order line")))

system = System("Shop")
system.context("Analytics").datastore("warehouse", tech.PostgreSQL("16"),
                                      role=Role.ANALYTICS, schema=metadata)
""",
    fixed="""
metadata = MetaData()
Table("dim_date", metadata,
      Column("date_key", Integer, primary_key=True),
      info=table_notes(dimension=Dimension(scd_type=0)))
Table("fact_sales", metadata,
      Column("id", Integer, primary_key=True),
      Column("date_key", Integer, ForeignKey("dim_date.date_key"), nullable=False),
      Column("amount", Numeric(12, 2)),
      info=table_notes(fact=Fact(grain="one row per order line")))

system = System("Shop")
system.context("Analytics").datastore("warehouse", tech.PostgreSQL("16"),
                                      role=Role.ANALYTICS, schema=metadata)
""",
    suppress="""
Table("fact_sales", metadata, ...,
      info=table_notes(fact=Fact(grain="one row per order line"), suppress=[
          suppress("DM006", "staging copy, the keys are resolved by the nightly load")]))
""",
    notes="""
Declare the foreign key in the model even when the warehouse does not enforce it: the
review and the site then know the star's shape.
""",
)
