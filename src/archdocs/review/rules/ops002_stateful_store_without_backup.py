"""OPS002: a stateful store with no declared backup."""

from collections.abc import Iterator

from archdocs.perf.operations import REBUILDABLE_ROLES, is_stateful
from archdocs.review.dataflow import vestigial_datastores
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule

_ROLES = ", ".join(sorted(role.value for role in REBUILDABLE_ROLES))


@rule(
    "OPS002", "stateful-store-without-backup", Severity.WARNING, family="operations",
    why="Replication protects against a dead node, not against a bad migration, a dropped "
        "table or a compromised account: the mistake is replicated too. A store that holds "
        "data nothing else holds needs a backup with a retention period and a tested restore. "
        f"Stores whose role makes them rebuildable ({_ROLES}) are not reported, nor are stores "
        "INT004 reports as vestigial (no flow uses them): the fix for a dead store is to delete "
        "it, not to back it up. Once INT004 is suppressed on a store, it needs a backup again.",
    fix="Declare it: backup=Backup(schedule=\"daily\", retention=\"30 days\", "
        "point_in_time=True, tested_restore=\"quarterly\").",
)
def stateful_store_without_backup(ctx: ReviewContext) -> Iterator[Hit]:
    dead = {id(d) for d in vestigial_datastores(ctx)
            if not any(s.rule == "INT004" and s.target is None for s in d.suppressions)}
    for datastore in ctx.sys.datastores:
        if id(datastore) in dead:
            continue  # INT004 reports it: one finding, whose fix (delete it) settles both
        if datastore.backup is None and is_stateful(datastore):
            managed = " (managed: say which backup the provider keeps)" \
                if datastore.hosting.value == "managed" else ""
            yield Hit(
                datastore,
                f"{datastore.name} ({datastore.role.value}, {datastore.technology.name}) "
                f"declares no backup{managed}",
            )
