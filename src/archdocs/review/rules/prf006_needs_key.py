"""PRF006: a key-value, document or wide-column pattern served by neither the primary key nor
a declared secondary index."""

from collections.abc import Iterator

from archdocs.perf.describe import frequency, pattern_label
from archdocs.perf.indexes import KeyPart, suggested_parts
from archdocs.perf.serving import Status, assess_all
from archdocs.perf.suggest import create_index_statement
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule

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
