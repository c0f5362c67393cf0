"""The status line a page shows for an element an architecture migration in progress is
changing: ``Being migrated: Shard orders-db: phase 2 of 5, Build the cluster`` with a link to the
migration's page.

The model usually describes the system as it will be (the sharded store, the new ledger) while
the migration is still under way. Without this line a datastore or context page would present
that target as today's state; with it, the reader sees which phase the migration is in, whether
traffic has moved yet, and what the migration says the current state is.
"""

from __future__ import annotations

from archdocs.migrate.architecture import cutover_index, migration_elements
from archdocs.migrate.phases import before_cutover, is_under_way, progress
from archdocs.model.element import Element
from archdocs.model.migration import ArchitectureMigration
from archdocs.model.system import BoundedContext, System
from archdocs.pages import markdown as md
from archdocs.pages.page import SiteContext, relative_link


def _touched(system: System, migration: ArchitectureMigration, element: Element) -> bool:
    named = migration_elements(system, migration)
    if isinstance(element, BoundedContext):
        members = {id(element), *(id(e) for e in (*element.services, *element.datastores))}
        return any(id(e) in members for e in named)
    return any(e is element for e in named)


def migrations_under_way(system: System, element: Element) -> list[ArchitectureMigration]:
    """The migrations in progress that name ``element`` (for a context: it or any of its
    services and datastores), in declaration order."""
    return [m for m in system.migrations if is_under_way(m) and _touched(system, m, element)]


def migration_status(ctx: SiteContext, system: System, element: Element, page_path: str) -> str:
    """Markdown for the top of ``element``'s page: one quoted block per migration in progress
    that changes it, or "" when none does."""
    blocks = []
    for migration in migrations_under_way(system, element):
        target = relative_link(page_path, ctx.paths.migration(system, migration))
        lines = [f"**Being migrated:** {md.link(migration.name, target)}: "
                 f"{md.escape(progress(migration))}."]
        lines.append(_what_is_current(migration, element))
        blocks.append("\n>\n".join(f"> {line}" for line in lines) + "\n\n")
    return "".join(blocks)


def _what_is_current(migration: ArchitectureMigration, element: Element) -> str:
    what = "this context" if isinstance(element, BoundedContext) else "this page"
    cutover = cutover_index(migration)
    moved = before_cutover(migration)
    if moved is None or moved:
        when = (f"until the cutover (phase {cutover + 1}, {md.escape(migration.phases[cutover].name)})"
                if cutover is not None else "until the migration is done")
        return (f"Where {what} describes the migration's target, it is not in place yet: "
                f"{when}, the current state is the one before it: "
                f"*{md.escape(migration.from_state)}*")
    assert cutover is not None
    return (f"Traffic moved at the cutover (phase {cutover + 1}, "
            f"{md.escape(migration.phases[cutover].name)}); the old place is kept until the "
            "remaining phases are done.")
