"""Data flows: how data moves between services, datastores, contexts and external systems."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Table

from archdocs.model.element import Element
from archdocs.model.governance import Classified
from archdocs.model.physical.messaging import Delivery, EventContract
from archdocs.model.reliability import Reliability
from archdocs.model.validate import argument_error


class Mechanism(StrEnum):
    """How data gets from the source to the target."""

    SYNC_REQUEST = "sync-request"
    """A request the caller waits for (HTTP, gRPC)."""
    QUERY = "query"
    """A service reading or writing its datastore through a driver."""
    ASYNC_EVENT = "async-event"
    """An event published through a broker; the consumer processes it later."""
    CDC = "cdc"
    """Change data capture from a datastore's log (Debezium, logical replication)."""
    BATCH = "batch"
    """A scheduled batch or ETL job."""
    REPLICATION = "replication"
    """The datastore's own replication to another store."""
    CACHE_FILL = "cache-fill"
    """Read-through or write-through population of a cache."""

    @property
    def is_asynchronous(self) -> bool:
        """Whether the target sees the data after the source's write has returned."""
        return self in _ASYNCHRONOUS


_ASYNCHRONOUS = frozenset({Mechanism.ASYNC_EVENT, Mechanism.CDC, Mechanism.BATCH})


class Access(StrEnum):
    """What the source does to the target."""

    READ = "read"
    WRITE = "write"
    READ_WRITE = "read-write"

    @property
    def reads(self) -> bool:
        return self in (Access.READ, Access.READ_WRITE)

    @property
    def writes(self) -> bool:
        return self in (Access.WRITE, Access.READ_WRITE)


class ConsistencyLevel(StrEnum):
    STRONG = "strong"
    EVENTUAL = "eventual"


@dataclass(frozen=True)
class Consistency:
    """What a flow promises: strong, or eventual within a staleness budget."""

    level: ConsistencyLevel
    staleness: timedelta | None = None

    def __str__(self) -> str:
        if self.level is ConsistencyLevel.STRONG:
            return "strong"
        if self.staleness is None:
            return "eventual"
        return f"eventual (≤ {format_duration(self.staleness)})"


# Stands for "not declared" until Flow.__post_init__ picks the mechanism's default.
_UNDECLARED = Consistency(ConsistencyLevel.EVENTUAL, timedelta(0))


def strong() -> Consistency:
    """The reader always sees the latest committed write."""
    return Consistency(ConsistencyLevel.STRONG)


