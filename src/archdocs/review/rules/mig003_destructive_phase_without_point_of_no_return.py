"""MIG003: a migration drops or retires something but marks no point of no return."""

from collections.abc import Iterator

from archdocs.migrate.architecture import is_destructive, point_of_no_return_index
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "MIG003", "no-point-of-no-return", Severity.WARNING, family="migrations",
    why="Once the old store or tables are dropped, rolling back means restoring a backup, not "
        "flipping a switch. Marking that phase tells everyone when the cheap way back ends, so "
        "the go/no-go decision is taken before it, not discovered after.",
    fix="Mark the phase that removes the old place: Phase(\"drop the old tables\", ..., "
        "point_of_no_return=True).",
)
def no_point_of_no_return(ctx: ReviewContext) -> Iterator[Hit]:
    for migration in ctx.sys.migrations:
        if point_of_no_return_index(migration) is not None:
            continue
        for phase in migration.phases:
            if is_destructive(phase):
                yield Hit(migration, f"migration {migration.name!r}: phase {phase.name!r} "
                          "removes the old place, but no phase is marked as the point of no "
                          "return", location=phase.declared_at)
                break
