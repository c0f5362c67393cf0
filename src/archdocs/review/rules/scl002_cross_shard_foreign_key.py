"""SCL002: a foreign key between tables that live on different shards."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.schema import (
    describe_fk,
    fk_columns,
    is_reference_anywhere,
    referenced_columns,
    referenced_table,
    sharding_of,
)


@rule(
    "SCL002", "cross-shard-foreign-key", Severity.WARNING, family="scaling",
    why="Rows joined by a foreign key must live on the same shard for the join and the "
        "constraint to stay local. A key from a table sharded on one column to a table sharded "
        "on another (or to an unsharded table) means every join fans out across shards and the "
        "constraint cannot be enforced by any single node; sharding extensions such as Citus "
        "reject it outright. A key between tables sharded on the same column must include that "
        "column, or matching rows can still land on different shards.",
    fix="Shard both tables on the same key and include it in the foreign key (composite "
        "(customer_id, order_id) → (customer_id, id)), make the referenced table a reference "
        "table copied to every shard, or drop the constraint and keep the relationship in the "
        "application.",
)
def cross_shard_foreign_key(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not datastore.scaling.sharding:
            continue
        for table in datastore.tables:
            for fk in ctx.foreign_keys(table):
                parent = datastore.table(referenced_table(fk))
                if parent is None or is_reference_anywhere(datastore, parent):
                    continue
                child_sharding = sharding_of(datastore, table)
                parent_sharding = sharding_of(datastore, parent)
                if child_sharding is None and parent_sharding is None:
                    continue
                if child_sharding is None:
                    assert parent_sharding is not None
                    what = ("a reference table (copied to every shard)"
                            if is_reference_anywhere(datastore, table) else "not sharded")
                    problem = (f"{table.fullname} is {what} but {parent.fullname} is "
                               f"sharded on {parent_sharding.key}")
                elif parent_sharding is None:
                    problem = (f"{table.fullname} is sharded on {child_sharding.key} but "
                               f"{parent.fullname} is neither sharded nor a reference table")
                elif child_sharding.key != parent_sharding.key:
                    problem = (f"{table.fullname} is sharded on {child_sharding.key} and "
                               f"{parent.fullname} on {parent_sharding.key}")
                elif (child_sharding.key, child_sharding.key) not in zip(
                        fk_columns(fk), referenced_columns(fk), strict=False):
                    problem = (f"both are sharded on {child_sharding.key}, but the key does not "
                               f"include {child_sharding.key}, so matching rows can sit on "
                               "different shards")
                else:
                    continue
                first = fk_columns(fk)[0]
                column = table.columns.get(first)
                location = (ctx.column_location(datastore, table, column) if column is not None
                            else ctx.table_location(datastore, table))
                yield Hit(
                    datastore,
                    f"foreign key {describe_fk(table, fk)} crosses shards: {problem}; joins "
                    "fan out to every shard and no node can enforce the constraint",
                    target=f"{table.fullname}.{first}",
                    location=location,
                )


DOC = RuleDoc(
    checks="""
For datastores that declare sharding, every foreign key between two of their tables:

- a key to a reference table is fine (it is copied to every shard);
- a key between a sharded and an unsharded table, or between tables sharded on different
  keys, crosses shards;
- a key between tables sharded on the same key must include that key on both sides
  (`(customer_id, order_id) → (customer_id, id)`), or matching rows can be on different shards.
""",
    example="""
metadata = MetaData()
Table("orders", metadata,
      Column("customer_id", Integer, primary_key=True),
      Column("id", Integer, primary_key=True))
Table("order_lines", metadata,
      Column("customer_id", Integer, primary_key=True),
      Column("id", Integer, primary_key=True),
      Column("order_id", Integer),
      ForeignKeyConstraint(["order_id"], ["orders.id"]))

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=8)]))
""",
    fixed="""
metadata = MetaData()
Table("orders", metadata,
      Column("customer_id", Integer, primary_key=True),
      Column("id", Integer, primary_key=True))
Table("order_lines", metadata,
      Column("customer_id", Integer, primary_key=True),
      Column("id", Integer, primary_key=True),
      Column("order_id", Integer),
      ForeignKeyConstraint(["customer_id", "order_id"], ["orders.customer_id", "orders.id"]))

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=8)]))
""",
    suppress="""
Column("order_id", Integer, info=column_notes(suppress=[
    suppress("SCL002", "checked by the application; joins only in the nightly batch")]))
""",
)
