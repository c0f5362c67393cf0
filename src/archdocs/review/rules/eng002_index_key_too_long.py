"""ENG002: an index key can be longer than the engine allows."""

from collections.abc import Iterator

from archdocs.perf.indexes import included_columns
from archdocs.review.engine import ReviewContext
from archdocs.review.engines import (
    MYSQL,
    POSTGRESQL,
    SQL_SERVER,
    byte_width,
    engine_of,
    key_indexes,
)
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule

INCLUDE_SOURCES = (
    "https://learn.microsoft.com/en-us/sql/relational-databases/indexes/create-indexes-with-"
    "included-columns (nonkey columns are not counted in the index key size) and "
    "https://www.postgresql.org/docs/current/sql-createindex.html (INCLUDE: non-key values are "
    "stored in the index; if an index tuple exceeds the maximum size allowed for the index "
    "type, data insertion will fail)")


@rule(
    "ENG002", "index-key-too-long", Severity.WARNING, family="engine",
    why="Every engine limits the size of one index entry: SQL Server 900 bytes for a clustered "
        "key and 1700 for a nonclustered one, InnoDB 3072 bytes, PostgreSQL B-tree 2704 bytes. "
        "SQL Server creates an index over wider columns with a warning and then rejects the "
        "INSERT or UPDATE whose key is too long; MySQL refuses to create it; PostgreSQL fails "
        "the write. The review adds the largest byte size of each key column (a character is up "
        "to 2 bytes in nvarchar, 4 in utf8mb4 and UTF-8). Included (non-key) columns "
        "(mssql_include=, postgresql_include=) do not count on SQL Server, whose key limit "
        "leaves them out; on PostgreSQL they do, since its limit is on the whole index entry "
        "and INCLUDEd values are stored in it. Sources: "
        f"{SQL_SERVER.source}; {MYSQL.source}; {POSTGRESQL.source}; {INCLUDE_SOURCES}.",
    fix="Shorten the columns to what the data needs, move wide columns out of the key "
        "(INCLUDE them on SQL Server and PostgreSQL), or index a hash of the value.",
)
def index_key_too_long(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        engine = engine_of(datastore)
        if engine is None:
            continue
        for table in datastore.tables:
            included = {f"index {index.name}": included_columns(index)
                        for index in table.indexes}
            for name, columns, clustered in key_indexes(table):
                # SQL Server leaves included columns out of its key limit; PostgreSQL's limit
                # is on the whole entry, which holds them.
                extra = [table.columns[c] for c in included.get(name, ())
                         if c in table.columns] if engine is POSTGRESQL else []
                widths = [byte_width(c, engine) for c in [*columns, *extra]]
                if any(w is None for w in widths):
                    continue  # unbounded: ENG001 on SQL Server/MySQL, or unknown
                total = sum(w for w in widths if w is not None)
                limit = engine.clustered_key_bytes if clustered else engine.key_bytes
                if total > limit:
                    kind = " clustered" if clustered and engine is SQL_SERVER else ""
                    with_included = (f" with its INCLUDE ({', '.join(c.name for c in extra)})"
                                     if extra else "")
                    yield Hit(datastore, f"{name} can be {total} bytes wide{with_included}, "
                              f"over the {limit}-byte{kind} key limit of {engine.name}",
                              target=table.fullname,
                              location=ctx.table_location(datastore, table))


DOC = RuleDoc(
    checks="""
The widest possible key of each primary key, unique constraint and index, from the declared
column types: integers and dates by their size, `String(n)` as `n` bytes on SQL Server
(varchar) and `Unicode(n)` as `2n` (nvarchar), any string as `4n` on MySQL/MariaDB (utf8mb4)
and PostgreSQL (UTF-8). Limits:

| Engine | Limit | Source |
|---|---|---|
| SQL Server | 900 bytes clustered (the primary key by default), 1700 nonclustered | [Maximum capacity specifications](https://learn.microsoft.com/en-us/sql/sql-server/maximum-capacity-specifications-for-sql-server) |
| MySQL / MariaDB (InnoDB, DYNAMIC) | 3072 bytes | [InnoDB limits](https://dev.mysql.com/doc/refman/8.4/en/innodb-limits.html), [MariaDB InnoDB limitations](https://mariadb.com/kb/en/innodb-limitations/) |
| PostgreSQL (B-tree) | 2704 bytes (a third of an 8 kB page) | [B-tree indexes](https://www.postgresql.org/docs/current/btree.html), `BTMaxItemSize` in `src/include/access/nbtree.h` |

Included (non-key) columns, declared with `mssql_include=[...]` or `postgresql_include=[...]`
on the `Index`:

| Engine | Included columns | Source |
|---|---|---|
| SQL Server | not counted: the 900/1700-byte limit is on key columns only | [Create indexes with included columns](https://learn.microsoft.com/en-us/sql/relational-databases/indexes/create-indexes-with-included-columns) ("nonkey columns … are not considered … when calculating … index key size") |
| PostgreSQL 11+ | counted: 2704 bytes is the limit of the whole index entry, and INCLUDEd values are stored in it | [CREATE INDEX, INCLUDE](https://www.postgresql.org/docs/current/sql-createindex.html) ("If an index tuple exceeds the maximum size allowed for the index type, data insertion will fail") |
| MySQL / MariaDB | none: no INCLUDE, a covering index carries the columns in its key | [Column indexes](https://dev.mysql.com/doc/refman/8.4/en/column-indexes.html) |

Unbounded columns are left to [ENG001](ENG001.md).
""",
    example="""
from sqlalchemy import Unicode


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Unicode(1000), index=True)


system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
db = catalog.datastore("catalog-db", tech.SQLServer("2022"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
from sqlalchemy import Unicode


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Unicode(400), index=True)


system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
db = catalog.datastore("catalog-db", tech.SQLServer("2022"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""__table_args__ = {"info": table_notes(suppress=[suppress("ENG002", "the reason")])}""",
)
