"""Data locality: frequent reads that cross a context boundary synchronously to fetch data the
caller combines with its own, which a read model in the caller's context could hold."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from archdocs.model.datastore import Datastore
from archdocs.model.flow import Flow, Mechanism
from archdocs.model.notes import AccessPattern, Operation
from archdocs.model.system import BoundedContext, Service, System

FREQUENT_PER_SECOND = 10.0
"""From this peak frequency on, a synchronous cross-context call is worth replacing."""

_SYNCHRONOUS = frozenset({Mechanism.SYNC_REQUEST, Mechanism.QUERY})


@dataclass(frozen=True)
class RemoteJoin:
    """A pattern issued from another context over a synchronous flow."""

    pattern: AccessPattern
    datastore: Datastore
    issuer: Service
    issuer_context: BoundedContext
    owner_context: BoundedContext
    flow: Flow
    local_stores: tuple[Datastore, ...]


def remote_joins(system: System) -> Iterator[RemoteJoin]:
    """Frequent read patterns whose issuer sits in another context, reaches the datastore (or
    a service of its context) synchronously, and also reads a datastore of its own."""
    for datastore in system.datastores:
        owner = datastore.context
        if owner is None:
            continue
        for pattern in datastore.all_access_patterns():
            if pattern.operation is not Operation.READ or not pattern.issued_by:
                continue
            if (pattern.per_second or 0) < FREQUENT_PER_SECOND:
                continue
            issuer, flow = _issuer(system, pattern.issued_by, datastore)
            if issuer is None or issuer.context is None or issuer.context is owner:
                continue
            if flow is None:
                flow = _synchronous_path(system, issuer, datastore, owner)
            if flow is None:
                continue
            local = tuple(_local_reads(system, issuer))
            if not local:
                continue
            yield RemoteJoin(pattern, datastore, issuer, issuer.context, owner, flow, local)


def _issuer(
    system: System, issued_by: str, datastore: Datastore
) -> tuple[Service | None, Flow | None]:
    flow = system.find_flow(issued_by)
    if flow is not None:
        source = system.resolve(flow.source)
        if flow.mechanism in _SYNCHRONOUS and isinstance(source, Service):
            return source, flow
        return None, None
    element = system.resolve(issued_by)
    return (element, None) if isinstance(element, Service) else (None, None)


def _synchronous_path(
    system: System, issuer: Service, datastore: Datastore, owner: BoundedContext
) -> Flow | None:
    for flow in system.flows:
        if flow.mechanism not in _SYNCHRONOUS or system.resolve(flow.source) is not issuer:
            continue
        target = system.resolve(flow.target)
        if target is datastore:
            return flow
        if isinstance(target, Service) and target.context is owner:
            return flow
    return None


def _local_reads(system: System, issuer: Service) -> Iterator[Datastore]:
    seen: set[int] = set()
    for flow in system.flows:
        if system.resolve(flow.source) is not issuer or not flow.effective_access.reads:
            continue
        target = system.resolve(flow.target)
        if isinstance(target, Datastore) and target.context is issuer.context \
                and id(target) not in seen:
            seen.add(id(target))
            yield target
