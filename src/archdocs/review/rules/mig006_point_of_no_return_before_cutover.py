"""MIG006: the point of no return comes before traffic has switched."""

from collections.abc import Iterator

from archdocs.migrate.architecture import cutover_index, point_of_no_return_index
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "MIG006", "point-of-no-return-before-cutover", Severity.WARNING, family="migrations",
    why="If the way back closes before the new place carries the traffic, a problem found at "
        "cutover can only be fixed forward or from backups. The irreversible step belongs "
        "after the cutover has proven itself.",
    fix="Reorder the phases so the cutover comes first, or move point_of_no_return=True to the "
        "phase that removes the old place.",
)
def point_of_no_return_before_cutover(ctx: ReviewContext) -> Iterator[Hit]:
    for migration in ctx.sys.migrations:
        point, cutover = point_of_no_return_index(migration), cutover_index(migration)
        if point is not None and cutover is not None and point < cutover:
            phase = migration.phases[point]
            yield Hit(migration, f"migration {migration.name!r}: point of no return "
                      f"{phase.name!r} comes before the cutover "
                      f"{migration.phases[cutover].name!r}", location=phase.declared_at)
