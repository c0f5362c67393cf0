"""SCH005: columns without a comment."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "SCH005", "column-without-comment", Severity.INFO, family="schema",
    why="Column comments carry units, allowed values and meaning (\"amount in cents, incl. "
        "VAT\") into the generated documentation and every database client. Names alone rarely "
        "say which currency, time zone or state machine a value belongs to.",
    fix="Add comment=\"…\" to each column: mapped_column(..., comment=\"Amount in cents, "
        "including VAT.\"). Primary keys named id are exempt.",
)
def column_without_comment(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            missing = [c for c in table.columns
                       if not (c.comment or "").strip() and not _self_explaining(c.name, c.primary_key)]
            if not missing:
                continue
            if len(missing) == 1:
                message = (f"column {missing[0].name} of {table.fullname} in {datastore.name} "
                           "has no comment")
                target = f"{table.fullname}.{missing[0].name}"
            else:
                names = ", ".join(c.name for c in missing[:5]) + (" …" if len(missing) > 5 else "")
                message = (f"{len(missing)} of {len(table.columns)} columns of {table.fullname} "
                           f"in {datastore.name} have no comment: {names}")
                target = table.fullname
            yield Hit(datastore, message, target=target,
                      location=ctx.column_location(datastore, table, missing[0]))


DOC = RuleDoc(
    checks="""
- every table with columns whose comment is empty; a primary key column named `id` is exempt.
  One finding per table lists the columns (target: the table, or the column when only one is
  missing).
""",
    example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"comment": "One checkout."}
    id: Mapped[int] = mapped_column(primary_key=True)
    total_cents: Mapped[int]

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"comment": "One checkout."}
    id: Mapped[int] = mapped_column(primary_key=True)
    total_cents: Mapped[int] = mapped_column(comment="Total in cents, including VAT.")

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    suppress="""
__table_args__ = {"comment": "Raw import.",
                  "info": table_notes(suppress=[suppress("SCH005", "mirrors the CSV header")])}
""",
)


def _self_explaining(name: str, primary_key: bool) -> bool:
    return primary_key and name == "id"
