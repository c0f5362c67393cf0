"""SCL004: a partitioning of a table the datastore does not hold, or on a column the table
does not have."""

import re
from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule

_IDENTIFIER = re.compile(r"^[\w$]+$")


@rule(
    "SCL004", "partition-key-missing", Severity.ERROR, family="scaling",
    why="A partitioned table is split by the value of its partition key. Partitioning a table "
        "the datastore does not hold is a typo that leaves the real table unpartitioned (and "
        "the retention and scalability pages count on partitions that will not exist); a key "
        "column the table lacks cannot be partitioned on at all: PostgreSQL and MySQL refuse "
        "the DDL.",
    fix="Correct the table name in Partitioning(...) (schema-qualified when the table has a "
        "schema) or the key (a column of that table, e.g. created_at), or add the column to "
        "the table.",
)
def partition_key_missing(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for partitioning in datastore.scaling.partitioning:
            table = datastore.table(partitioning.table)
            if table is None:
                held = ("it declares no tables" if not datastore.tables
                        else f"{datastore.name} does not hold it")
                yield Hit(
                    datastore,
                    f"partitioning of {datastore.name} names table {partitioning.table}, but "
                    f"{held}",
                    target=partitioning.table,
                    location=partitioning.declared_at,
                )
                continue
            for column in _key_columns(partitioning.key):
                if column in table.columns:
                    continue
                yield Hit(
                    datastore,
                    f"{table.fullname} is partitioned on {column}, which is not a column of "
                    f"{table.fullname}",
                    target=table.fullname,
                    location=partitioning.declared_at,
                )


DOC = RuleDoc(
    checks="""
- for every `Partitioning` of a datastore, `table` must be a table of the datastore (by name
  or schema-qualified name);
- every plain column named in its `key` (`"created_at"`, `"tenant_id, created_at"`) must be a
  column of that table. An expression key (`date_trunc('day', created_at)`) is not checked.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]

system = System("Shop")
system.context("Tracking").datastore(
    "events-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(partitioning=[Partitioning("events", key="occurred_at",
                                               interval="1 month")]))
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]

system = System("Shop")
system.context("Tracking").datastore(
    "events-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(partitioning=[Partitioning("events", key="created_at",
                                               interval="1 month")]))
""",
    suppress="""
system.context("Tracking").datastore(
    "events-db", tech.PostgreSQL("16"), schema=Base, scaling=...,
    suppress=[suppress("SCL004", "the key column is added by the next migration",
                       target="events")])
""",
)


def _key_columns(key: str) -> list[str]:
    """The plain column names in a partition key (``"tenant_id, created_at"``); an expression
    (``date_trunc('day', created_at)``) cannot be checked and is skipped."""
    parts = [part.strip().strip('"`') for part in key.split(",")]
    return [part for part in parts if _IDENTIFIER.match(part)]
