"""Where data can travel in a system: the flows as a directed graph of data movement.

A flow's arrow points from the element that starts the interaction, which is not always the
direction data moves: a service *reading* a datastore moves data from the datastore to the
service. The rules that ask "is this read model fed from the write side?" need the direction of
the data, which this module derives:

- a flow out of a datastore (CDC, replication, batch, cache fill) moves data source → target;
- a flow that writes moves data source → target, one that reads moves it target → source;
- an event through a broker (``via``) moves source → broker → target;
- data delivered to a bounded context reaches the services of that context.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.migration import MigrationStatus
from archdocs.model.system import BoundedContext

if TYPE_CHECKING:
    from archdocs.review.engine import ReviewContext


def data_edges(ctx: ReviewContext) -> dict[int, set[int]]:
    """Element id → ids of the elements data moves to directly. Unresolved ends are skipped."""
    system = ctx.sys
    edges: dict[int, set[int]] = {}

    def link(start: Element | None, end: Element | None) -> None:
        if start is not None and end is not None and start is not end:
            edges.setdefault(id(start), set()).add(id(end))

    for flow in system.flows:
        source, target, via = ctx.ends(flow)
        if via is not None:
            link(source, via)
            link(via, target)
        elif isinstance(source, Datastore):
            link(source, target)
        else:
            access = flow.effective_access
            if access.writes:
                link(source, target)
            if access.reads:
                link(target, source)
    for context in system.contexts:
        for service in context.services:
            link(context, service)
    return edges


def reachable(ctx: ReviewContext, starts: Iterable[Element]) -> set[int]:
    """Ids of every element data can reach from ``starts`` (the starts included)."""
    edges = data_edges(ctx)
    seen = {id(start) for start in starts}
    frontier = list(seen)
    while frontier:
        for following in edges.get(frontier.pop(), ()):
            if following not in seen:
                seen.add(following)
                frontier.append(following)
    return seen


def vestigial_datastores(ctx: ReviewContext) -> list[Datastore]:
    """Datastores that no flow reads or writes (INT004), except those a proposed or in-progress
    migration affects: they may not be wired up yet, or no longer."""
    planned = _in_active_migrations(ctx)
    return [datastore for datastore in ctx.sys.datastores
            if id(datastore) not in planned and not ctx.flows_touching(datastore)]


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


def context_name(context: BoundedContext | None) -> str:
    return context.name if context is not None else "no context"
