"""DM002: a column copying an attribute of the table it references, with no declared reason."""

from collections.abc import Iterator

from archdocs.perf.modeling import copies
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "DM002", "undeclared-denormalization", Severity.WARNING, family="data modeling",
    why="A column that repeats an attribute of the row its foreign key points at must be kept "
        "in step by hand: when the customer changes their e-mail, every copy is stale unless "
        "someone remembered. Sometimes the copy is the point (the price at the time of the "
        "order, a read-optimised table); then say so, so the next reader does not 'fix' it.",
    fix="Drop the copy and join to the referenced table, or declare why it is copied: "
        "mapped_column(..., info=column_notes(denormalized=\"price at the time of ordering\")).",
)
def undeclared_denormalization(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            for copy in copies(table):
                via = ", ".join(c.name for c in copy.foreign_key.columns)
                yield Hit(
                    datastore,
                    f"{table.fullname}.{copy.column.name} looks like a copy of "
                    f"{copy.referenced.fullname}.{copy.attribute.name} (reached through {via}) "
                    f"and declares no reason for the copy",
                    target=f"{table.fullname}.{copy.column.name}",
                    location=ctx.column_location(datastore, table, copy.column),
                )


DOC = RuleDoc(
    checks="""
For each foreign key of a table, the referenced table's non-key columns are
compared with the table's other columns. A column named after a referenced attribute with
the parent's prefix (`customer_email` for `customers.email` reached through `customer_id`),
or a text column with exactly the attribute's name (`email`), with the same type family, is
reported unless it carries `column_notes(denormalized="why")`. A shared numeric name
(`amount_minor` on a refund and its payment) is usually the child's own measure and is not
reported. Audit columns (`created_at`, `updated_at`, `version`, `tenant_id` …) and generic
names (`name`, `status`, `type`, `description`, `currency` …) are not compared.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200))

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer_email: Mapped[str] = mapped_column(String(200))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200))

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer_email: Mapped[str] = mapped_column(String(200), info=column_notes(
        denormalized="the address the confirmation was sent to"))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    suppress="""
customer_email: Mapped[str] = mapped_column(String(200), info=column_notes(suppress=[
    suppress("DM002", "dropped with the next migration, nothing reads it")]))
""",
    notes="""
Declaring why the column is copied is the fix when the copy is intended (a value as it was
at the time); otherwise drop the column and join to `customers`.
""",
)
