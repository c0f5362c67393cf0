"""DM004: a very wide operational table."""

from collections.abc import Iterator

from archdocs.model.notes import notes_of_table
from archdocs.perf.modeling import WIDE_TABLE_COLUMNS
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "DM004", "wide-table", Severity.INFO, family="data modeling",
    why=f"A table with more than {WIDE_TABLE_COLUMNS} columns usually holds several entities "
        "or optional feature data in one row: rows get large, every update rewrites all of it "
        "(PostgreSQL writes a new tuple version), most columns are NULL for most rows, and "
        "every feature's migration touches the same hot table. Dimension tables are wide by "
        "design and not reported.",
    fix="Split groups of columns that belong together into their own tables (one-to-one, "
        "keyed by the same id), or move rarely used attributes into a JSON column.",
)
def wide_table(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            if notes_of_table(table.info).dimension is not None:
                continue
            count = len(table.columns)
            if count > WIDE_TABLE_COLUMNS:
                yield Hit(
                    datastore,
                    f"{table.fullname} has {count} columns (more than {WIDE_TABLE_COLUMNS})",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                )
