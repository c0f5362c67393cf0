"""MIG004: a phase before the point of no return has no rollback."""

from collections.abc import Iterator

from archdocs.migrate.architecture import point_of_no_return_index
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._migration_example import ORDERS_MOVE


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


DOC = RuleDoc(
    checks="""
Phases before the point of no return (all phases when none is marked) that are not cutovers and
have no rollback.

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
        Phase("dual write", sync=SyncMechanism.DUAL_WRITE, elements=[api, new_db]),
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
    suppress("MIG004", "the backfill only reads orders-db and writes a new, unused store")])
""",
)
