"""DM007: a fact table that does not say what one row is."""

from collections.abc import Iterator

from archdocs.model.notes import notes_of_table
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "DM007", "fact-without-grain", Severity.WARNING, family="data modeling",
    why="The grain — what exactly one fact row stands for (one order line, one daily balance "
        "per account) — is the first decision of a dimensional model. Without it, rows of "
        "different grains get mixed and sums count things twice.",
    fix="Declare it: table_notes(fact=Fact(grain=\"one row per order line\")).",
)
def fact_without_grain(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            fact = notes_of_table(table.info).fact
            if fact is not None and not (fact.grain or "").strip():
                yield Hit(
                    datastore,
                    f"fact table {table.fullname} declares no grain (what one row is)",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                )


DOC = RuleDoc(
    checks="""
Every table declared `Fact(...)` must state its grain.
""",
    example="""
metadata = MetaData()
Table("dim_date", metadata,
      Column("date_key", Integer, primary_key=True),
      info=table_notes(dimension=Dimension(scd_type=0)))
Table("fact_sales", metadata,
      Column("id", Integer, primary_key=True),
      Column("date_key", Integer, ForeignKey("dim_date.date_key"), nullable=False),
      Column("amount", Numeric(12, 2)),
      info=table_notes(fact=Fact()))

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
# The grain is a sentence to write, not a trade-off: declare it rather than suppress.
info=table_notes(fact=Fact(), suppress=[
    suppress("DM007", "being redesigned, see ADR 12")])
""",
)
