"""SCL003: declared volume beyond one node's budget, with no partitioning or sharding."""

from collections.abc import Iterator

from sqlalchemy import Table

from archdocs.model.datastore import Datastore, Requirement, Role
from archdocs.model.scaling import Volume
from archdocs.model.technology import Technology
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.sizing import (
    bounded_rows,
    format_bytes,
    format_count,
    format_gb,
    retention_days,
    row_bytes,
    size_after_one_year_bytes,
    writes_per_second,
)


@rule(
    "SCL003", "beyond-single-node", Severity.WARNING, family="scaling",
    why="Every technology has a size and write rate beyond which one node stops being "
        "comfortable: backups and restores take hours, vacuum or compaction falls behind, "
        "replicas lag and a failover takes the whole business down. Planning the scalability "
        "path from day one (partitioning to drop or archive old data, sharding to spread "
        "writes) costs little in the model and a lot once the table is already too big.",
    fix="Declare the path in scaling=Scaling(...): Partitioning(table=..., key=..., "
        "retention=...) for data that ages out, Sharding(key=..., shards=...) for write rates "
        "and sizes one node cannot carry; or, if the node is bigger than the catalogue's "
        "conservative default, say so with budget=Budget(storage_gb=..., "
        "writes_per_second=...).",
)
def beyond_single_node(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if datastore.scaling.sharding:
            continue  # the scale-out path is declared
        volumes = [(t, v) for t in datastore.tables if (v := datastore.volume_of(t)) is not None]
        yield from _storage(ctx, datastore, volumes)
        yield from _writes(ctx, datastore, volumes)


DOC = RuleDoc(
    checks="""
For every datastore that declares no sharding, using the declared volumes (`Volume` in
`volumes=` or in `table_notes`):

- **storage**: each table's size one year from now, `rows` today plus 365 days of
  `rows_per_day` (grown by half of `growth_per_year`), times `row_bytes`, or a row size
  estimated from the column types and indexes for the technology's storage engine (the same
  estimate as the scalability pages; see the scalability guide). Replicas are not counted.
  Partitioned tables are left out.
  When the datastore expires data (`retention="7 days"`, a cache, a TTL requirement) the size is
  what it keeps, not a year of growth. A table above the technology's storage budget is
  reported on its own; otherwise the datastore is reported when the tables together exceed it;
- **writes**: the sum of the tables' `peak_writes_per_second` (or `rows_per_day` / 86,400 as
  an average), or the `per_second` of the flows that write it, against the budget's
  `writes_per_second`. Partitioning does not spread writes, so only sharding counts.

The budgets come from the technology catalogue (PostgreSQL: 2 TB, 5,000 writes/s) and can be
overridden per datastore with `budget=Budget(...)`.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=25_000_000,
                                                        row_bytes=1000))}
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    created_at: Mapped[datetime]

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=25_000_000,
                                                        row_bytes=1000))}
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    created_at: Mapped[datetime]

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(partitioning=[Partitioning(table="orders", key="created_at",
                                               interval="1 month", retention="3 months")]))
""",
    suppress="""
sales.datastore("orders-db", tech.PostgreSQL("16"), schema=Base,
                suppress=[suppress("SCL003", "archived to S3 monthly by the retention job")])
""",
)


def _storage(
    ctx: ReviewContext, datastore: Datastore, volumes: list[tuple[Table, Volume]]
) -> Iterator[Hit]:
    budget_gb = datastore.effective_budget.storage_gb
    if not budget_gb or not volumes:
        return
    budget = budget_gb * 1e9
    technology = datastore.technology.name
    unplanned = [(t, v) for t, v in volumes if datastore.scaling.partitioning_of(t.fullname) is None]
    expiry = _expiry(datastore)
    sizes = sorted(((_size(t, v, expiry, datastore.technology), t, v) for t, v in unplanned),
                   key=lambda item: (-item[0], item[1].fullname))
    single = [item for item in sizes if item[0] > budget]
    for size, table, volume in single:
        grows = (_growth(table, volume, size, datastore.technology) if expiry is False
                 else _kept(table, volume, size, expiry, datastore.technology))
        yield Hit(
            datastore,
            f"{table.fullname} {grows}, above {technology}'s single-node "
            f"budget of {format_gb(budget_gb)}, and declares no partitioning or sharding",
            target=table.fullname,
            location=ctx.table_location(datastore, table),
        )
    total = sum(size for size, _, _ in sizes)
    if not single and total > budget:
        biggest = ", ".join(f"{t.fullname} {format_bytes(s)}" for s, t, _ in sizes[:3])
        yield Hit(
            datastore,
            f"{datastore.name} reaches {format_bytes(total)} within a year ({biggest}), above "
            f"{technology}'s single-node budget of {format_gb(budget_gb)}, and declares no "
            "partitioning or sharding for those tables",
        )


def _expiry(datastore: Datastore) -> float | None | bool:
    """Days after which the store's data expires; ``None`` when it expires on an unknown
    schedule (a cache, TTL); ``False`` when it keeps everything."""
    days = retention_days(datastore.retention)
    if days is not None:
        return days
    if datastore.role is Role.CACHE or Requirement.TTL in datastore.requirements:
        return None
    return False


def _size(
    table: Table, volume: Volume, expiry: float | None | bool, technology: Technology
) -> float:
    if expiry is False:
        return size_after_one_year_bytes(table, volume, technology)
    days = None if expiry is None or expiry is True else float(expiry)
    return bounded_rows(volume, days) * row_bytes(table, volume, technology)[0]


def _kept(
    table: Table, volume: Volume, size: float, expiry: float | None | bool,
    technology: Technology,
) -> str:
    per_row, estimated = row_bytes(table, volume, technology)
    how = "estimated from its column types and indexes" if estimated else "declared"
    if isinstance(expiry, float) and volume.rows_per_day:
        return (f"keeps {format_bytes(size)} ({format_count(volume.rows_per_day)} rows/day for "
                f"{format_count(min(expiry, 365))} days of retention × {format_bytes(per_row)}/row "
                f"{how})")
    return (f"holds {format_bytes(size)} ({format_count(volume.rows or 0)} rows × "
            f"{format_bytes(per_row)}/row {how})")


def _growth(table: Table, volume: Volume, size: float, technology: Technology) -> str:
    per_row, estimated = row_bytes(table, volume, technology)
    how = "estimated from its column types and indexes" if estimated else "declared"
    row = f"{format_bytes(per_row)}/row {how}"
    if volume.rows_per_day:
        growth = size - (volume.rows or 0) * per_row
        grows = (f"grows {format_bytes(growth)}/yr ({format_count(volume.rows_per_day)} "
                 f"rows/day × {row})")
        if volume.rows:
            return f"{grows} from {format_count(volume.rows)} rows today to {format_bytes(size)}"
        return grows
    return f"holds {format_bytes(size)} ({format_count(volume.rows or 0)} rows × {row})"


def _writes(
    ctx: ReviewContext, datastore: Datastore, volumes: list[tuple[Table, Volume]]
) -> Iterator[Hit]:
    budget = datastore.effective_budget.writes_per_second
    if not budget:
        return
    rates = sorted(((writes_per_second(v), t) for t, v in volumes),
                   key=lambda item: (-item[0][0], item[1].fullname))
    total = sum(rate for (rate, _), _ in rates)
    source = "from the tables' declared volumes"
    if not total:
        writing = [f for f in ctx.flows_into(datastore)
                   if f.effective_access.writes and f.per_second]
        total = sum(f.per_second or 0 for f in writing)
        source = f"from the per_second of {len(writing)} writing flow(s)"
        rates = []
    if total <= budget:
        return
    parts = ", ".join(f"{t.fullname} {format_count(rate)}{'' if peak else ' avg'}"
                      for (rate, peak), t in rates[:3] if rate)
    detail = f" ({parts})" if parts else f" ({source})"
    yield Hit(
        datastore,
        f"{datastore.name} takes {format_count(total)} writes/s{detail}, above "
        f"{datastore.technology.name}'s single-node budget of {format_count(budget)} writes/s, "
        "and declares no sharding (partitioning does not spread writes across nodes)",
    )
