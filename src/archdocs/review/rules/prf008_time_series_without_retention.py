"""PRF008: time-range queries on a time-series store that declares no retention or
downsampling."""

from collections.abc import Iterator

from archdocs.model.technology import Kind
from archdocs.perf.describe import pattern_label
from archdocs.perf.serving import patterns_with_tables
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "PRF008", "time-series-without-retention", Severity.WARNING, family="access patterns",
    why="Time-series data arrives forever. Without a retention period, or downsampling old "
        "points into coarser ones, every time-range query's index and every disk keep growing, "
        "and queries over \"the last month\" pay for years of raw points.",
    fix="Declare retention= on the datastore (\"90 days raw, 2 years downsampled to 1h\"), or "
        "a Partitioning with retention= for the table.",
)
def time_series_without_retention(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if datastore.technology.kind is not Kind.TIME_SERIES or datastore.retention:
            continue
        ranged = []
        for pattern, table in patterns_with_tables(datastore):
            if not pattern.range:
                continue
            partitioning = datastore.scaling.partitioning_of(table.fullname) if table is not None else None
            if partitioning is not None and partitioning.retention:
                continue
            ranged.append(pattern)
        if ranged:
            names = ", ".join(pattern_label(p) for p in ranged)
            yield Hit(
                datastore,
                f"{datastore.name} ({datastore.technology.name}) serves time-range queries "
                f"({names}) but declares no retention or downsampling: raw points pile up "
                f"forever",
                location=ranged[0].declared_at,
            )
