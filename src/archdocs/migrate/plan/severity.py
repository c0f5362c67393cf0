"""Severity of a step, scaled by the declared volume of the table it touches."""

from __future__ import annotations

from archdocs.migrate.plan.steps import Severity
from archdocs.model.scaling import Volume

SMALL_ROWS = 100_000
LARGE_ROWS = 10_000_000


def estimated_rows(volume: Volume | None) -> int | None:
    """Rows today, or a year of ``rows_per_day`` when only the rate is declared."""
    if volume is None:
        return None
    if volume.rows is not None:
        return volume.rows
    if volume.rows_per_day is not None:
        return int(volume.rows_per_day * 365)
    return None


def scaled(
    *, blocks_writes: bool, rows: int | None, loses_data: bool = False, breaks_previous: bool = False
) -> Severity:
    """A write-blocking rewrite or scan: info under 100 000 rows, warning up to 10 million,
    error above, and an error when the volume is not declared (it could be large: declare it,
    ``Volume(rows=...)``, to accept the step on a small table). Losing data or breaking the
    running application is at least a warning."""
    severity = Severity.INFO
    if blocks_writes:
        if rows is None or rows >= LARGE_ROWS:
            severity = Severity.ERROR
        elif rows >= SMALL_ROWS:
            severity = Severity.WARNING
    if (loses_data or breaks_previous) and severity is Severity.INFO:
        severity = Severity.WARNING
    return severity
