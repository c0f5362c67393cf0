"""MIG005: a migration cuts over without saying what must be true first."""

from collections.abc import Iterator

from archdocs.migrate.architecture import cutover_index
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._migration_example import ORDERS_MOVE


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


DOC = RuleDoc(
    checks="""
A migration with a cutover phase and no `cutover_criteria`.

A phase naming an element the system does not declare is reported by
[INT002](INT002.md) (undeclared reference), at the phase's line.
""",
    example=ORDERS_MOVE + """\
system.flow(api, new_db, Mechanism.QUERY, access=Access.WRITE)
system.migration(
    "Move orders",
    from_state="orders in orders-db",
    to_state="orders in orders-store",
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
    suppress("MIG005", "a one-hour maintenance window, agreed with the business")])
""",
)