def eventual(staleness: str | timedelta | None = None) -> Consistency:
    """The reader may lag behind, by at most ``staleness`` (``"5s"``, ``"2m"``, ``"1h"``)."""
    if isinstance(staleness, str):
        staleness = parse_duration(staleness)
    return Consistency(ConsistencyLevel.EVENTUAL, staleness)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """``"500ms"``, ``"5s"``, ``"2m"``, ``"1h"`` or ``"1d"`` as a ``timedelta``."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"cannot read duration {text!r}: write it like '500ms', '5s', '2m', '1h'")
    return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])


def format_duration(value: timedelta) -> str:
    """The shortest exact form of a duration: ``500ms``, ``5s``, ``2m``, ``1h``."""
    seconds = value.total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{round(seconds * 1000)}ms"


def table_name_of(item: Any) -> str:
    """The table name of a mapped class, a ``Table`` or a string."""
    if isinstance(item, str):
        return item
    if isinstance(item, Table):
        return item.fullname
    table = getattr(item, "__table__", None)
    if isinstance(table, Table):
        return table.fullname
    raise TypeError(f"cannot tell which table {item!r} is: pass a mapped class, Table or name")


@dataclass(eq=False, repr=False)
class Flow(Element):
    """Data moving from ``source`` to ``target``.

    The arrow points from the element that starts the interaction to the one it reaches: a
    service writing its database is ``service → datastore``; change data capture out of a
    database is ``datastore → consumer``. ``access`` says whether the source reads, writes or
    both; when omitted it is ``read`` for queries and for flows out of a datastore, and
    ``write`` otherwise.

    ``source``, ``target`` and ``via`` may be elements or names; names are resolved when the
    model is checked, so a typo is reported as a finding instead of failing the import.
    """

    KIND = "flow"

    source: Element | str
    target: Element | str
    mechanism: Mechanism
    _: KW_ONLY
    access: Access | None = None
    carries: Sequence[Any] = ()
    """Tables carried: mapped classes, ``Table`` objects or names."""
    events: Sequence[str | EventContract] = ()
    """Named events carried (``OrderPlaced``). Passing :class:`EventContract` objects declares
    their payload schema, version and key too; ``events`` then keeps their names and
    ``contracts`` the contracts."""
    consistency: Consistency = field(default_factory=lambda: _UNDECLARED)
    """Left out, ``strong()`` for a query or a synchronous request answered directly (the
    caller reads what the owner has committed), ``eventual()`` otherwise."""
    per_second: float | None = None
    """Peak messages or requests per second."""
    via: Element | str | None = None
    """The broker an asynchronous event passes through."""
    classification: Sequence[Classified] = ()
    """Classified data it carries beyond its tables (event fields, claims, log lines)."""
    delivery: Delivery | None = None
    """The delivery contract of an asynchronous flow: guarantee, topic or queue, ordering
    key, idempotency key, retries and dead-letter path."""
    contracts: Sequence[EventContract] = ()
    """The contracts of the events it carries (filled from ``events``)."""
    reliability: Reliability | None = None
    """Acknowledgement mode and publisher confirms of an asynchronous flow."""
    derives: Mapping[str, Sequence[str] | str | Mapping[str, str]] = field(default_factory=dict)
    """Lineage of a flow into a datastore: each target table or structure and the carried
    tables it is built from (``{"fact_order_lines": ["orders", "order_lines"]}``), or, at
    column level, each of its columns and the SQL-like expression over ``table.column`` it is
    computed from (``{"fact_order_lines": {"order_id": "orders.id", "amount":
    "order_lines.price * order_lines.qty"}}``); the tables are then those the expressions
    name. Lineage follows it end to end; without it a flow feeds its target store as a whole.
    After construction ``derives`` holds the tables and ``derived_columns`` the columns."""
    derived_columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Column-level lineage (filled from ``derives``): target table → column → expression."""

    def __post_init__(self) -> None:
        super().__post_init__()
        for item in self.carries:
            try:
                table_name_of(item)
            except TypeError:
                raise argument_error(self, "carries", item, Table | str) from None
        self.carries = tuple(table_name_of(item) for item in self.carries)
        self.classification = tuple(self.classification)
        events: list[Any] = list(self.events)
        contracts = list(self.contracts)
        contracts.extend(e for e in events if isinstance(e, EventContract))
        self.contracts = tuple(contracts)
        self.events = tuple(e.name if isinstance(e, EventContract) else e for e in events)
        tables: dict[str, Sequence[str] | str | Mapping[str, str]] = {}
        columns = {made: dict(cols) for made, cols in dict(self.derived_columns).items()}
        for made, sources in dict(self.derives).items():
            if isinstance(sources, Mapping):
                columns[made] = {str(k): str(v) for k, v in sources.items()}
                tables[made] = tuple(dict.fromkeys(
                    t for expr in columns[made].values() for t, _ in column_references(expr)))
            else:
                tables[made] = (sources,) if isinstance(sources, str) else tuple(sources)
        self.derives = tables
        self.derived_columns = columns
        if self.consistency is _UNDECLARED:
            synchronous = self.mechanism in (Mechanism.QUERY, Mechanism.SYNC_REQUEST)
            self.consistency = strong() if synchronous and self.via is None else eventual()

    def contract(self, event: str) -> EventContract | None:
        """The declared contract of ``event``, or ``None``."""
        for contract in self.contracts:
            if contract.name == event:
                return contract
        return None

    @property
    def carried_tables(self) -> tuple[str, ...]:
        return tuple(self.carries)

    @property
    def payload(self) -> tuple[str, ...]:
        """What the flow carries, in short: its events, or else the names of its tables
        without their schema. Diagram labels and flow lists show this."""
        return tuple(e if isinstance(e, str) else e.name for e in self.events) or tuple(
            name.rpartition(".")[2] for name in self.carried_tables)

    @property
    def effective_access(self) -> Access:
        """``access`` as declared, or the default described on the class."""
        if self.access is not None:
            return self.access
        from archdocs.model.datastore import Datastore

        if self.mechanism is Mechanism.QUERY or isinstance(self.source, Datastore):
            return Access.READ
        return Access.WRITE

    @property
    def endpoint_names(self) -> tuple[str, str]:
        return (_name(self.source), _name(self.target))


_QUOTED = re.compile(r"'(?:[^']|'')*'")
_REFERENCE = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\.([A-Za-z_]\w*)(?![\w.(])")


def column_references(expression: str) -> list[tuple[str, str]]:
    """The ``[schema.]table.column`` references of a column-lineage expression, in order,
    once each (quoted literals and function names are skipped)."""
    found: dict[tuple[str, str], None] = {}
    for match in _REFERENCE.finditer(_QUOTED.sub("''", expression)):
        found[(match.group(1), match.group(2))] = None
    return list(found)


def _name(ref: Element | str) -> str:
    return ref if isinstance(ref, str) else str(getattr(ref, "name", ref))


def default_flow_name(source: Element | str, target: Element | str, mechanism: Mechanism) -> str:
    """``source → target (mechanism)``: the name of a flow declared without one."""
    # Called before the flow's arguments are checked: a wrong mechanism is reported there.
    return f"{_name(source)} → {_name(target)} ({getattr(mechanism, 'value', mechanism)})"
