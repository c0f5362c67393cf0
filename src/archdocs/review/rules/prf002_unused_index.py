"""PRF002: an index that no declared access pattern uses."""

from collections.abc import Iterator
from typing import Any

from archdocs.perf.indexes import supports_foreign_key, table_indexes, used_by
from archdocs.perf.serving import is_relational, patterns_with_tables
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


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


DOC = RuleDoc(
    checks="""
On a relational table that declares at least one access pattern, an index is
reported when no pattern uses it: it does not serve any pattern, and its first column is
not one any pattern filters on. Primary keys, unique keys (they enforce a rule) and indexes
whose leading columns are a foreign key's columns (they keep joins and `ON DELETE` cheap;
InnoDB requires them) are never reported. Tables without declared patterns are skipped:
there is no basis to call anything unused.
""",
    example="""
metadata = MetaData()
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("status", String(20)),
    Column("created_at", DateTime),
)
Index("ix_orders_status_created", orders.c.status, orders.c.created_at)
Index("ix_orders_created", orders.c.created_at)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[AccessPattern("orders by status", table="orders", equals=["status"],
                                   order_by=["created_at"])])
""",
    fixed="""
metadata = MetaData()
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("status", String(20)),
    Column("created_at", DateTime),
)
Index("ix_orders_status_created", orders.c.status, orders.c.created_at)
Index("ix_orders_created", orders.c.created_at)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[AccessPattern("orders by status", table="orders", equals=["status"],
                                   order_by=["created_at"]),
                     AccessPattern("orders of a day", table="orders", range="created_at")])
""",
    suppress="""
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[...],
    suppress=[suppress("PRF002", "used by the monthly finance export, not modelled",
                       target="orders")])
""",
    notes="""
The fix above declares the pattern the index exists for. If no query needs it, drop it
instead (`DROP INDEX ix_orders_created;`) and remove it from the model.
""",
)
