"""ENG003: a clustered primary key made of a random UUID (SQL Server, MySQL/MariaDB)."""

import uuid
from collections.abc import Iterator

from sqlalchemy import Column

from archdocs.review.engine import ReviewContext
from archdocs.review.engines import MYSQL, SQL_SERVER, engine_of
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule

_RANDOM_SQL = ("newid()", "uuid()", "gen_random_uuid()", "uuid_generate_v4()")


@rule(
    "ENG003", "random-clustered-key", Severity.WARNING, family="engine",
    why="SQL Server clusters a table on its primary key by default, and InnoDB (MySQL, "
        "MariaDB) always stores rows in primary-key order. A random UUID key sends every "
        "insert to a random page: page splits, fragmentation, a buffer pool full of half-empty "
        "pages, and every secondary index carrying the 16-byte (or 36-character) key. "
        "PostgreSQL stores rows in a heap and is not reported. Sources: "
        "https://learn.microsoft.com/en-us/sql/relational-databases/"
        "sql-server-index-design-guide (clustered index design guidelines), "
        "https://dev.mysql.com/doc/refman/8.4/en/innodb-index-types.html, "
        "https://dev.mysql.com/doc/refman/8.4/en/miscellaneous-functions.html"
        "#function_uuid-to-bin (swap_flag for time-ordered storage).",
    fix="Use an increasing key (IDENTITY / AUTO_INCREMENT, or a time-ordered UUIDv7 / "
        "NEWSEQUENTIALID()) as the clustered key and keep the random UUID as a unique "
        "public identifier; or on SQL Server declare the primary key NONCLUSTERED and cluster "
        "on an increasing column.",
)
def random_clustered_key(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        engine = engine_of(datastore)
        if engine not in (SQL_SERVER, MYSQL):
            continue
        for table in datastore.tables:
            columns = list(table.primary_key.columns)
            if len(columns) != 1 or not _random_uuid(columns[0]):
                continue
            if engine is SQL_SERVER and \
                    table.primary_key.dialect_options["mssql"].get("clustered") is False:
                continue
            column = columns[0]
            yield Hit(datastore, f"{table.fullname} is clustered on {column.name}, a random "
                      f"UUID: every insert lands on a random page of the {engine.name} "
                      "clustered index", target=table.fullname,
                      location=ctx.column_location(datastore, table, column))


DOC = RuleDoc(
    checks="""
- on SQL Server (unless the primary key is declared `mssql_clustered=False`) and on
  MySQL/MariaDB (InnoDB always clusters on the primary key): a single-column primary key whose
  default is a random UUID: Python `uuid.uuid4`, or a server default calling `NEWID()`,
  `UUID()`, `gen_random_uuid()` or `uuid_generate_v4()`.

PostgreSQL keeps rows in a heap, so its UUID keys are not reported.
""",
    example="""
import uuid

from sqlalchemy import PrimaryKeyConstraint, Uuid


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


system = System("Shop")
ordering = system.context("Ordering")
api = ordering.service("order-api")
db = ordering.datastore("orders-db", tech.SQLServer("2022"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
import uuid

from sqlalchemy import PrimaryKeyConstraint, Uuid


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (PrimaryKeyConstraint("id", mssql_clustered=False),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


system = System("Shop")
ordering = system.context("Ordering")
api = ordering.service("order-api")
db = ordering.datastore("orders-db", tech.SQLServer("2022"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""__table_args__ = {"info": table_notes(suppress=[suppress("ENG003", "the reason")])}""",
)


def _random_uuid(column: Column[object]) -> bool:
    """Whether the column's default is a random UUID: Python ``uuid.uuid4`` (SQLAlchemy wraps
    it) or a server-side NEWID()/UUID()/gen_random_uuid()."""
    arg = getattr(column.default, "arg", None)
    if arg is uuid.uuid4 or getattr(arg, "__wrapped__", None) is uuid.uuid4:
        return True
    server = getattr(column.server_default, "arg", None)
    text = ("" if server is None else str(server)).lower().replace(" ", "")
    return any(call in text for call in _RANDOM_SQL)
