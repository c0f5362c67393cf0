"""DM003: an array or JSON column holding what look like references to other rows."""

from collections.abc import Iterator

from archdocs.perf.modeling import reference_lists
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "DM003", "references-in-array", Severity.WARNING, family="data modeling",
    why="Ids kept in an array or JSON document are references no foreign key protects: deleted "
        "rows leave dangling ids, the reverse question (which orders contain product 7?) needs "
        "a scan or a special index, and the list cannot carry attributes (quantity, position).",
    fix="Use a link table with a foreign key to each side (order_products with order_id and "
        "product_id), or declare the trade-off with a suppression if the list is a cache of "
        "data kept elsewhere.",
)
def references_in_array(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for table in datastore.tables:
            for column, target in reference_lists(datastore, table):
                points_at = f" (probably rows of {target})" if target else ""
                kind = type(column.type).__name__
                yield Hit(
                    datastore,
                    f"{table.fullname}.{column.name} is a {kind} column holding references"
                    f"{points_at} that no foreign key protects",
                    target=f"{table.fullname}.{column.name}",
                    location=ctx.column_location(datastore, table, column),
                    hint=f"replace it with a link table ({table.name}_id, "
                         f"{column.name.removesuffix('s')}) with foreign keys to both sides",
                )
