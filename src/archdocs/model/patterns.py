"""Architecture patterns, declared so the review can verify the model really follows them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING

from archdocs.model.element import Element

if TYPE_CHECKING:
    from archdocs.model.datastore import Datastore
    from archdocs.model.flow import Flow
    from archdocs.model.system import BoundedContext


@dataclass(frozen=True)
class Reference:
    """An element a pattern points at: ``field`` is the pattern's attribute (``read_models``),
    ``role`` how a reviewer says it (``read model``), ``kind`` the ``KIND`` the element must
    have (``datastore``, ``flow``, ``context``)."""

    field: str
    role: str
    target: Element | str
    kind: str


@dataclass(eq=False, repr=False)
class Pattern(Element):
    """Base of all patterns. ``name`` defaults to the pattern's type when built by a System."""

    KIND = "pattern"

    @property
    def pattern_type(self) -> str:
        return type(self).__name__

    def standalone_tables(self) -> Sequence[tuple[Datastore | str, str]]:
        """``(datastore, table)`` pairs that stand alone by design in this pattern: no foreign
        key is missing there, so SCH003 does not report them."""
        return ()

    def references(self) -> tuple[Reference, ...]:
        """Every element this pattern points at, in the order pages list them: the one list
        the review (INT002) and the pages read."""
        return ()


@dataclass(eq=False, repr=False)
class DatabasePerService(Pattern):
    """Each context's datastores are written only by that context's services.

    ``scope`` is a bounded context, or ``None`` for the whole system.
    """

    _: KW_ONLY
    scope: BoundedContext | str | None = None

    def references(self) -> tuple[Reference, ...]:
        return _scope(self.scope)


@dataclass(eq=False, repr=False)
class SharedDatabase(Pattern):
    """A datastore deliberately shared by several contexts (a known trade-off, stated openly)."""

    datastore: Datastore | str
    _: KW_ONLY
    scope: BoundedContext | str | None = None

    def references(self) -> tuple[Reference, ...]:
        return (*_scope(self.scope), Reference("datastore", "datastore", self.datastore,
                                               "datastore"))


@dataclass(eq=False, repr=False)
class CQRS(Pattern):
    """Writes go to ``write_store``; reads are served by ``read_models`` fed by ``projections``."""

    write_store: Datastore | str
    read_models: Sequence[Datastore | str]
    _: KW_ONLY
    projections: Sequence[Flow | str] = ()

    def references(self) -> tuple[Reference, ...]:
        return (
            Reference("write_store", "write store", self.write_store, "datastore"),
            *(Reference("read_models", "read model", r, "datastore") for r in self.read_models),
            *(Reference("projections", "projection flow", p, "flow") for p in self.projections),
        )


@dataclass(eq=False, repr=False)
class EventSourcing(Pattern):
    """State is the append-only ``event_store``; ``projections`` are datastores derived from it."""

    event_store: Datastore | str
    _: KW_ONLY
    projections: Sequence[Datastore | str] = ()

    def references(self) -> tuple[Reference, ...]:
        return (
            Reference("event_store", "event store", self.event_store, "datastore"),
            *(Reference("projections", "projection", p, "datastore") for p in self.projections),
        )


@dataclass(eq=False, repr=False)
class TransactionalOutbox(Pattern):
    """Events are written to ``table`` in ``datastore`` in the business transaction, then
    published by the ``relay`` flow."""

    datastore: Datastore | str
    table: str
    _: KW_ONLY
    relay: Flow | str | None = None

    def standalone_tables(self) -> Sequence[tuple[Datastore | str, str]]:
        return ((self.datastore, self.table),)

    def references(self) -> tuple[Reference, ...]:
        relay = () if self.relay is None else (
            Reference("relay", "relay flow", self.relay, "flow"),)
        return (Reference("datastore", "datastore", self.datastore, "datastore"), *relay)


@dataclass(eq=False, repr=False)
class Inbox(Pattern):
    """An inbox or idempotency-key table: ``table`` in ``datastore`` records each incoming
    message or request by its id (``key``), in the same transaction as its effect, so a
    redelivered message or a retried request is recognised and not applied twice.

    The table stands alone by design: it holds ids of messages, not rows of the domain."""

    datastore: Datastore | str
    table: str
    _: KW_ONLY
    key: str | None = None

    def standalone_tables(self) -> Sequence[tuple[Datastore | str, str]]:
        return ((self.datastore, self.table),)

    def references(self) -> tuple[Reference, ...]:
        return (Reference("datastore", "datastore", self.datastore, "datastore"),)


def _scope(scope: BoundedContext | str | None) -> tuple[Reference, ...]:
    return () if scope is None else (Reference("scope", "scope", scope, "context"),)
