"""PRF001: a relational access pattern that no index serves."""

from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.model.notes import AccessPattern
from archdocs.perf.describe import frequency, pattern_label
from archdocs.perf.indexes import KeyPart, shared_suggestions, suggested_parts
from archdocs.perf.serving import Status, assess_all, is_relational, is_tiny
from archdocs.perf.suggest import (
    covering_key,
    create_index_statement,
    model_declaration,
    supports_include,
)
from archdocs.review.engine import ReviewContext
from archdocs.review.engines import MYSQL, SQL_SERVER, engine_of, is_max_type
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PRF001", "no-supporting-index", Severity.WARNING, family="access patterns",
    why="Without an index whose key starts with the pattern's equality columns and then its "
        "range or sort column, the database reads the whole table (or a large part of it) and "
        "sorts it for every call. It works in development and collapses as the table grows. "
        "Where an index on the pattern's leading column exists, the finding is only a note "
        "(info): the database narrows the rows by that column, and a composite index would "
        "serve the pattern better. On SQL Server (primary key clustered), MySQL and MariaDB, "
        "every other non-unique index ends with the primary key's columns, and counts as such. "
        "Columns a pattern only selects (select=[...]) never go into the suggested key: the "
        "suggestion INCLUDEs them (PostgreSQL 11+, SQL Server), so the index alone answers the "
        "query; MySQL and MariaDB have no INCLUDE, so there they are appended to the key. An "
        "index's INCLUDEd columns hold values, they neither filter nor sort.",
    fix="Create the index the finding names, and declare it in the model with Index(...) in "
        "__table_args__ so the review and the site know it exists.",
)
def no_supporting_index(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not is_relational(datastore):
            continue
        unserved = [
            a for a in assess_all(datastore)
            if a.status is Status.FULL_SCAN and a.table is not None
            and not is_tiny(datastore, a.table)
        ]
        by_table: dict[str, list[AccessPattern]] = defaultdict(list)
        for assessment in unserved:
            assert assessment.table is not None
            by_table[assessment.table.fullname].append(assessment.pattern)
        shared = {name: shared_suggestions(patterns) for name, patterns in by_table.items()}
        for assessment in unserved:
            table, pattern = assessment.table, assessment.pattern
            assert table is not None
            parts, others = shared[table.fullname].get(
                id(pattern), (suggested_parts(pattern), ()))
            statement = create_index_statement(datastore, table, parts, pattern)
            what = "full-text index" if pattern.text_search else "index"
            key = ", ".join(str(p) for p in suggested_parts(pattern))
            also = (f" (it also serves {', '.join(repr(o.name) for o in others)})"
                    if others else "")
            partial = assessment.partial
            if partial is None:
                message = (f"{pattern_label(pattern)}{frequency(pattern)} on {table.fullname} "
                           f"has no {what} starting with ({key}): every call scans the table. "
                           f"Add: {statement}{also}")
            else:
                # The planner narrows the rows by the leading column, then filters or sorts
                # what is left: slower than it could be, not a scan of the whole table.
                message = (f"{pattern_label(pattern)}{frequency(pattern)} on {table.fullname} "
                           f"is served only in part by {partial.label()}: it could be better "
                           f"served by an {what} starting with ({key}). Add: {statement}{also}")
            # The key as created: with the selected columns where the store has no INCLUDE.
            key_parts = covering_key(datastore, parts, pattern)[0]
            message += _unindexable(datastore, table, key_parts, pattern.text_search)
            message += _covering_note(datastore, parts, pattern)
            yield Hit(
                datastore,
                message,
                severity=None if partial is None else Severity.INFO,
                target=table.fullname,
                location=pattern.declared_at,
                hint=f"{statement}; in the model: {model_declaration(table, parts, datastore, pattern)} in "
                     f"__table_args__"
                     + (" (desc from sqlalchemy)" if any(p.descending for p in parts) else ""),
            )


def _unindexable(datastore: Datastore, table: Table, parts: Sequence[KeyPart],
                 text_search: bool) -> str:
    """A warning when the suggested key uses a column the engine cannot index (ENG001)."""
    engine = engine_of(datastore)
    if text_search or engine not in (SQL_SERVER, MYSQL):
        return ""
    blocked = [p.column for p in parts
               if p.column in table.columns and is_max_type(table.columns[p.column])]
    if not blocked:
        return ""
    return (f". But {', '.join(blocked)} {'is' if len(blocked) == 1 else 'are'} unbounded "
            f"(max/TEXT), which {engine.name} cannot use as an index key: give "
            f"{'it' if len(blocked) == 1 else 'them'} a length first, or index a computed hash "
            "(see ENG001)")


def _covering_note(datastore: Datastore, parts: Sequence[KeyPart],
                   pattern: AccessPattern) -> str:
    """Why the selected columns sit at the end of the key where the store has no INCLUDE."""
    key, include = covering_key(datastore, parts, pattern)
    if include or len(key) == len(parts) or supports_include(datastore):
        return ""
    added = ", ".join(p.column for p in key[len(parts):])
    return (f". {datastore.technology.label} has no included (INCLUDE) index columns: the "
            f"selected {added} must be appended to the key for the index to cover the query")


DOC = RuleDoc(
    checks="""
For every access pattern on a relational store (PostgreSQL, MySQL, MariaDB, SQL
Server, Oracle, SQLite, TimescaleDB), archdocs looks for an index whose key starts with the
pattern's **equality columns** (in any order) followed by its **range column**, or else its
**sort columns** (all in the same direction, or all reversed: a B-tree reads backwards). The
primary key, unique constraints and `Index(...)` objects count. A unique key made only of
equality columns serves the pattern too (it finds one row). Text-search patterns need a
full-text index (`postgresql_using="gin"`, `mysql_prefix="FULLTEXT"`).

On SQL Server (with the primary key clustered, its default), MySQL and MariaDB (InnoDB), the
table is stored in primary-key order and every non-unique index carries the primary key's
columns at the end of its key: an index on `(BuyerId)` serves "orders of a buyer by `Id`". A
primary key declared `mssql_clustered=False` does not count.

When no index serves the pattern but one starts with a column the pattern filters on, the
database narrows the rows by it and filters or sorts the rest: the finding is then **info**,
"served only in part by … could be better served by …", and the datastore page says
**partly** by that index.

**Included columns.** An index's included (non-key) columns, `postgresql_include=[...]` or
`mssql_include=[...]` on the `Index`, are stored in it but are not part of its key: they
neither filter nor sort, so an index `(customer_id) INCLUDE (created_at)` does not serve
"orders of a customer by `created_at`". An index whose key serves the pattern and which holds
every column the pattern declares in `select=[...]` (as key or included columns) **covers** it:
the datastore page says "covering: no table visit". When the finding suggests an index for a
pattern that selects columns, those columns are suggested as `INCLUDE (...)` on SQL Server and
PostgreSQL 11 or later ([CREATE INDEX](https://www.postgresql.org/docs/current/sql-createindex.html),
[indexes with included columns](https://learn.microsoft.com/en-us/sql/relational-databases/indexes/create-indexes-with-included-columns)),
and never put into the key there; MySQL, MariaDB and PostgreSQL before 11 have no INCLUDE, so
the finding appends them to the key and says so.

The finding names the statement that creates the missing index, in the store's SQL dialect,
and the `Index(...)` to declare in the model. Tables declared tiny (`Volume(rows=...)` below
1,000 rows and no `rows_per_day`) are not reported: a scan of a page or two is free.
""",
    example="""
metadata = MetaData()
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer),
    Column("created_at", DateTime),
)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[
        AccessPattern("recent orders of a customer", table="orders", equals=["customer_id"],
                      order_by=["created_at desc"], limit=20, per_second=300),
    ])
""",
    fixed="""
metadata = MetaData()
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer),
    Column("created_at", DateTime),
)
Index("ix_orders_customer_id_created_at", orders.c.customer_id, orders.c.created_at.desc())

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[
        AccessPattern("recent orders of a customer", table="orders", equals=["customer_id"],
                      order_by=["created_at desc"], limit=20, per_second=300),
    ])
""",
    suppress="""
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[...],
    suppress=[suppress("PRF001", "orders holds one week of rows, a scan is cheap",
                       target="orders")])
""",
    notes="""
With a declarative model, the index goes into `__table_args__`:
`Index("ix_orders_customer_id_created_at", "customer_id", desc("created_at"))`.
On PostgreSQL, create it with `CREATE INDEX CONCURRENTLY` on a live table.
""",
)
