"""ENG001: an index, key or unique constraint on a column type the engine cannot index."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.engines import (
    MYSQL,
    SQL_SERVER,
    engine_of,
    is_max_type,
    key_indexes,
    mysql_prefixed,
)
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "ENG001", "unindexable-key-type", Severity.ERROR, family="engine",
    why="SQL Server cannot use varchar(max), nvarchar(max) or varbinary(max) as an index key "
        "column (CREATE INDEX fails; they may only be INCLUDEd), and MySQL/MariaDB refuse a "
        "BLOB or TEXT key column without a prefix length (error 1170). In SQLAlchemy, String() "
        "or LargeBinary() without a length, Text and UnicodeText become those types. Sources: "
        f"{SQL_SERVER.source}; {MYSQL.source}.",
    fix="Give the column a length that fits the key limit (String(200)), index a computed "
        "hash column instead, or on MySQL declare a prefix (Index(..., mysql_length=...)).",
)
def unindexable_key_type(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        engine = engine_of(datastore)
        if engine not in (SQL_SERVER, MYSQL):
            continue
        for table in datastore.tables:
            for name, columns, _clustered in key_indexes(table):
                for column in columns:
                    if not is_max_type(column):
                        continue
                    if engine is MYSQL and mysql_prefixed(name, table, column):
                        continue
                    kind = "an unbounded (max) type" if engine is SQL_SERVER else \
                        "a TEXT/BLOB type without a prefix length"
                    yield Hit(datastore, f"{name} uses {table.fullname}.{column.name}, "
                              f"{kind} that {engine.name} cannot index",
                              target=f"{table.fullname}.{column.name}",
                              location=ctx.column_location(datastore, table, column))


DOC = RuleDoc(
    checks="""
- on SQL Server: a primary key, unique constraint or index whose key includes a column of an
  unbounded type (`String()`/`Unicode()`/`LargeBinary()` without a length, `Text`,
  `UnicodeText`: varchar(max), nvarchar(max), varbinary(max));
- on MySQL and MariaDB: the same with a TEXT or BLOB column, unless the index gives a prefix
  length (`Index(..., mysql_length=...)`).

PostgreSQL indexes `text`; entries over 2704 bytes fail at write time instead
(see [ENG002](ENG002.md)).
""",
    example="""
from sqlalchemy import Unicode


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Unicode(), index=True)


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
    name: Mapped[str] = mapped_column(Unicode(200), index=True)


system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
db = catalog.datastore("catalog-db", tech.SQLServer("2022"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""mapped_column(Unicode(), index=True, info=column_notes(
    suppress=[suppress("ENG001", "the reason")]))""",
)
