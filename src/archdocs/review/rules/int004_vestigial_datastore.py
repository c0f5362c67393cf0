"""INT004: a datastore that no flow reads or writes."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.migration import MigrationStatus
from archdocs.review.dataflow import flows_touching
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "INT004", "vestigial-datastore", Severity.WARNING, family="integrity",
    why="A datastore that no flow reads or writes is either left over from an earlier design "
        "(and still costs money, backups and patching) or its flows were never modelled, in "
        "which case the data-flow pages and the ownership checks are blind to it. Datastores "
        "that a proposed or in-progress migration affects are exempt: they may not be wired "
        "up yet, or no longer.",
    fix="Declare the flows that read and write it (system.flow(service, datastore, "
        "Mechanism.QUERY, access=...)), or delete the datastore from the model once it is "
        "decommissioned.",
)
def vestigial_datastore(ctx: ReviewContext) -> Iterator[Hit]:
    planned = _in_active_migrations(ctx)
    for datastore in ctx.sys.datastores:
        if id(datastore) in planned:
            continue  # a store a migration is introducing or retiring has no flows yet, or no more
        if not flows_touching(ctx, datastore):
            tables = len(datastore.tables)
            holding = f" holding {tables} table{'s' if tables != 1 else ''}" if tables else ""
            yield Hit(
                datastore,
                f"{datastore.role.value} {datastore.name} ({datastore.technology.label}){holding} "
                "is read and written by no flow",
            )


def _in_active_migrations(ctx: ReviewContext) -> set[int]:
    active = (MigrationStatus.PROPOSED, MigrationStatus.IN_PROGRESS)
    found: set[int] = set()
    for migration in ctx.sys.migrations:
        if migration.status not in active:
            continue
        refs = [*migration.affects, *(e for phase in migration.phases for e in phase.elements)]
        for ref in refs:
            datastore = ctx.find_datastore(ref) if isinstance(ref, str | Datastore) else None
            if datastore is not None:
                found.add(id(datastore))
    return found
