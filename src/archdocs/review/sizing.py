"""Back-of-the-envelope sizing for the review: row sizes, yearly growth, write rates.

The figures are deliberately simple, the way an architect sizes a store on a whiteboard: a row's
heap size is estimated from its column types when the model does not give ``row_bytes``,
indexes and replicas are left out, and a year is 365 days of the declared ``rows_per_day``.
Every message that uses them says which inputs it used, so a reader can redo the sum.
"""

from __future__ import annotations

import re

from sqlalchemy import Column, Table
from sqlalchemy import types as sqltypes

from archdocs.model.scaling import Volume
from archdocs.model.technology import Technology

ROW_OVERHEAD_BYTES = 24
"""Per-row header and item pointer (PostgreSQL: 23 + 4 bytes; InnoDB is close)."""

DAYS_PER_YEAR = 365
SECONDS_PER_DAY = 86_400


def estimated_column_bytes(column: Column[object]) -> int:
    """Average stored size of one value of ``column``, from its type.

    Variable-length strings are assumed half full (at most 128 bytes on average); text 256
    bytes, JSON documents 512 and binary values 1 KB.
    """
    kind = column.type
    if isinstance(kind, sqltypes.Boolean):
        return 1
    if isinstance(kind, sqltypes.SmallInteger):
        return 2
    if isinstance(kind, sqltypes.BigInteger):
        return 8
    if isinstance(kind, sqltypes.Integer):
        return 4
    if isinstance(kind, sqltypes.Float):
        return 8
    if isinstance(kind, sqltypes.Numeric):
        precision = getattr(kind, "precision", None) or 20
        return 8 + (int(precision) + 3) // 4 * 2
    if isinstance(kind, sqltypes.Interval):
        return 16
    if isinstance(kind, sqltypes.DateTime | sqltypes.Time):
        return 8
    if isinstance(kind, sqltypes.Date):
        return 4
    if isinstance(kind, sqltypes.Uuid):
        return 16
    if isinstance(kind, sqltypes.Enum):
        return 4
    if isinstance(kind, sqltypes.Text):
        return 256
    if isinstance(kind, sqltypes.String):
        length = getattr(kind, "length", None)
        return 2 + min(int(length) // 2, 128) if length else 32
    if isinstance(kind, sqltypes.JSON):
        return 512
    if isinstance(kind, sqltypes.ARRAY):
        return 64
    if isinstance(kind, sqltypes.LargeBinary):
        return 1024
    return 16


def estimated_row_bytes(table: Table, technology: Technology | None = None) -> int:
    """Bytes of an average row of ``table``, from its column types.

    With the ``technology``, this is the storage engine's own estimate (row and index bytes,
    checked against real PostgreSQL and InnoDB storage in ``archdocs.perf.estimate``), so the
    review and the scalability pages give the same figures.
    """
    if technology is not None:
        from archdocs.perf.estimate import estimate_table

        estimate = estimate_table(technology, table)
        return round(estimate.row_bytes + estimate.index_bytes_per_row)
    return ROW_OVERHEAD_BYTES + sum(estimated_column_bytes(c) for c in table.columns)


def row_bytes(
    table: Table, volume: Volume, technology: Technology | None = None
) -> tuple[int, bool]:
    """``(bytes per row, estimated?)``: the declared ``row_bytes``, or the estimate."""
    if volume.row_bytes:
        return volume.row_bytes, False
    return estimated_row_bytes(table, technology), True


def rows_after_one_year(volume: Volume) -> float:
    """Rows today plus one year of ``rows_per_day``, growing by ``growth_per_year`` over it
    (the average daily rate over the year is taken at the mid-point)."""
    per_day = (volume.rows_per_day or 0.0) * (1 + volume.growth_per_year / 2)
    return (volume.rows or 0) + per_day * DAYS_PER_YEAR


def yearly_growth_bytes(
    table: Table, volume: Volume, technology: Technology | None = None
) -> float:
    """Bytes added over one year by ``rows_per_day``."""
    per_day = (volume.rows_per_day or 0.0) * (1 + volume.growth_per_year / 2)
    return per_day * DAYS_PER_YEAR * row_bytes(table, volume, technology)[0]


def size_after_one_year_bytes(
    table: Table, volume: Volume, technology: Technology | None = None
) -> float:
    """Bytes of ``table`` one year from now."""
    return rows_after_one_year(volume) * row_bytes(table, volume, technology)[0]


_DURATION = re.compile(
    r"(\d+(?:\.\d+)?)\s*(minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|w|months?|years?|y)\b",
    re.IGNORECASE,
)
_UNIT_DAYS = {"min": 1 / 1440, "h": 1 / 24, "d": 1.0, "w": 7.0, "mo": 30.4, "y": 365.0}


def retention_days(text: str | None) -> float | None:
    """The longest duration written in a free-text retention (``"7 days for events, 3 days
    for the clickstream"`` → 7), or ``None`` when it names none."""
    if not text:
        return None
    longest = None
    for amount, unit in _DURATION.findall(text):
        unit = unit.lower()
        key = ("min" if unit.startswith("min") else "mo" if unit.startswith("mo")
               else unit[0])
        days = float(amount) * _UNIT_DAYS[key]
        longest = days if longest is None else max(longest, days)
    return longest


def bounded_rows(volume: Volume, retention: float | None) -> float:
    """Rows kept at most when data expires after ``retention`` days (or today's rows when the
    store expires data but says not when, like a cache)."""
    kept = (volume.rows_per_day or 0.0) * min(retention, DAYS_PER_YEAR) if retention else 0.0
    return max(float(volume.rows or 0), kept)


def writes_per_second(volume: Volume) -> tuple[float, bool]:
    """``(writes per second, peak?)``: the declared peak, or the daily average from
    ``rows_per_day`` (inserts only)."""
    if volume.peak_writes_per_second:
        return volume.peak_writes_per_second, True
    return (volume.rows_per_day or 0.0) / SECONDS_PER_DAY, False


def format_bytes(value: float) -> str:
    """Decimal units, as storage budgets are given: ``512 B``, ``1.5 GB``, ``9.1 TB``."""
    for unit, size in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= size:
            return f"{_short(value / size)} {unit}"
    return f"{round(value)} B"


def format_gb(gigabytes: float) -> str:
    """A budget given in GB, in the largest fitting unit (``2000`` → ``2 TB``)."""
    return format_bytes(gigabytes * 1e9)


def format_count(value: float) -> str:
    """``950``, ``12,000``, ``2.5 M``, ``1.2 bn``: readable counts and rates."""
    if value >= 1e9:
        return f"{_short(value / 1e9)} bn"
    if value >= 1e6:
        return f"{_short(value / 1e6)} M"
    if value >= 10:
        return f"{round(value):,}"
    return _short(value)


def _short(value: float) -> str:
    """At most one decimal, and none when it would be ``.0``."""
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return text[:-2] if text.endswith(".0") else text
