"""MIG003: a migration drops or retires something but marks no point of no return."""

from collections.abc import Iterator

from archdocs.migrate.architecture import is_destructive, point_of_no_return_index
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._migration_example import ORDERS_MOVE


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


DOC = RuleDoc(
    checks="""
A migration with a phase that drops, retires, removes, decommissions or deletes something (by its
name or description) and no phase marked `point_of_no_return=True`.

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
        Phase("switch reads", cutover=True, elements=[api],
              rollback="flip the read flag back; orders-db is still written"),
        Phase("drop the old tables", elements=[old_db],
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
    suppress("MIG003", "the old tables are archived, not dropped; nothing is lost")])
""",
)
