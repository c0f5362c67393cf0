"""INT006: a foreign key to a table that no datastore declares."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.schema import (
    describe_fk,
    fk_columns,
    referenced_table,
)


@rule(
    "INT006", "dangling-foreign-key", Severity.ERROR, family="integrity",
    why="A foreign key names a table that is in no datastore of the model: the DDL generated "
        "from the model fails, the ER diagram draws an edge to nowhere, and migration plans "
        "cannot order the tables. Usually a typo in ForeignKey(\"table.column\") or a table "
        "that was deleted or renamed.",
    fix="Correct the ForeignKey target (\"table.column\", schema-qualified when the table has "
        "a schema), or add the referenced table to the same datastore's schema.",
)
def dangling_foreign_key(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    holders = ctx.table_holders
    for datastore in system.datastores:
        for table in datastore.tables:
            for fk in ctx.foreign_keys(table):
                target = referenced_table(fk)
                if target in holders:
                    continue
                column = table.columns.get(fk_columns(fk)[0])
                location = (ctx.column_location(datastore, table, column) if column is not None
                            else ctx.table_location(datastore, table))
                yield Hit(
                    datastore,
                    f"foreign key {describe_fk(table, fk)} references table {target}, which "
                    "no datastore in the model declares",
                    target=f"{table.fullname}.{fk_columns(fk)[0]}",
                    location=location,
                )


DOC = RuleDoc(
    checks="""
- every foreign key whose referenced table (as written in `ForeignKey("table.column")`) is
  held by no datastore of the system.
""",
    example="""
metadata = MetaData()
Table("customers", metadata, Column("id", Integer, primary_key=True))
Table("orders", metadata, Column("id", Integer, primary_key=True),
      Column("customer_id", Integer, ForeignKey("customer.id")))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    fixed="""
metadata = MetaData()
Table("customers", metadata, Column("id", Integer, primary_key=True))
Table("orders", metadata, Column("id", Integer, primary_key=True),
      Column("customer_id", Integer, ForeignKey("customers.id")))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    suppress="""
Column("customer_id", Integer, ForeignKey("customer.id"),
       info=column_notes(suppress=[suppress("INT006", "table lives in a vendor schema")]))
""",
)
