"""PRF003: an index duplicating another, or a prefix of a longer one."""

from collections.abc import Iterator

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.perf.indexes import redundancy, table_indexes
from archdocs.perf.serving import is_relational
from archdocs.quoting import sql_identifier
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PRF003", "redundant-index", Severity.WARNING, family="access patterns",
    why="An index with the same key as another, or whose key is a prefix of another index's "
        "key, serves nothing the other does not: any lookup it can answer, the longer index "
        "answers too. It still costs a write on every insert and its share of memory.",
    fix="Drop the redundant index (DROP INDEX ...) and remove it from the model. Keep it only "
        "if it is unique (it then enforces a rule) — unique keys are never reported.",
)
def redundant_index(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not is_relational(datastore):
            continue
        for table in datastore.tables:
            for redundant, covering, how in redundancy(table_indexes(table, datastore.technology.sql_dialect)):
                relation = "duplicates" if how == "duplicate" else "is a prefix of"
                yield Hit(
                    datastore,
                    f"index {redundant.label()} on {table.fullname} {relation} "
                    f"{covering.kind} {covering.label()}: drop {redundant.name}",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                    hint=f"{_drop_index(datastore, table, redundant.name)}; and remove it "
                    "from the model",
                )


def _drop_index(datastore: Datastore, table: Table, name: str | None) -> str:
    """``DROP INDEX`` for the datastore's SQL dialect, every name quoted for it."""
    dialect = datastore.technology.sql_dialect
    index = sql_identifier(name or "", dialect)
    if dialect == "mysql":
        return f"DROP INDEX {index} ON {sql_identifier(table.name, dialect)}"
    schema = f"{sql_identifier(table.schema, dialect)}." if table.schema else ""
    return f"DROP INDEX {schema}{index}"


DOC = RuleDoc(
    checks="""
Two indexes on one relational table are compared by their key columns and
directions: the same key is a **duplicate**; a key that is the leading part of a longer
index's key is a **prefix**. A single-column index's direction is ignored. The redundant one
is never a primary or unique key, and full-text and expression indexes are left alone. An
index with included columns (`postgresql_include=[...]`, `mssql_include=[...]`) is redundant
only when the other index holds those columns too (in its key or its INCLUDE): otherwise it
answers queries on them from the index alone.
""",
    example="""
metadata = MetaData()
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer),
    Column("created_at", DateTime),
)
Index("ix_orders_customer", orders.c.customer_id)
Index("ix_orders_customer_created", orders.c.customer_id, orders.c.created_at)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    fixed="""
metadata = MetaData()
orders = Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer),
    Column("created_at", DateTime),
)
Index("ix_orders_customer_created", orders.c.customer_id, orders.c.created_at)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    suppress="""
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    suppress=[suppress("PRF003", "dropped in the next release, kept for the rollback",
                       target="orders")])
""",
    notes="""
Drop it in the database too: `DROP INDEX ix_orders_customer;` (on PostgreSQL, `DROP INDEX
CONCURRENTLY` on a live table).
""",
)
