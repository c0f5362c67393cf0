"""PRF006: a key-value, document or wide-column pattern served by neither the primary key nor
a declared secondary index."""

from collections.abc import Iterator

from archdocs.perf.describe import frequency, pattern_label
from archdocs.perf.indexes import KeyPart, suggested_parts
from archdocs.perf.serving import Status, assess_all
from archdocs.perf.suggest import create_index_statement
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule

_WITHOUT_PARTITION_KEY = {
    "cassandra": "Cassandra rejects it unless ALLOW FILTERING makes it read every partition "
                 "on every node",
    "dynamodb": "DynamoDB can only answer it with a Scan of the whole table",
}


@rule(
    "PRF006", "pattern-needs-key", Severity.WARNING, family="access patterns",
    why="Key-value, document and wide-column stores answer lookups by their primary key and "
        "the secondary indexes declared on them; there is no planner to fall back on. A "
        "pattern neither serves becomes a full scan of the collection — and Cassandra and "
        "DynamoDB cannot route a query at all without its partition key.",
    fix="Declare the secondary index (or global secondary index) the finding names, key the "
        "data by what the pattern looks up, or keep a second table or collection keyed for "
        "this pattern, written alongside the first.",
)
def pattern_needs_key(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for assessment in assess_all(datastore):
            table, pattern = assessment.table, assessment.pattern
            if assessment.status is not Status.NEEDS_KEY or table is None:
                continue
            parts = suggested_parts(pattern) or tuple(KeyPart(c) for c in pattern.equals)
            suggestion = create_index_statement(datastore, table, parts, pattern)
            key = assessment.partition_key
            if key is not None:
                refusal = _WITHOUT_PARTITION_KEY[datastore.technology.id]
                yield Hit(
                    datastore,
                    f"{pattern_label(pattern)}{frequency(pattern)} on {table.fullname} does not "
                    f"give the partition key {key!r}: {refusal}",
                    target=table.fullname,
                    location=pattern.declared_at,
                    hint=f"add {key} to the pattern, or use {suggestion}",
                    severity=Severity.ERROR,
                )
                continue
            yield Hit(
                datastore,
                f"{pattern_label(pattern)}{frequency(pattern)} on {table.fullname} is served by "
                f"neither the primary key nor a declared secondary index of "
                f"{datastore.technology.name}",
                target=table.fullname,
                location=pattern.declared_at,
                hint=f"use {suggestion}",
            )


DOC = RuleDoc(
    checks="""
On key-value, document and wide-column stores (Redis, Memcached, DynamoDB,
MongoDB, Cassandra), a pattern is served by the primary key or a declared secondary index
(`Index(...)` on the table) under the same prefix rule as [PRF001](PRF001.md); Redis and
Memcached have no secondary indexes, so only the key counts. Cassandra and DynamoDB route
every query by its partition key (the declared shard key, else the first primary-key column):
a pattern without it is reported as an **error**, since Cassandra refuses it without
`ALLOW FILTERING` and DynamoDB can only `Scan`.

The hint is written the way the store spells the fix: a MongoDB `createIndex`, a DynamoDB
global secondary index, a Cassandra query table, a Redis key layout.
""",
    example="""
metadata = MetaData()
Table("events", metadata,
      Column("device_id", Integer, primary_key=True),
      Column("at", DateTime, primary_key=True),
      Column("kind", String(20)))

system = System("IoT")
system.context("Devices").datastore("events", tech.Cassandra("4"), schema=metadata,
    access_patterns=[AccessPattern("events by kind", table="events", equals=["kind"])])
""",
    fixed="""
metadata = MetaData()
Table("events", metadata,
      Column("device_id", Integer, primary_key=True),
      Column("at", DateTime, primary_key=True),
      Column("kind", String(20)))
# A query table keyed for the pattern, written alongside events.
Table("events_by_kind", metadata,
      Column("kind", String(20), primary_key=True),
      Column("at", DateTime, primary_key=True),
      Column("device_id", Integer, primary_key=True))

system = System("IoT")
system.context("Devices").datastore("events", tech.Cassandra("4"), schema=metadata,
    access_patterns=[AccessPattern("events by kind", table="events_by_kind",
                                   equals=["kind"])])
""",
    suppress="""
system.context("Devices").datastore("events", tech.Cassandra("4"), schema=metadata,
    access_patterns=[...],
    suppress=[suppress("PRF006", "run once a month by an analytics job with ALLOW FILTERING",
                       target="events")])
""",
)
