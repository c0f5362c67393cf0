"""INT005: a foreign key that points into another datastore's tables."""

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
    "INT005", "cross-datastore-foreign-key", Severity.ERROR, family="integrity",
    why="A foreign key is enforced by one database engine inside one database. A key that "
        "points at a table held by another datastore cannot be created, and in a model it "
        "usually means two contexts share a table they should not: the referencing side now "
        "depends on the other context's schema, which breaks database-per-service.",
    fix="Keep the referenced identifier as a plain column (no ForeignKey) and document the "
        "relationship as a flow (an API call or events that copy what you need), or move both "
        "tables into the same datastore if they really belong to one context.",
)
def cross_datastore_foreign_key(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    holders = ctx.table_holders
    for datastore in system.datastores:
        for table in datastore.tables:
            for fk in ctx.foreign_keys(table):
                target = referenced_table(fk)
                found = holders.get(target, [])
                if any(d is datastore for d in found):
                    continue
                holder = found[0] if found else None
                if holder is None:
                    continue  # INT006 reports keys to tables that exist nowhere
                column = table.columns.get(fk_columns(fk)[0])
                location = (ctx.column_location(datastore, table, column) if column is not None
                            else ctx.table_location(datastore, table))
                owner = f", owned by context {holder.context.name}" if holder.context else ""
                yield Hit(
                    datastore,
                    f"foreign key {describe_fk(table, fk)} points into {holder.name} "
                    f"({holder.technology.label}{owner}); no engine can enforce a key across "
                    "two datastores",
                    target=f"{table.fullname}.{fk_columns(fk)[0]}",
                    location=location,
                )


DOC = RuleDoc(
    checks="""
- every foreign key of every table: the referenced table must be held by the same datastore.
  Keys to tables that exist in no datastore are [INT006](INT006.md).
""",
    example="""
class SalesBase(DeclarativeBase):
    pass

class Order(SalesBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))

class CrmBase(DeclarativeBase):
    pass

class Customer(CrmBase):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=SalesBase)
system.context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=CrmBase)
""",
    fixed="""
class SalesBase(DeclarativeBase):
    pass

class Order(SalesBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    # The CRM's identifier, kept without a constraint: CRM owns customers.
    customer_id: Mapped[int] = mapped_column(comment="Customer id in the CRM context.")

class CrmBase(DeclarativeBase):
    pass

class Customer(CrmBase):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=SalesBase)
system.context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=CrmBase)
""",
    suppress="""
customer_id: Mapped[int] = mapped_column(
    ForeignKey("customers.id"),
    info=column_notes(suppress=[suppress("INT005", "both stores are one database until Q4")]))
""",
)
