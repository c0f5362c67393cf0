"""Back-of-the-envelope sizing for the review: row sizes, yearly growth, write rates.

The figures are deliberately simple, the way an architect sizes a store on a whiteboard: a row's
size (with its index entries) comes from ``archdocs.perf.estimate`` when the model does not give
``row_bytes``, replicas are left out, and a year is 365 days of the declared ``rows_per_day``.
Every message that uses them says which inputs it used, so a reader can redo the sum.
"""

from __future__ import annotations

import re

from sqlalchemy import Table

from archdocs.model.scaling import Volume
from archdocs.model.technology import Technology
from archdocs.perf.estimate import estimate_table

DAYS_PER_YEAR = 365
SECONDS_PER_DAY = 86_400


def row_bytes(table: Table, volume: Volume, technology: Technology) -> tuple[int, bool]:
    """``(bytes per row, estimated?)``: the declared ``row_bytes``, or the storage engine's
    estimate of row and index bytes from ``archdocs.perf.estimate`` (checked against real
    PostgreSQL and InnoDB storage), so the review and the scalability pages agree."""
    if volume.row_bytes:
        return volume.row_bytes, False
    estimate = estimate_table(technology, table)
    return round(estimate.row_bytes + estimate.index_bytes_per_row), True


def rows_after_one_year(volume: Volume) -> float:
    """Rows today plus one year of ``rows_per_day``, growing by ``growth_per_year`` over it
    (the average daily rate over the year is taken at the mid-point)."""
    per_day = (volume.rows_per_day or 0.0) * (1 + volume.growth_per_year / 2)
    return (volume.rows or 0) + per_day * DAYS_PER_YEAR


def size_after_one_year_bytes(table: Table, volume: Volume, technology: Technology) -> float:
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
