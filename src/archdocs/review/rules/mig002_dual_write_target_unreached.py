"""MIG002: a dual-write phase writes to a datastore that no flow reaches."""

from collections.abc import Iterator

from archdocs.migrate.architecture import flows_reaching, phase_elements
from archdocs.model.datastore import Datastore
from archdocs.model.migration import SyncMechanism
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


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
