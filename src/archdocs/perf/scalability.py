"""The scalability path of a datastore: storage and write rate projected from the declared
volumes at now, 1, 3 and 5 years; when the single-node budget runs out (vertical scaling's
horizon); the partitioning or sharding declared or suggested by the access patterns; and the
architecture migration that would take the store there.

Growth model: a table has ``rows`` today and receives ``rows_per_day``, a daily rate that grows
by ``growth_per_year`` (0.5 = +50 % a year, compounded continuously). A retention (on the
table's partitioning, or the datastore's ``retention``) keeps only the rows of the last period.
The peak write rate is the declared ``peak_writes_per_second``, else the sum of the table's
declared write patterns, else the average daily rate times :data:`PEAK_FACTOR`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Date, DateTime, Table

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.migration import ArchitectureMigration, MigrationStatus
from archdocs.model.notes import AccessPattern, Operation
from archdocs.model.physical import Hypertable, Retention
from archdocs.model.scaling import Volume, table_matches
from archdocs.model.system import System
from archdocs.model.technology import Budget, Capability
from archdocs.perf.estimate import TableEstimate, estimate_datastore
from archdocs.perf.keys import low_cardinality_reason
from archdocs.perf.physical_projection import StructureProjection, project_structures
from archdocs.perf.serving import patterns_with_tables

YEARS: tuple[int, ...] = (0, 1, 3, 5)
"""The points in time every projection reports."""
HORIZON_LIMIT_YEARS = 10
PEAK_FACTOR = 3.0
"""Peak writes per second over the daily average, when nothing better is declared."""
GB = 1024**3

_DURATION = re.compile(
    r"(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|min|mins|minutes?|h|hours?|d|days?|w|weeks?|"
    r"m|mo|months?|y|yr|years?)\b",
    re.IGNORECASE,
)
_UNIT_DAYS = {"s": 1 / 86400, "sec": 1 / 86400, "secs": 1 / 86400, "second": 1 / 86400,
              "seconds": 1 / 86400, "min": 1 / 1440, "mins": 1 / 1440, "minute": 1 / 1440,
              "minutes": 1 / 1440, "h": 1 / 24, "hour": 1 / 24, "hours": 1 / 24,
              "d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7, "m": 30.44,
              "mo": 30.44, "month": 30.44, "months": 30.44, "y": 365.25, "yr": 365.25,
              "year": 365.25, "years": 365.25}


def retention_days(text: str | None) -> float | None:
    """The first duration in a retention text, in days (``"13 months"`` → 395.7), or None
    when the text gives none (``"forever"``)."""
    if not text:
        return None
    match = _DURATION.search(text)
    if match is None:
        return None
    return float(match.group(1)) * _UNIT_DAYS[match.group(2).lower()]


@dataclass(frozen=True)
class Point:
    """The projection at one moment."""

    years: float
    rows: float
    bytes: float
    writes_per_second: float


@dataclass(frozen=True)
class TableProjection:
    table: Table
    estimate: TableEstimate
    volume: Volume | None
    retention_days: float | None
    peak_writes_now: float
    peak_source: str
    """Where the peak write rate comes from: ``declared``, ``write patterns``, ``derived``."""

    def rows_at(self, years: float) -> float:
        volume = self.volume
        if volume is None:
            return 0.0
        start = float(volume.rows or 0)
        daily = float(volume.rows_per_day or 0)
        if not daily:
            return start
        growth = math.log1p(volume.growth_per_year) if volume.growth_per_year > -1 else 0.0
        window_years = (self.retention_days / 365.25) if self.retention_days else None

        def arrived(a: float, b: float) -> float:
            """Rows arriving between ``a`` and ``b`` years from now."""
            if b <= a:
                return 0.0
            if abs(growth) < 1e-12:
                return 365.25 * daily * (b - a)
            return 365.25 * daily * (math.exp(growth * b) - math.exp(growth * a)) / growth

        if window_years is None:
            return start + arrived(0.0, years)
        # Only the rows of the last retention window are kept. Today's declared rows are the
        # steady state when they exceed a window's arrivals (a cache rewriting the same keys).
        window = arrived(years - window_years, years) if years >= window_years else \
            start * (1 - years / window_years) + arrived(0.0, years)
        return max(start, window)

    def writes_at(self, years: float) -> float:
        growth = self.volume.growth_per_year if self.volume else 0.0
        return float(self.peak_writes_now * (1 + growth) ** years)

    def point(self, years: float) -> Point:
        rows = self.rows_at(years)
        return Point(years, rows, self.estimate.total_bytes(rows), self.writes_at(years))


@dataclass(frozen=True)
class Horizon:
    """When one node stops being enough, and why."""

    years: float
    resource: str
    """``storage`` or ``writes``."""
    value: float
    limit: float

    shards: int = 1
    """Nodes the budget is multiplied by (the declared shard count)."""

    def describe(self) -> str:
        when = "already" if self.years <= 0 else f"in about {format_years(self.years)}"
        budget = "the single-node budget of" if self.shards <= 1 else \
            f"the budget of {self.shards} nodes,"
        if self.resource == "storage":
            return (f"storage reaches {budget} {self.limit:,.0f} GB {when} "
                    f"({format_bytes(self.value * GB)} projected)")
        return (f"peak writes reach {budget} {self.limit:,.0f}/s {when} "
                f"({self.value:,.0f}/s projected)")


def format_years(years: float) -> str:
    months = max(round(years * 12), 1)
    if months < 12:
        return f"{max(months, 1)} month{'s' if months != 1 else ''}"
    whole, rest = divmod(months, 12)
    return f"{whole} year{'s' if whole != 1 else ''}" + (f" {rest} month{'s' if rest != 1 else ''}" if rest else "")


def format_bytes(value: float) -> str:
    for unit, size in (("TB", 1024**4), ("GB", GB), ("MB", 1024**2), ("KB", 1024)):
        if value >= size:
            return f"{value / size:,.1f} {unit}"
    return f"{value:,.0f} B"


@dataclass(frozen=True)
class KeySuggestion:
    """A shard key suggested from the access patterns."""

    column: str
    share: float
    """Share of the declared read/write frequency whose patterns filter by it (0–1)."""
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class PartitionSuggestion:
    table: str
    column: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class Projection:
    """The scalability path of one datastore."""

    datastore: Datastore
    tables: tuple[TableProjection, ...]
    budget: Budget
    points: tuple[Point, ...]
    horizon: Horizon | None
    shard_key: KeySuggestion | None
    partitions: tuple[PartitionSuggestion, ...]
    migrations: tuple[ArchitectureMigration, ...]
    sharded_horizon: Horizon | None = None
    """The horizon with the declared shard count's nodes (when sharding is declared)."""
    structures: tuple[StructureProjection, ...] = ()
    """Projections of its topics, key patterns, indexes, collections (its own terms)."""
    nodes: int = 1
    """Nodes a natively distributed store is judged on (its declared ``nodes``), else 1."""

    @property
    def parts(self) -> tuple[TableProjection | StructureProjection, ...]:
        """Everything projected: tables, then structures."""
        return (*self.tables, *self.structures)

    @property
    def distributed(self) -> bool:
        """Judged per node against a cluster of ``nodes``, not one machine."""
        return self.nodes > 1

    @property
    def shards(self) -> int:
        """The largest declared shard count (1 without sharding)."""
        return max((s.shards for s in self.datastore.scaling.sharding), default=1)

    @property
    def has_volumes(self) -> bool:
        return any(t.volume is not None for t in self.tables) or bool(self.structures)

    @property
    def declared_scale_out(self) -> bool:
        scaling = self.datastore.scaling
        return bool(scaling.sharding or scaling.partitioning)


