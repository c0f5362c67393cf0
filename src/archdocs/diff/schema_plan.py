"""The seam between the architecture diff and the migration planner (``archdocs.migrate``).

When the planner is available, each datastore whose schema changed gets a one-line summary
of its phased plan and its worst hazard. Until then this returns ``None`` and the diff shows
the schema changes alone, with its own coarse hazard notes.
"""

from __future__ import annotations

from archdocs.diff.changes import SchemaPlanSummary
from archdocs.load.loader import Model


def summarise_schema_plans(base: Model, head: Model) -> list[SchemaPlanSummary] | None:
    """One summary per datastore whose schema differs, or ``None`` without a planner."""
    return None
