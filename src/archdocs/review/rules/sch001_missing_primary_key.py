"""SCH001: a relational table without a primary key."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule
from archdocs.review.schema import speaks_sql


@rule(
    "SCH001", "missing-primary-key", Severity.ERROR, family="schema",
    why="Without a primary key a row cannot be addressed: duplicates creep in, updates and "
        "deletes by ORM or replication tools hit the wrong rows or fail (logical replication "
        "and CDC need a replica identity, MySQL group replication refuses the table), and "
        "nothing else can reference the table.",
    fix="Add a primary key: a surrogate (id bigint generated always as identity) or the "
        "natural key that really is unique (mapped_column(primary_key=True)).",
)
def missing_primary_key(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not speaks_sql(datastore):
            continue
        for table in datastore.tables:
            if len(table.primary_key.columns) == 0:
                yield Hit(
                    datastore,
                    f"table {table.fullname} in {datastore.name} "
                    f"({datastore.technology.label}) has no primary key",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                )
