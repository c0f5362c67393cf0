"""PRF005: a shard or partition key that concentrates load on one node."""

from collections.abc import Iterator

from archdocs.perf.keys import hot_spots
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PRF005", "hot-spot-shard-key", Severity.WARNING, family="access patterns",
    why="Sharding only spreads load if the key spreads it. A key with few values (a status, a "
        "boolean, a country) puts most rows on a handful of shards however many exist; a key "
        "that grows with time under range sharding sends every new row to the last shard.",
    fix="Shard by a high-cardinality key that the frequent patterns filter by (a customer or "
        "tenant id), hash a monotonic key instead of ranging it, or combine the key with a "
        "bucket (customer_id, day).",
)
def hot_spot_shard_key(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for spot in hot_spots(datastore):
            yield Hit(
                datastore,
                f"{spot.how} {spot.key!r} of {spot.table.fullname} risks a hot spot: "
                f"{spot.reason}",
                target=f"{spot.table.fullname}.{spot.key}",
                location=ctx.column_location(datastore, spot.table, spot.table.columns[spot.key]),
            )


DOC = RuleDoc(
    checks="""
Every sharded table's shard key, and every Cassandra and DynamoDB partition key
(the declared shard key, else the first primary-key column), is checked:

- **low cardinality:** a `Boolean`, an `Enum`, or a name like `status`, `type`, `country`,
  `region`, `currency`, `is_*`/`has_*`;
- **monotonic under range sharding:** a date/time column (or a name ending in `_at`,
  `_date`, …) or an auto-increment integer primary key;
- **time-bucket partition keys** on Cassandra and DynamoDB: all current writes go to one
  partition.
""",
    example="""
metadata = MetaData()
Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer),
    Column("country", String(2)),
)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(sharding=[Sharding(key="country", shards=8)]))
""",
    fixed="""
metadata = MetaData()
Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer),
    Column("country", String(2)),
)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=8)]))  # hashed
""",
    suppress="""
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(...),
    suppress=[suppress("PRF005", "one shard per country is a data residency requirement",
                       target="orders.country")])
""",
    notes="""
A time column is a fine key under hash sharding; under range sharding
(`Sharding(key="created_at", shards=8, strategy=ShardStrategy.RANGE)`) every new row goes
to the last shard, and the finding says so.
""",
)
