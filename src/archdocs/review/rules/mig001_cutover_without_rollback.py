"""MIG001: a migration phase switches traffic but says nothing about switching back."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "MIG001", "cutover-without-rollback", Severity.ERROR, family="migrations",
    why="The cutover is the moment a migration is most likely to go wrong in production: load, "
        "data the tests never saw, a missed client. Without a written, rehearsed way back, the "
        "team improvises under pressure.",
    fix="Give the phase a rollback: Phase(..., cutover=True, rollback=\"switch the feature flag "
        "back; the old store stays current through reverse replication\").",
)
def cutover_without_rollback(ctx: ReviewContext) -> Iterator[Hit]:
    for migration in ctx.sys.migrations:
        for phase in migration.phases:
            if phase.cutover and not (phase.rollback or "").strip():
                yield Hit(migration, f"migration {migration.name!r}: cutover phase "
                          f"{phase.name!r} has no rollback", location=phase.declared_at)
