"""What the governance, resilience and access rules share: where classified data is held, the
flows that copy it into another datastore, and which datastores can fail over."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from archdocs.model.datastore import Datastore, Hosting
from archdocs.model.flow import Flow
from archdocs.model.governance import Classification, Classified, classifications_in, parse_period
from archdocs.model.system import Service

if TYPE_CHECKING:
    from archdocs.model.element import Element
    from archdocs.review.engine import ReviewContext


@dataclass(frozen=True)
class Holding:
    """Classified data held in a datastore: ``target`` is ``None`` (the whole store or its
    documents), a table or ``table.column``."""

    datastore: Datastore
    target: str | None
    classified: Classified

    @property
    def where(self) -> str:
        fields = f" (fields {', '.join(self.classified.fields)})" if self.classified.fields \
            else ""
        return f"{self.datastore.name}.{self.target}" if self.target \
            else f"{self.datastore.name}{fields}"


def holdings(datastore: Datastore, tables: tuple[str, ...] | None = None) -> list[Holding]:
    """Every classification declared on the datastore, its tables and columns; only those of
    ``tables`` (and the store-wide ones) when given."""
    found = [Holding(datastore, None, c) for c in datastore.classification]
    named = None if tables is None else {
        id(table) for name in tables if (table := datastore.table(name)) is not None}
    for table in datastore.tables:
        if named is not None and id(table) not in named:
            continue
        found.extend(Holding(datastore, table.fullname, c) for c in classifications_in(table.info))
        for column in table.columns:
            classified = classifications_in(column.info)
            if classified:  # most columns are not classified: no generator made for them
                found.extend(Holding(datastore, f"{table.fullname}.{column.name}", c)
                             for c in classified)
    return found


def readable_holdings(ctx: ReviewContext, kind: Classification) -> Iterator[Holding]:
    """The holdings of ``kind`` in the system's datastores whose declared protection leaves
    the data readable (no protection that makes it unreadable)."""
    for datastore in ctx.sys.datastores:
        for holding in ctx.holdings(datastore):
            if holding.classified.kind is kind and \
                    not any(p.unreadable for p in holding.classified.protection):
                yield holding


@dataclass(frozen=True)
class Copy:
    """A flow that puts data into ``target``: what it carries that is classified, and from
    where (``origin`` is ``None`` for data declared on the flow itself)."""

    flow: Flow
    source: Element
    target: Datastore
    carried: tuple[Holding | Classified, ...]


def copies(ctx: ReviewContext) -> Iterator[Copy]:
    """Flows that write classified data into a datastore, in declaration order."""
    system = ctx.sys
    for flow in system.flows:
        source, target, via = ctx.ends(flow)
        if source is None:
            continue
        into: list[Datastore] = []
        if isinstance(target, Datastore) and (
                isinstance(source, Datastore) or flow.effective_access.writes):
            into.append(target)
        if isinstance(via, Datastore):
            into.append(via)
        for store in into:
            carried: list[Holding | Classified] = list(flow.classification)
            if flow.carried_tables:
                if isinstance(source, Datastore):
                    origin: Datastore | None = source
                else:
                    holders = {id(d) for t in flow.carried_tables
                               for d in ctx.datastores_holding(t)}
                    origin = next((d for d in system.datastores
                                   if d is not store and id(d) in holders), None)
                if origin is not None and origin is not store:
                    carried.extend(holdings(origin, flow.carried_tables))
            if carried:
                yield Copy(flow, source, store, tuple(carried))


def classified_of(item: Holding | Classified) -> Classified:
    return item.classified if isinstance(item, Holding) else item


def origin_text(item: Holding | Classified, flow: Flow) -> str:
    if isinstance(item, Holding):
        return f"from {item.where}"
    return f"in its fields {', '.join(item.fields)}" if item.fields else "declared on the flow"


def held_kind(datastore: Datastore, kind: Classification) -> list[Classified]:
    """What ``datastore`` declares about ``kind`` anywhere in it."""
    return [h.classified for h in holdings(datastore) if h.classified.kind is kind]


def period(text: str | None) -> timedelta | None:
    """``text`` as a period, or ``None`` when absent or not a period (free text)."""
    if text is None:
        return None
    try:
        return parse_period(text)
    except ValueError:
        return None


def region_of(datastore: Datastore) -> str | None:
    if datastore.region:
        return datastore.region
    return datastore.server.region if datastore.server is not None else None


def failover(datastore: Datastore) -> str | None:
    """How the datastore survives losing its node, or ``None`` when it does not."""
    if datastore.high_availability:
        return datastore.high_availability
    server = datastore.server
    if server is not None and server.high_availability:
        return server.high_availability
    if server is not None and server.replicas > 0:
        return f"{server.replicas} replica(s) of server {server.name}"
    replication = datastore.scaling.replication
    if replication is not None and replication.replicas > 0:
        return f"{replication.replicas} {replication.mode.value} replica(s)"
    if datastore.hosting is Hosting.EMBEDDED:
        return None
    return None


def services_named(ctx: ReviewContext, names: tuple[str, ...]) -> list[Service]:
    found = []
    for name in names:
        element = ctx.resolve(name)
        if isinstance(element, Service):
            found.append(element)
    return found
