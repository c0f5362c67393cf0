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
from archdocs.review.rule import Hit, rule


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
