"""MIG002: a dual-write phase writes to a datastore that no flow reaches."""

from collections.abc import Iterator

from archdocs.migrate.architecture import flows_reaching, phase_elements
from archdocs.model.datastore import Datastore
from archdocs.model.migration import SyncMechanism
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._migration_example import ORDERS_MOVE


@rule(
    "MIG002", "dual-write-target-unreached", Severity.ERROR, family="migrations",
    why="Dual writing means a service writes both the old and the new store. If the model has "
        "no flow into one of them, either the writes are not designed yet or the model is out "
        "of date; in both cases the data-flow pages and the ownership checks miss the writer.",
    fix="Declare the flow that performs the second write (system.flow(service, new_store, "
        "Mechanism.QUERY, access=Access.WRITE)), or correct the phase's sync mechanism.",
)
def dual_write_target_unreached(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for migration in system.migrations:
        for phase in migration.phases:
            if phase.sync is not SyncMechanism.DUAL_WRITE:
                continue
            for element in phase_elements(system, phase):
                if isinstance(element, Datastore) and not flows_reaching(system, element):
                    yield Hit(migration, f"migration {migration.name!r}: phase {phase.name!r} "
                              f"dual-writes to {element.name!r}, but no flow reaches it",
                              location=phase.declared_at)


DOC = RuleDoc(
    checks="""
A phase with `sync=SyncMechanism.DUAL_WRITE` that names a datastore which is the target of no
declared flow (and no flow passes through it).

A phase naming an element the system does not declare is reported by
[INT002](INT002.md) (undeclared reference), at the phase's line.
""",
    example=ORDERS_MOVE + """\
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
    suppress("MIG002", "the second write is done by the database's own replication")])
""",
)