def _peak_writes(table: Table, volume: Volume | None,
                 patterns: list[tuple[AccessPattern, Table | None]]) -> tuple[float, str]:
    """The table's peak writes per second and where the figure comes from; ``patterns`` are
    :func:`patterns_with_tables` of its datastore."""
    if volume is not None and volume.peak_writes_per_second is not None:
        return float(volume.peak_writes_per_second), "declared"
    declared = [
        p.per_second for p, t in patterns
        if t is table and p.operation is Operation.WRITE and p.per_second
    ]
    if declared:
        return float(sum(declared)), "write patterns"
    if volume is not None and volume.rows_per_day:
        return volume.rows_per_day / 86400 * PEAK_FACTOR, "derived"
    return 0.0, "derived"


def _table_projections(datastore: Datastore) -> list[TableProjection]:
    estimates = estimate_datastore(datastore).tables
    store_retention = retention_days(datastore.retention)
    patterns = patterns_with_tables(datastore)
    projections = []
    for table in datastore.tables:
        volume = datastore.volume_of(table)
        partitioning = datastore.scaling.partitioning_of(table.fullname)
        kept = retention_days(partitioning.retention) if partitioning else None
        hypertable = next((h for h in datastore.structures_of(Hypertable)
                           if table_matches(h.name, table.fullname)), None)
        if hypertable is not None and isinstance(hypertable.retention, Retention) \
                and hypertable.retention.period is not None:
            # structured retention wins over text
            kept = hypertable.retention.period.total_seconds() / 86400
        peak, source = _peak_writes(table, volume, patterns)
        projections.append(TableProjection(
            table, estimates[table.fullname], volume,
            kept if kept is not None else store_retention, peak, source,
        ))
    return projections


