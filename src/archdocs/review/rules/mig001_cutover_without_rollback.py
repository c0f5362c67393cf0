"""MIG001: a migration phase switches traffic but says nothing about switching back."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._migration_example import ORDERS_MOVE


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


DOC = RuleDoc(
    checks="""
A phase with `cutover=True` whose `rollback` is missing or blank.

A phase naming an element the system does not declare is reported by
[INT002](INT002.md) (undeclared reference), at the phase's line.
""",
    example=ORDERS_MOVE + """\
system.flow(api, new_db, Mechanism.QUERY, access=Access.WRITE)
system.migration(
    "Move orders",
    from_state="orders in orders-db",
    to_state="orders in orders-store",
    cutover_criteria=["replication lag < 5 s for 7 days", "shadow reads match 99.99 %"],
    phases=[
        Phase("dual write", sync=SyncMechanism.DUAL_WRITE, elements=[api, new_db],
              rollback="stop writing orders-store"),
        Phase("switch reads", cutover=True, elements=[api]),
        Phase("drop the old tables", elements=[old_db], point_of_no_return=True,
              rollback="restore from the backup taken before the drop"),
    ],
)
""",
    fixed=ORDERS_MOVE + """\
system.flow(api, new_db, Mechanism.QUERY, access=Access.WRITE)
system.migration(
    "Move orders",
    from_state="orders in orders-db",
    to_state="orders in orders-store",
    cutover_criteria=["replication lag < 5 s for 7 days", "shadow reads match 99.99 %"],
    phases=[
        Phase("dual write", sync=SyncMechanism.DUAL_WRITE, elements=[api, new_db],
              rollback="stop writing orders-store"),
        Phase("switch reads", cutover=True, elements=[api],
              rollback="flip the read flag back; orders-db is still written"),
        Phase("drop the old tables", elements=[old_db], point_of_no_return=True,
              rollback="restore from the backup taken before the drop"),
    ],
)
""",
    suppress="""
system.migration("Move orders", ..., suppressions=[
    suppress("MIG001", "the switch is a DNS change reverted by the platform runbook")])
""",
)
