"""SCH004: a table without a comment."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "SCH004", "table-without-comment", Severity.INFO, family="schema",
    why="The table comment is what the generated documentation, the ER pages and every "
        "database client show as the table's meaning. Without it, readers guess from the name, "
        "and the next person to change the table does not know what one row stands for.",
    fix="Add a comment saying what one row is: __table_args__ = {\"comment\": \"One checkout of "
        "a cart.\"}, or Table(..., comment=\"…\").",
)
def table_without_comment(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            if not (table.comment or "").strip():
                yield Hit(
                    datastore,
                    f"table {table.fullname} in {datastore.name} has no comment saying what one "
                    "row is",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                )


DOC = RuleDoc(
    checks="""
- every table (of any technology: document shapes and key layouts too) whose comment is empty.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"comment": "One checkout of a cart by a buyer."}
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    suppress="""
sales.datastore("legacy-db", tech.MySQL("5.7"), schema=LegacyBase,
                suppress=[suppress("SCH004", "vendor schema, documented by the vendor")])
""",
)