def _sum_point(tables: Sequence[TableProjection | StructureProjection], years: float) -> Point:
    points = [t.point(years) for t in tables]
    return Point(years, sum(p.rows for p in points), sum(p.bytes for p in points),
                 sum(p.writes_per_second for p in points))


def budget_horizon(
    tables: Sequence[TableProjection | StructureProjection], budget: Budget, shards: int = 1
) -> Horizon | None:
    """When the projected ``tables`` (and structures) together outgrow ``budget`` on ``shards``
    nodes (the budget counts once per node): the first month, within
    :data:`HORIZON_LIMIT_YEARS`, whose storage or writes per second go over it, checked in that
    order. ``None`` when the budget lasts the whole time.

    :func:`project` uses it for a datastore's own budget; the advice
    (:mod:`archdocs.advise.engine`) asks it how long the budget of another technology would
    last under the same projection.
    """
    storage = budget.storage_gb * shards if budget.storage_gb is not None else None
    writes = budget.writes_per_second * shards if budget.writes_per_second is not None else None

    def crossing(month: int) -> Horizon | None:
        point = _sum_point(tables, month / 12)
        if storage is not None and point.bytes / GB > storage:
            return Horizon(month / 12, "storage", point.bytes / GB, storage, shards)
        if writes is not None and point.writes_per_second > writes:
            return Horizon(month / 12, "writes", point.writes_per_second, writes, shards)
        return None

    months = range(0, HORIZON_LIMIT_YEARS * 12 + 1)
    if any(t.volume is not None and t.volume.growth_per_year < 0 for t in tables):
        # A shrinking table can make the projection fall again: look at every month.
        return next((h for h in map(crossing, months) if h is not None), None)
    # Without shrinkage rows, bytes and writes never fall over time, so the first month over
    # the budget can be found by bisection: 8 projections instead of 121 per datastore.
    if crossing(months[-1]) is None:
        return None
    low, high = 0, months[-1]
    while low < high:
        middle = (low + high) // 2
        if crossing(middle) is None:
            low = middle + 1
        else:
            high = middle
    return crossing(low)


def suggest_shard_key(datastore: Datastore) -> KeySuggestion | None:
    """The equality column carrying most of the declared frequency (each pattern weighs its
    ``per_second``, or 1 when undeclared), skipping low-cardinality columns."""
    weights: dict[str, float] = defaultdict(float)
    names: dict[str, list[str]] = defaultdict(list)
    total = 0.0
    for pattern, table in patterns_with_tables(datastore):
        if table is None:
            continue
        weight = float(pattern.per_second or 1)
        total += weight
        for column in dict.fromkeys(pattern.equals):
            if column not in table.columns or low_cardinality_reason(table.columns[column]):
                continue
            weights[column] += weight
            names[column].append(pattern.name)
    if not weights or total <= 0:
        return None
    column = min(weights, key=lambda c: (-weights[c], c))
    return KeySuggestion(column, weights[column] / total, tuple(sorted(names[column])))


