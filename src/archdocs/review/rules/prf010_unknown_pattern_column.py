"""PRF010: an access pattern naming a table or column the datastore does not have."""

from collections.abc import Iterator

from archdocs.perf.describe import pattern_label
from archdocs.perf.serving import Status, assess_all
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PRF010", "unknown-pattern-column", Severity.ERROR, family="access patterns",
    why="An access pattern that names a table or column the datastore does not hold cannot be "
        "checked: usually a typo or a column renamed since, and every other access-pattern "
        "rule silently skips it.",
    fix="Correct the name (columns are named as in the database, not the Python attribute), "
        "or declare the pattern on the datastore that holds the table.",
)
def unknown_pattern_column(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not datastore.tables:
            continue  # no schema declared: nothing to check names against
        for assessment in assess_all(datastore):
            if assessment.status is not Status.UNKNOWN_TABLE:
                continue
            pattern = assessment.pattern
            if assessment.table is None:
                if pattern.table is None:
                    message = (f"{pattern_label(pattern)} on {datastore.name} names no table: "
                               f"give table=")
                else:
                    known = ", ".join(t.fullname for t in datastore.tables[:8])
                    message = (f"{pattern_label(pattern)} names table {pattern.table!r}, which "
                               f"{datastore.name} does not hold (it holds {known})")
                yield Hit(datastore, message, target=pattern.table,
                          location=pattern.declared_at)
                continue
            table = assessment.table
            columns = ", ".join(repr(c) for c in assessment.unknown_columns)
            yield Hit(
                datastore,
                f"{pattern_label(pattern)} names {columns}, not a column of {table.fullname} "
                f"(columns: {', '.join(c.name for c in table.columns)})",
                target=table.fullname,
                location=pattern.declared_at,
            )


DOC = RuleDoc(
    checks="""
Every access pattern must name a table the datastore holds (datastore-level
patterns need `table=`) and columns of that table — by their database names — in `equals`,
`range` and `order_by`. Datastores that declare no schema are skipped.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"info": table_notes(access=[
        AccessPattern("orders of a customer", equals=["customer"]),
    ])}
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"info": table_notes(access=[
        AccessPattern("orders of a customer", equals=["customer_id"]),
    ])}
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    suppress="""
# A misspelt name has no trade-off to accept: correct the pattern. A column the model does
# not declare yet (added by the next migration) can be suppressed on the table:
__table_args__ = {"info": table_notes(access=[...], suppress=[
    suppress("PRF010", "customer is added by migration 0042")])}
""",
)
