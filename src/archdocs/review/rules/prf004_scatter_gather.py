"""PRF004: a pattern on a sharded or partitioned table that does not name the shard or
partition key."""

from collections.abc import Iterator

from archdocs.perf.describe import frequency, pattern_label, rate
from archdocs.perf.serving import Spread, assess_all
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PRF004", "scatter-gather", Severity.WARNING, family="access patterns",
    why="A sharded store can only send a query to one shard when the query names the shard "
        "key; otherwise it asks every shard and merges the answers (scatter-gather), so each "
        "call costs as many queries as there are shards and waits for the slowest. A "
        "partitioned table read without its partition key likewise visits every partition.",
    fix="Add the shard or partition key to the pattern (look it up first, or carry it in the "
        "request), or serve the pattern from a store keyed for it: a read model, a global "
        "secondary index, a lookup table from the filter to the shard key.",
)
def scatter_gather(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for assessment in assess_all(datastore):
            table, pattern = assessment.table, assessment.pattern
            if table is None or assessment.unknown_columns:
                continue
            if assessment.spread is Spread.SCATTER_GATHER and assessment.sharding is not None:
                sharding = assessment.sharding
                fan_out = ""
                if pattern.per_second:
                    fan_out = (f", {rate(pattern.per_second * sharding.shards)} shard queries "
                               f"at peak")
                yield Hit(
                    datastore,
                    f"{pattern_label(pattern)}{frequency(pattern)} on {table.fullname} does not "
                    f"filter by the shard key {sharding.key!r}: it goes to all "
                    f"{sharding.shards} shards (scatter-gather){fan_out}",
                    target=table.fullname,
                    location=pattern.declared_at,
                    hint=f"filter by {sharding.key} as well (add it to equals=), or serve "
                         f"{pattern.name!r} from a read model or lookup keyed by "
                         f"{', '.join(pattern.equals) or 'its filter'}",
                )
            elif assessment.spread is Spread.ALL_PARTITIONS and assessment.partitioning:
                partitioning = assessment.partitioning
                yield Hit(
                    datastore,
                    f"{pattern_label(pattern)}{frequency(pattern)} on {table.fullname} does not "
                    f"filter by the partition key {partitioning.key!r}: every "
                    f"{partitioning.strategy.value} partition is searched",
                    target=table.fullname,
                    location=pattern.declared_at,
                    hint=f"bound the pattern by {partitioning.key} (equals= or range=) so the "
                         f"planner prunes partitions",
                )


DOC = RuleDoc(
    checks="""
For every access pattern on a table that a `Sharding` spreads across nodes
(every table, or those in `tables=`, except `reference_tables=`), the pattern must filter by
the shard key with equality (or by a range on it under range sharding). Otherwise the
finding gives the number of shards it fans out to and, with `per_second`, the shard queries
per second at peak. A table with a `Partitioning` must likewise be filtered by the partition
key (equality, or a range for range partitions), or every partition is searched. Inserts
carry every column and are never reported.
""",
    example="""
metadata = MetaData()
Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer),
    Column("status", String(20)),
)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=16)]),
    access_patterns=[AccessPattern("open orders", table="orders",
                                   equals=["status"], per_second=50)])
""",
    fixed="""
metadata = MetaData()
Table(
    "orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer),
    Column("status", String(20)),
)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=16)]),
    access_patterns=[AccessPattern("open orders", table="orders",
                                   equals=["customer_id", "status"], per_second=50)])
""",
    suppress="""
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(...), access_patterns=[...],
    suppress=[suppress("PRF004", "back-office report, twice a day", target="orders")])
""",
    notes="""
The caller usually knows the shard key (the customer is in the session or the URL); if it
does not, keep a small lookup from what it knows to the shard key, or serve the pattern from
a read model keyed by what it filters on.
""",
)