def suggest_partitioning(datastore: Datastore) -> list[PartitionSuggestion]:
    """Tables with time-range patterns and no declared partitioning: partition by that time."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pattern, table in patterns_with_tables(datastore):
        if table is None or not pattern.range or pattern.range not in table.columns:
            continue
        if datastore.scaling.partitioning_of(table.fullname) is not None:
            continue
        if isinstance(table.columns[pattern.range].type, (DateTime, Date)):
            found[(table.fullname, pattern.range)].append(pattern.name)
    return [PartitionSuggestion(t, c, tuple(sorted(p))) for (t, c), p in sorted(found.items())]


def _names(datastore: Datastore, refs: Sequence[Element | str]) -> bool:
    return any(ref is datastore or ref == datastore.name or ref == datastore.id for ref in refs)


def migrations_for(system: System, datastore: Datastore) -> list[ArchitectureMigration]:
    """Proposed or in-progress architecture migrations that affect ``datastore`` or name it
    in one of their phases."""
    return [
        m for m in system.migrations
        if m.status in (MigrationStatus.PROPOSED, MigrationStatus.IN_PROGRESS)
        and (_names(datastore, m.affects) or any(_names(datastore, p.elements) for p in m.phases))
    ]


_PROJECTIONS: ContextVar[dict[tuple[str, int, int], tuple[System, Datastore, Any]] | None] = \
    ContextVar("archdocs_projections", default=None)


@contextmanager
def memoized_projections() -> Iterator[None]:
    """Compute each datastore's projection once while the block runs (and the rest made
    through :func:`memoized`: the advice's ranking of options).

    The site asks for the same projection on the datastore page, the scalability page and the
    performance index; the month-by-month horizon scan is a third of the pages' time on a
    100-datastore model. Only for code that does not change the model meanwhile (page
    generation). A block inside another shares the outer one's projections: a site build
    keeps those the review computed (TEC007) for its pages.
    """
    outer = _PROJECTIONS.get()
    token = _PROJECTIONS.set({} if outer is None else outer)
    try:
        yield
    finally:
        _PROJECTIONS.reset(token)


def project(system: System, datastore: Datastore) -> Projection:
    """The scalability path of ``datastore`` in ``system``."""
    return memoized("projection", system, datastore, lambda: _project(system, datastore))


_T = TypeVar("_T")


def memoized(kind: str, system: System, datastore: Datastore, compute: Callable[[], _T]) -> _T:
    """``compute()``, made once per ``kind``, system and datastore while
    :func:`memoized_projections` runs (and every time outside it): for what is derived from a
    datastore and its system alone, as its projection and the advice's ranking of options."""
    memo = _PROJECTIONS.get()
    if memo is None:
        return compute()
    key = (kind, id(system), id(datastore))
    # The memo holds the objects themselves, so their ids cannot be reused while it lives.
    hit = memo.get(key)
    if hit is None or hit[0] is not system or hit[1] is not datastore:
        hit = memo[key] = (system, datastore, compute())
    return cast(_T, hit[2])


def _project(system: System, datastore: Datastore) -> Projection:
    tables = _table_projections(datastore)
    # A derived index asks for its source's rows at every point in time: project the source's
    # tables once (the model does not change while it is projected).
    sources: dict[str, list[TableProjection]] = {}

    def source_rows(name: str, years: float) -> float | None:
        """Projected rows of ``datastore.table`` elsewhere (what a derived index is built from)."""
        store_name, _, table_name = name.partition(".")
        source = system.find_datastore(store_name)
        if source is None or source is datastore or source.table(table_name) is None:
            return None
        if store_name not in sources:
            sources[store_name] = _table_projections(source)
        for table in sources[store_name]:
            if table_matches(table_name, table.table.fullname):
                return table.rows_at(years) if table.volume is not None else None
        return None

    structures = project_structures(system, datastore, source_rows)
    parts: list[TableProjection | StructureProjection] = [*tables, *structures]
    budget = datastore.effective_budget
    points = tuple(_sum_point(parts, years) for years in YEARS)
    shards = max((s.shards for s in datastore.scaling.sharding), default=1)
    nodes = datastore.nodes or 1 if datastore.has(Capability.NATIVE_SHARDING) else 1
    return Projection(
        datastore, tuple(tables), budget, points, budget_horizon(parts, budget, nodes),
        suggest_shard_key(datastore), tuple(suggest_partitioning(datastore)),
        tuple(migrations_for(system, datastore)),
        budget_horizon(parts, budget, shards) if shards > 1 else None,
        tuple(structures), nodes,
    )
