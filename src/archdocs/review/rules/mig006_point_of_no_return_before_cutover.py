"""MIG006: the point of no return comes before traffic has switched."""

from collections.abc import Iterator

from archdocs.migrate.architecture import cutover_index, point_of_no_return_index
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._migration_example import ORDERS_MOVE


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


DOC = RuleDoc(
    checks="""
The first phase marked `point_of_no_return` comes before the first cutover phase.

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
        Phase("drop the old tables", elements=[old_db], point_of_no_return=True,
              rollback="restore from the backup taken before the drop"),
        Phase("switch reads", cutover=True, elements=[api],
              rollback="flip the read flag back; orders-db is still written"),
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
    suppress("MIG006", "the new store is the master from the first phase, by design")])
""",
)
