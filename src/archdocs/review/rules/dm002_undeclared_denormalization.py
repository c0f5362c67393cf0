"""DM002: a column copying an attribute of the table it references, with no declared reason."""

from collections.abc import Iterator

from archdocs.perf.modeling import copies
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


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
