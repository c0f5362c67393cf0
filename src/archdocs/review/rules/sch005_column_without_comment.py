"""SCH005: columns without a comment."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


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


def _self_explaining(name: str, primary_key: bool) -> bool:
    return primary_key and name == "id"
