"""SCL001: a sharded table that lacks the shard key column."""

from collections.abc import Iterator

from archdocs.model.scaling import table_matches
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.schema import sharded_tables


@rule(
    "SCL001", "shard-key-missing", Severity.ERROR, family="scaling",
    why="A sharded table is spread across nodes by the value of its shard key column. A table "
        "without that column cannot be distributed (Citus, Vitess and MongoDB all refuse it), "
        "and every query on it has to visit every shard. A sharding that names tables the "
        "datastore does not hold is a typo that leaves the real tables unsharded.",
    fix="Add the shard key column to the table (denormalise it from the parent, e.g. "
        "customer_id on order_lines), list the table in reference_tables if it is a small "
        "lookup table copied to every shard, or correct the table names in Sharding(...).",
)
def shard_key_missing(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        names = [t.fullname for t in datastore.tables]
        for sharding in datastore.scaling.sharding:
            for listed in (*sharding.tables, *sharding.reference_tables):
                if not any(table_matches(listed, name) for name in names):
                    yield Hit(
                        datastore,
                        f"sharding of {datastore.name} on {sharding.key} names table {listed}, "
                        f"which {datastore.name} does not hold",
                        location=sharding.declared_at,
                    )
            for table in sharded_tables(datastore, sharding):
                if sharding.key in table.columns:
                    continue
                yield Hit(
                    datastore,
                    f"{table.fullname} is sharded on {sharding.key} across {sharding.shards} "
                    f"shards of {datastore.name} but has no {sharding.key} column",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                )


DOC = RuleDoc(
    checks="""
- for every `Sharding` of a datastore, every sharded table (the listed `tables`, or all tables
  except the `reference_tables`) must have the shard `key` column;
- every name in `tables` and `reference_tables` must be a table of the datastore.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]

class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int]

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=16)]))
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]

class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int]
    customer_id: Mapped[int]  # copied from the order so the line lives on the order's shard

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=16)]))
""",
    suppress="""
class AuditEntry(Base):
    __tablename__ = "audit"
    __table_args__ = {"info": table_notes(suppress=[
        suppress("SCL001", "stays on the coordinator node, never queried per customer")])}
""",
)
