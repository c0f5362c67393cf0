"""SCH004: a table without a comment."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


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
