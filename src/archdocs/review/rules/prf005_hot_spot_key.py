"""PRF005: a shard or partition key that concentrates load on one node."""

from collections.abc import Iterator

from archdocs.perf.keys import hot_spots
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


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
