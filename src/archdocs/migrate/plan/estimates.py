"""How long a long-running step takes, from the table's declared volume.

Rates were measured on the servers of archdocs' test machine (2 shared cores, PostgreSQL 15,
MariaDB 10.11, default settings) on a 500 000-row table of 110-byte rows; see the migrations
guide ("Duration estimates") for the measurement. A step's estimate scales them by the
declared rows and row size, and counts one index build per index for a rewrite. They are
orders of magnitude to plan a maintenance window with, not promises: disks, cache and
concurrent load change them several-fold.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import Table

from archdocs.migrate.plan.steps import PhaseName, Step
from archdocs.model.scaling import Volume

MEASURED_ROW_BYTES = 110

RATES: dict[str, dict[str, float]] = {
    # rows per second, 110-byte rows
    "postgresql": {"index": 640_000, "scan": 5_800_000, "rewrite": 180_000, "backfill": 71_000},
    "mysql": {"index": 460_000, "scan": 4_500_000, "rewrite": 111_000, "backfill": 37_000},
}
_WHAT = {"index": "index build", "scan": "validation scan", "rewrite": "table rewrite",
         "backfill": "batched backfill"}


def kind_of(step: Step) -> str | None:
    """Which measured operation a step is, or ``None`` for a brief metadata change."""
    if step.phase is PhaseName.BACKFILL and step.long_running:
        return "backfill"
    if step.rewrites:
        return "rewrite"
    if step.long_running and any("INDEX" in s.sql.upper() for s in step.statements):
        return "index"
    if step.scans and step.long_running:
        return "scan"
    return None


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under a second"
    if seconds < 120:
        return f"about {round(seconds)} s"
    if seconds < 7200:
        return f"about {round(seconds / 60)} min"
    return f"about {seconds / 3600:.1f} h"


def estimate(step: Step, dialect: str, table: Table | None, volume: Volume | None,
             rows: int | None, batch_size: int, pause_seconds: float) -> Step:
    """``step`` with a note giving its estimated duration and the assumptions behind it."""
    kind = kind_of(step)
    if kind is None or rows is None or dialect not in RATES:
        return step
    row_bytes = volume.row_bytes if volume is not None and volume.row_bytes else None
    size = (row_bytes or MEASURED_ROW_BYTES) / MEASURED_ROW_BYTES
    rate = RATES[dialect][kind]
    seconds = rows * size / rate
    indexes = len(table.indexes) + (1 if table is not None and table.primary_key.columns
                                    else 0) if table is not None else 0
    assumptions = [f"{rows:,} rows", f"{row_bytes} bytes a row" if row_bytes
                   else f"{MEASURED_ROW_BYTES} bytes a row (no row_bytes declared)"]
    if kind == "rewrite" and indexes:
        seconds += indexes * rows * size / RATES[dialect]["index"]
        assumptions.append(f"{indexes} index{'es' if indexes != 1 else ''} rebuilt")
    if kind == "backfill":
        seconds += (rows / max(batch_size, 1)) * pause_seconds
        assumptions.append(f"batches of {batch_size:,} with a {pause_seconds} s pause")
    note = (f"Estimated {_WHAT[kind]}: {_duration(seconds)} ({', '.join(assumptions)}; "
            f"{rate:,.0f} rows/s measured on {'PostgreSQL 15' if dialect == 'postgresql' else 'MariaDB 10.11'} "
            "on a 2-core test machine: expect it to differ on yours).")
    return dataclasses.replace(step, notes=(*step.notes, note))
