"""MIG005: a migration cuts over without saying what must be true first."""

from collections.abc import Iterator

from archdocs.migrate.architecture import cutover_index
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "MIG005", "cutover-without-criteria", Severity.WARNING, family="migrations",
    why="Without written cutover criteria (replication lag under a bound, shadow reads "
        "matching, error budgets) the switch happens when someone feels ready, and nobody can "
        "tell afterwards whether it should have.",
    fix="List measurable criteria: system.migration(..., cutover_criteria=[\"CDC lag < 5 s for "
        "7 days\", \"shadow reads match 99.99 %\"]).",
)
def cutover_without_criteria(ctx: ReviewContext) -> Iterator[Hit]:
    for migration in ctx.sys.migrations:
        index = cutover_index(migration)
        if index is not None and not [c for c in migration.cutover_criteria if c.strip()]:
            phase = migration.phases[index]
            yield Hit(migration, f"migration {migration.name!r} cuts over in phase "
                      f"{phase.name!r} but declares no cutover criteria")
