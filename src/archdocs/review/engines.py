"""Engine-specific index limits the ENG rules check, with where each one is documented."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Index, Table, UniqueConstraint
from sqlalchemy.types import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    Unicode,
    UnicodeText,
    Uuid,
)

from archdocs.model.datastore import Datastore
from archdocs.model.sql import sorted_indexes


@dataclass(frozen=True)
class Engine:
    name: str
    key_bytes: int
    """Largest index key, in bytes (non-clustered on SQL Server)."""
    clustered_key_bytes: int
    source: str


SQL_SERVER = Engine(
    "SQL Server", 1700, 900,
    "https://learn.microsoft.com/en-us/sql/sql-server/maximum-capacity-specifications-for-sql-"
    "server (bytes per index key: 900 clustered, 1700 nonclustered) and "
    "https://learn.microsoft.com/en-us/sql/t-sql/statements/create-index-transact-sql "
    "(varchar(max), nvarchar(max), varbinary(max), xml, text, ntext and image cannot be index "
    "key columns; they can be INCLUDEd)")
MYSQL = Engine(
    "MySQL/MariaDB", 3072, 3072,
    "https://dev.mysql.com/doc/refman/8.4/en/innodb-limits.html (3072 bytes per index key with "
    "the DYNAMIC row format), https://dev.mysql.com/doc/refman/8.4/en/column-indexes.html "
    "(BLOB and TEXT columns need a prefix length), "
    "https://mariadb.com/kb/en/innodb-limitations/")
POSTGRESQL = Engine(
    "PostgreSQL", 2704, 2704,
    "https://www.postgresql.org/docs/current/btree.html and src/include/access/nbtree.h "
    "(BTMaxItemSize: an index entry may use at most a third of an 8 kB page, 2704 bytes; "
    "larger values fail at INSERT with 'index row size exceeds btree maximum')")


def engine_of(datastore: Datastore) -> Engine | None:
    name = datastore.technology.name.lower()
    if "sql server" in name or name == "sqlserver":
        return SQL_SERVER
    if name in ("mysql", "mariadb"):
        return MYSQL
    if name in ("postgresql", "timescaledb"):
        return POSTGRESQL
    return None


def is_max_type(column: Column[object]) -> bool:
    """Stored as a large object: (n)varchar(max)/varbinary(max) on SQL Server, TEXT/BLOB on
    MySQL (a ``String`` without length, ``Text``, ``UnicodeText``, ``LargeBinary``)."""
    kind = column.type
    if isinstance(kind, (Text, UnicodeText)):
        return True
    if isinstance(kind, (String, LargeBinary)):
        return getattr(kind, "length", None) is None
    return False


def byte_width(column: Column[object], engine: Engine) -> int | None:
    """The largest value of ``column`` in bytes on ``engine``, or ``None`` when unbounded or
    unknown."""
    kind = column.type
    if isinstance(kind, (BigInteger, DateTime, Float)):
        return 8
    if isinstance(kind, (Integer, Date)):
        return 4
    if isinstance(kind, (SmallInteger,)):
        return 2
    if isinstance(kind, Boolean):
        return 1
    if isinstance(kind, Uuid):
        return 16
    if isinstance(kind, Numeric):
        return 17
    if isinstance(kind, String) and kind.length is not None:
        if engine is SQL_SERVER:
            return kind.length * (2 if isinstance(kind, Unicode) else 1)
        return kind.length * 4  # utf8mb4 on MySQL, UTF-8 on PostgreSQL: up to 4 bytes
    if isinstance(kind, LargeBinary) and kind.length is not None:
        return kind.length
    return None


def key_indexes(table: Table) -> list[tuple[str, list[Column[object]], bool]]:
    """``(name, key columns, clustered)`` for the primary key, unique constraints and indexes.
    On SQL Server the primary key is clustered by default."""
    found: list[tuple[str, list[Column[object]], bool]] = []
    if table.primary_key.columns:
        found.append((f"primary key of {table.fullname}", list(table.primary_key.columns), True))
    for index in sorted_indexes(table):
        assert isinstance(index, Index)
        found.append((f"index {index.name}", list(index.columns), False))
    uniques = [c for c in table.constraints if isinstance(c, UniqueConstraint) and c.columns]
    # A set: sorted, so that findings read the same from one load of the model to the next.
    for constraint in sorted(uniques, key=lambda c: (str(c.name), [col.name for col in c.columns])):
        name = constraint.name or "unique(" + ", ".join(c.name for c in constraint.columns) + ")"
        found.append((f"unique constraint {name}", list(constraint.columns), False))
    return found


def mysql_prefixed(index_name: str, table: Table, column: Column[object]) -> bool:
    """Whether a MySQL index declares a prefix length for ``column`` (mysql_length=...)."""
    for index in table.indexes:
        if f"index {index.name}" == index_name:
            lengths = index.dialect_options["mysql"].get("length")
            if isinstance(lengths, int):
                return True
            if isinstance(lengths, dict) and column.name in lengths:
                return True
    return False
