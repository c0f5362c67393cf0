"""MIG004: a phase before the point of no return has no rollback."""

from collections.abc import Iterator

from archdocs.migrate.architecture import point_of_no_return_index
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "MIG004", "phase-without-rollback", Severity.WARNING, family="migrations",
    why="Every phase before the point of no return should be reversible, and the way back "
        "written down: a migration paused halfway for weeks is the normal case, not the "
        "exception. (Cutover phases are MIG001, an error.)",
    fix="Describe how to undo the phase: Phase(..., rollback=\"stop the backfill job; drop the "
        "new column\").",
)
def phase_without_rollback(ctx: ReviewContext) -> Iterator[Hit]:
    for migration in ctx.sys.migrations:
        last = point_of_no_return_index(migration)
        for index, phase in enumerate(migration.phases):
            if last is not None and index >= last:
                break
            if not phase.cutover and not (phase.rollback or "").strip():
                yield Hit(migration, f"migration {migration.name!r}: phase {phase.name!r} has "
                          "no rollback", location=phase.declared_at)
