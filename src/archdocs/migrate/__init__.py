"""Migration strategies: schema diff → phased plan → SQL, Markdown or JSON.

    diff = diff_metadata(old_metadata, new_metadata, DialectName.POSTGRESQL)
    plan = plan_diff(diff, DialectName.POSTGRESQL, volume_of=datastore.volume_of)
    print(render_sql(plan))

Comparing (``diff``), deciding (``plan``) and writing (``output``) are separate steps, as in
alembic's autogenerate, so each can be tested and extended alone.
"""

from archdocs.migrate.changes import Change, ChangeKind, ProbableRename, SchemaDiff
from archdocs.migrate.dialects import DialectName, dialect_of, parse_dialect
from archdocs.migrate.diff import diff_metadata
from archdocs.migrate.hazards import HAZARDS, Hazard
from archdocs.migrate.plan import PhaseName, Plan, Step, plan_diff

__all__ = [
    "HAZARDS", "Change", "ChangeKind", "DialectName", "Hazard", "PhaseName", "Plan",
    "ProbableRename", "SchemaDiff", "Step", "diff_metadata", "dialect_of", "parse_dialect",
    "plan_diff",
]
