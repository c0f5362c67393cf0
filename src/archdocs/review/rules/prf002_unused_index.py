"""PRF002: an index that no declared access pattern uses."""

from collections.abc import Iterator
from typing import Any

from archdocs.perf.indexes import supports_foreign_key, table_indexes, used_by
from archdocs.perf.serving import is_relational, patterns_with_tables
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "PRF002", "unused-index", Severity.INFO, family="access patterns",
    why="Every index is written on every insert and on every update of its columns, takes "
        "memory and disk, and slows vacuum and backups. An index that none of the table's "
        "declared access patterns uses is either serving a pattern nobody wrote down, or dead "
        "weight.",
    fix="Declare the access pattern the index exists for, or drop the index. Indexes that "
        "enforce uniqueness or lead with a foreign key's columns are never reported.",
)
def unused_index(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not is_relational(datastore):
            continue
        by_table: dict[str, list[Any]] = {}
        for pattern, table in patterns_with_tables(datastore):
            if table is not None:
                by_table.setdefault(table.fullname, []).append(pattern)
        for table in datastore.tables:
            patterns = by_table.get(table.fullname)
            if not patterns:
                continue  # nothing declared: no basis to call anything unused
            for index in table_indexes(table):
                if index.enforces_constraint or supports_foreign_key(table, index):
                    continue
                if any(used_by(index, pattern) for pattern in patterns):
                    continue
                names = ", ".join(repr(p.name) for p in patterns)
                yield Hit(
                    datastore,
                    f"index {index.label()} on {table.fullname} is used by none of its "
                    f"declared access patterns ({names})",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                )
