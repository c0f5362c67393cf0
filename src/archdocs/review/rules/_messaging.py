"""What the messaging rules share: the broker of a flow, its consumer, and who publishes what
through a transactional outbox."""

from __future__ import annotations

from collections.abc import Iterator

from archdocs.model.datastore import Datastore, Role
from archdocs.model.flow import Flow, Mechanism
from archdocs.model.patterns import Inbox, TransactionalOutbox
from archdocs.model.system import Service
from archdocs.model.technology import Kind
from archdocs.review.engine import ReviewContext


def is_broker(datastore: Datastore | None) -> bool:
    """A datastore that carries messages: role broker, or an event-log technology."""
    return datastore is not None and (
        datastore.role is Role.BROKER or datastore.technology.kind is Kind.EVENT_LOG)


def broker_of(ctx: ReviewContext, flow: Flow) -> Datastore | None:
    """The broker a flow passes through (``via``), or that it starts or ends at."""
    for end in (flow.via, flow.target, flow.source):
        datastore = ctx.find_datastore(end) if end is not None else None
        if isinstance(ctx.resolve(end), Datastore) and is_broker(datastore):
            return datastore
    return None


def event_names(flow: Flow) -> list[str]:
    """The names of the events ``flow`` carries. ``Flow.__post_init__`` already keeps only
    names there (contracts go to ``contracts``); the field's type still admits contracts."""
    return [e if isinstance(e, str) else e.name for e in flow.events]


def consumed_flows(ctx: ReviewContext) -> Iterator[tuple[Flow, Service]]:
    """Asynchronous flows delivered to a consuming service, with the service."""
    for flow in ctx.sys.flows:
        if flow.mechanism not in (Mechanism.ASYNC_EVENT, Mechanism.CDC):
            continue
        target = ctx.resolve(flow.target)
        if isinstance(target, Service) and broker_of(ctx, flow) is not None:
            yield flow, target


def has_inbox(ctx: ReviewContext, service: Service) -> Inbox | None:
    """An :class:`Inbox` in a datastore ``service`` writes: it deduplicates what it consumes."""
    written = {id(d) for d in ctx.sys.datastores
               if any(who is service for who, _ in ctx.sys.writers(d))}
    for pattern in ctx.sys.patterns:
        if isinstance(pattern, Inbox):
            datastore = ctx.find_datastore(pattern.datastore)
            if datastore is not None and id(datastore) in written:
                return pattern
    return None


def outbox_relays(ctx: ReviewContext) -> list[Flow]:
    """Relay flows of declared outboxes, and CDC flows out of an event store (its own
    outbox): what they publish was committed first."""
    relays = []
    for pattern in ctx.sys.patterns:
        if isinstance(pattern, TransactionalOutbox) and pattern.relay is not None:
            relay = ctx.find_flow(pattern.relay)
            if relay is not None:
                relays.append(relay)
    for flow in ctx.sys.flows:
        source = ctx.resolve(flow.source)
        if flow.mechanism is Mechanism.CDC and isinstance(source, Datastore) \
                and source.role is Role.EVENT_STORE and flow not in relays:
            relays.append(flow)
    return relays
