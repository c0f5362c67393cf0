"""SCH001: a relational table without a primary key."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
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


DOC = RuleDoc(
    checks="""
- every table of a SQL datastore (relational, or TimescaleDB) without a primary key.
""",
    example="""
metadata = MetaData()
Table("audit_log", metadata, Column("entry", Text), comment="What happened.")

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    fixed="""
metadata = MetaData()
Table("audit_log", metadata,
      Column("id", BigInteger, primary_key=True),
      Column("entry", Text), comment="What happened.")

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    suppress="""
Table("audit_log", metadata, Column("entry", Text),
      info=table_notes(suppress=[suppress("SCH001", "vendor schema; we cannot add keys")]))
""",
)
