"""TEC003: time-series volume in an unpartitioned relational table."""

from collections.abc import Iterator

from sqlalchemy import types as sqltypes

from archdocs.model.patterns import TransactionalOutbox
from archdocs.model.technology import Kind
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.sizing import format_count

TIME_SERIES_ROWS_PER_DAY = 1_000_000
"""From this many new rows a day, a timestamped table is treated as time-series data."""


@rule(
    "TEC003", "unpartitioned-time-series", Severity.WARNING, family="technology",
    why="Metrics, events and readings arrive in time order, are queried by recent time ranges "
        "and expire after a retention period. In one unpartitioned relational table every "
        "index grows without bound, deleting old rows means huge DELETEs and vacuum debt, and "
        "recent-range queries compete with years of cold data. Time partitions make retention a "
        "cheap DROP and keep the hot data small; a time-series store adds downsampling.",
    fix="Partition the table by its timestamp column (Partitioning(table=..., key=..., "
        "interval=\"1 day\", retention=...)), or move it to a time-series store (TimescaleDB, "
        "InfluxDB) with retention and downsampling.",
)
def unpartitioned_time_series(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    outboxes = [(ctx.find_datastore(p.datastore), p.table) for p in system.patterns
                if isinstance(p, TransactionalOutbox)]
    for datastore in system.datastores:
        if datastore.technology.kind is not Kind.RELATIONAL:
            continue
        for table in datastore.tables:
            if any(d is datastore and datastore.table(name) is table for d, name in outboxes):
                continue  # outbox rows are deleted once relayed: high churn, not history
            volume = datastore.volume_of(table)
            if volume is None or (volume.rows_per_day or 0) < TIME_SERIES_ROWS_PER_DAY:
                continue
            if datastore.scaling.partitioning_of(table.fullname) is not None:
                continue
            timestamps = [c.name for c in table.columns
                          if isinstance(c.type, sqltypes.DateTime | sqltypes.Date)]
            if not timestamps:
                continue
            yearly = (volume.rows_per_day or 0) * 365
            yield Hit(
                datastore,
                f"{table.fullname} takes {format_count(volume.rows_per_day or 0)} rows/day "
                f"({format_count(yearly)} a year) keyed by time ({', '.join(timestamps)}) in "
                f"one unpartitioned {datastore.technology.name} table: every index grows without "
                "bound, recent-range queries wade through cold rows, and removing old rows "
                "means mass DELETEs",
                target=table.fullname,
                location=ctx.table_location(datastore, table),
            )


DOC = RuleDoc(
    checks="""
Tables of relational datastores (not TimescaleDB, which is a time-series store) with

- a declared `rows_per_day` of at least 1,000,000;
- a date or timestamp column;
- no `Partitioning` declared for the table.

Outbox tables declared by `TransactionalOutbox` are left out: their rows are deleted once
relayed.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Reading(Base):
    __tablename__ = "readings"
    __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=5_000_000))}
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sensor_id: Mapped[int]
    measured_at: Mapped[datetime]

system = System("Plant")
system.context("Telemetry").datastore("telemetry-db", tech.PostgreSQL("16"), schema=Base)
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Reading(Base):
    __tablename__ = "readings"
    __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=5_000_000))}
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sensor_id: Mapped[int]
    measured_at: Mapped[datetime]

system = System("Plant")
system.context("Telemetry").datastore("telemetry-db", tech.TimescaleDB("2.14"), schema=Base)
""",
    suppress="""
__table_args__ = {"info": table_notes(
    volume=Volume(rows_per_day=5_000_000),
    suppress=[suppress("TEC003", "rows are deleted after 2 hours by the consumer")])}
""",
)
