"""PRF008: time-range queries on a time-series store that declares no retention or
downsampling."""

from collections.abc import Iterator

from archdocs.model.technology import Kind
from archdocs.perf.describe import pattern_label
from archdocs.perf.serving import patterns_with_tables
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


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


DOC = RuleDoc(
    checks="""
A time-series datastore (InfluxDB, TimescaleDB …) that serves access patterns
with a `range=` and declares neither `retention=` on the datastore nor a `Partitioning` with
`retention=` for the pattern's table.
""",
    example="""
metadata = MetaData()
Table("cpu", metadata,
      Column("host", String(50), primary_key=True),
      Column("time", DateTime, primary_key=True),
      Column("usage", Integer))

system = System("Ops")
system.context("Monitoring").datastore("metrics", tech.InfluxDB("2"), schema=metadata,
    access_patterns=[AccessPattern("last hour of a host", table="cpu", equals=["host"],
                                   range="time")])
""",
    fixed="""
metadata = MetaData()
Table("cpu", metadata,
      Column("host", String(50), primary_key=True),
      Column("time", DateTime, primary_key=True),
      Column("usage", Integer))

system = System("Ops")
system.context("Monitoring").datastore("metrics", tech.InfluxDB("2"), schema=metadata,
    retention="30 days raw, 2 years downsampled to 1h",
    access_patterns=[AccessPattern("last hour of a host", table="cpu", equals=["host"],
                                   range="time")])
""",
    suppress="""
system.context("Monitoring").datastore("metrics", tech.InfluxDB("2"), schema=metadata,
    access_patterns=[...],
    suppress=[suppress("PRF008", "audit metrics, kept forever by regulation")])
""",
)
