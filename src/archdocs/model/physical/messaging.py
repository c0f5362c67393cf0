"""Messaging in its own terms: event contracts, the delivery contract of an asynchronous flow,
and the broker structures that carry them (Kafka topics and consumer groups; RabbitMQ
exchanges, bindings and queues).

A flow declares ``delivery=Delivery(...)`` and ``events=[EventContract(...)]``; a broker
datastore declares ``structures=[Topic(...), Queue(...), Exchange(...)]``. The review checks
the one against the other (a delivery's ``channel`` names a topic or queue of its broker).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import timedelta
from typing import Any, ClassVar

from archdocs.model.element import Element
from archdocs.model.location import SourceLocation, caller_location
from archdocs.model.patterns import Pattern
from archdocs.model.physical.common import (
    PhysicalError,
    Structure,
    format_period,
    format_size,
    parse_period,
    parse_size,
    positive,
)

if typing.TYPE_CHECKING:
    from archdocs.model.flow import Flow

# -- retention ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retention:
    """How long, or how much, a log or store keeps: ``Retention(time="7d")``,
    ``Retention(time="3d", size="50GB")`` (size per partition, as Kafka's ``retention.bytes``).
    Neither means kept forever."""

    time: str | timedelta | None = None
    size: str | int | None = None
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    def __post_init__(self) -> None:
        if self.time is not None:
            parse_period(self.time, what="retention time", location=self.declared_at)
        if self.size is not None:
            parse_size(self.size, what="retention size", location=self.declared_at)

    @property
    def period(self) -> timedelta | None:
        """The time limit, if any."""
        if self.time is None:
            return None
        return parse_period(self.time, what="retention time", location=self.declared_at)

    @property
    def bytes(self) -> int | None:
        """The size limit in bytes, if any."""
        if self.size is None:
            return None
        return parse_size(self.size, what="retention size", location=self.declared_at)

    @property
    def forever(self) -> bool:
        return self.time is None and self.size is None

    def __str__(self) -> str:
        parts = []
        if self.period is not None:
            parts.append(format_period(self.period))
        if self.bytes is not None:
            parts.append(f"{format_size(self.bytes)} per partition")
        return " or ".join(parts) if parts else "forever"


def as_retention(value: Retention | str | timedelta | None) -> Retention | None:
    """A retention from a :class:`Retention` or a bare duration (``"7d"``)."""
    if value is None or isinstance(value, Retention):
        return value
    return Retention(time=value)


# -- event contracts ----------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class EventContract:
    """The public contract of one event: its name, version, message key and payload schema.

    ``schema`` is a JSON Schema (a dict), a dataclass or a pydantic model (converted to JSON
    Schema). ``key`` names the payload field used as the message key (the ordering key).
    Bump ``version`` on a breaking change; ``archdocs diff`` reports a breaking change made
    without one (EVT006).
    """

    name: str
    _: KW_ONLY
    version: int = 1
    key: str | None = None
    schema: Mapping[str, Any] | type | None = None
    description: str = ""
    declared_at: SourceLocation = field(default_factory=caller_location)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise PhysicalError("an event contract has an empty name", location=self.declared_at,
                                hint="name the event as its consumers know it: 'OrderPlaced'")
        if self.version < 1:
            raise PhysicalError(f"event {self.name!r}: version must be 1 or more",
                                location=self.declared_at, hint="start at version=1")
        self._json_schema = json_schema_of(self.schema, where=self)
        if self.key is not None and self._json_schema:
            props = self._json_schema.get("properties", {})
            if isinstance(props, Mapping) and props and self.key not in props:
                raise PhysicalError(
                    f"event {self.name!r}: key {self.key!r} is not a field of its payload",
                    location=self.declared_at,
                    hint=f"name one of its fields: {', '.join(sorted(props))}")

    @property
    def json_schema(self) -> dict[str, Any]:
        """The payload schema as JSON Schema (empty when none is declared)."""
        return dict(self._json_schema)

    def __repr__(self) -> str:
        return f"<EventContract {self.name!r} v{self.version}>"

    def __hash__(self) -> int:
        return id(self)


_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"},
    bool: {"type": "boolean"}, bytes: {"type": "string", "contentEncoding": "base64"},
    _dt.datetime: {"type": "string", "format": "date-time"},
    _dt.date: {"type": "string", "format": "date"},
    _dt.time: {"type": "string", "format": "time"},
    _dt.timedelta: {"type": "string", "format": "duration"},
}


def json_schema_of(schema: Mapping[str, Any] | type | None, *, where: EventContract,
                   ) -> dict[str, Any]:
    """JSON Schema from a dict (kept as is), a pydantic model or a dataclass."""
    if schema is None:
        return {}
    if isinstance(schema, Mapping):
        return dict(schema)
    to_schema = getattr(schema, "model_json_schema", None)
    if callable(to_schema):
        result = to_schema()
        if isinstance(result, dict):
            return result
    if isinstance(schema, type) and dataclasses.is_dataclass(schema):
        return _dataclass_schema(schema, where)
    raise PhysicalError(
        f"event {where.name!r}: cannot read its schema from {schema!r}",
        location=where.declared_at,
        hint="give a JSON Schema dict, a dataclass or a pydantic model")


def _dataclass_schema(cls: type, where: EventContract) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for item in dataclasses.fields(cls):
        annotation = hints.get(item.name, Any)
        properties[item.name] = _type_schema(annotation, where)
        optional = _is_optional(annotation)
        has_default = item.default is not dataclasses.MISSING \
            or item.default_factory is not dataclasses.MISSING
        if not optional and not has_default:
            required.append(item.name)
    result: dict[str, Any] = {"type": "object", "title": cls.__name__,
                              "properties": properties, "additionalProperties": False}
    if required:
        result["required"] = required
    doc = (cls.__doc__ or "").strip()
    if doc and not doc.startswith(f"{cls.__name__}("):
        result["description"] = doc
    return result


def _is_optional(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def _type_schema(annotation: Any, where: EventContract) -> dict[str, Any]:
    if annotation in _SCALARS:
        return dict(_SCALARS[annotation])
    if annotation is Any:
        return {}
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {"enum": [member.value for member in annotation]}
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _dataclass_schema(annotation, where)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(arg, where) for arg in args if arg is not type(None)]
        nullable = type(None) in args
        if len(options) == 1 and not nullable:
            return options[0]
        return {"anyOf": options + ([{"type": "null"}] if nullable else [])}
    if origin in (list, tuple, set, frozenset, Sequence):
        item = args[0] if args else Any
        return {"type": "array", "items": _type_schema(item, where)}
    if origin in (dict, Mapping):
        value = args[1] if len(args) == 2 else Any
        return {"type": "object", "additionalProperties": _type_schema(value, where)}
    raise PhysicalError(
        f"event {where.name!r}: cannot turn the type {annotation!r} into JSON Schema",
        location=where.declared_at,
        hint="use str, int, float, bool, datetime, date, Enum, Literal, list, dict, Optional "
             "or a nested dataclass, or give a JSON Schema dict")


# -- delivery contract of a flow ----------------------------------------------------------------


class DeliveryGuarantee(enum.StrEnum):
    """What the pipeline promises about each message reaching the consumer."""

    AT_MOST_ONCE = "at-most-once"
    """Fire and forget: a message may be lost, never duplicated."""
    AT_LEAST_ONCE = "at-least-once"
    """Redelivered until acknowledged: never lost, may arrive twice."""
    EFFECTIVELY_ONCE = "effectively-once"
    """At least once, with duplicates removed (transactions or an idempotent consumer)."""

    @property
    def redelivers(self) -> bool:
        """Whether the consumer may see one message more than once."""
        return self is not DeliveryGuarantee.AT_MOST_ONCE


@dataclass(frozen=True)
class Retry:
    """How a consumer retries a message it failed to process before giving up on it."""

    attempts: int
    backoff: str | timedelta = "1s"
    max_backoff: str | timedelta | None = None
    exponential: bool = True
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    def __post_init__(self) -> None:
        if self.attempts < 0:
            raise PhysicalError(f"retry attempts must be 0 or more, not {self.attempts}",
                                location=self.declared_at, hint="write Retry(attempts=5)")
        parse_period(self.backoff, what="retry backoff", location=self.declared_at)
        if self.max_backoff is not None:
            parse_period(self.max_backoff, what="retry max_backoff", location=self.declared_at)

    def __str__(self) -> str:
        backoff = format_period(parse_period(self.backoff, what="backoff"))
        kind = "exponential" if self.exponential else "fixed"
        text = f"{self.attempts} attempts, {kind} backoff from {backoff}"
        if self.max_backoff is not None:
            text += f" up to {format_period(parse_period(self.max_backoff, what='backoff'))}"
        return text


@dataclass(frozen=True)
class DeadLetter:
    """Where a message goes after its last retry: a topic or queue (``channel``) on a broker
    (``via``, default the flow's own broker). ``discard=True`` says poison messages are
    dropped on purpose (logged and counted), which must be a stated decision."""

    channel: str | None = None
    _: KW_ONLY
    via: Element | str | None = None
    discard: bool = False
    reason: str = ""
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    def __post_init__(self) -> None:
        if self.channel is None and not self.discard:
            raise PhysicalError(
                "a dead-letter path names its topic or queue", location=self.declared_at,
                hint="write DeadLetter('orders.events.dlq'), or DeadLetter(discard=True, "
                     "reason='...') to drop poison messages on purpose")
        if self.discard and not self.reason.strip():
            raise PhysicalError(
                "dropping poison messages needs a reason", location=self.declared_at,
                hint="write DeadLetter(discard=True, reason='why losing them is acceptable')")

    def __str__(self) -> str:
        return "discarded (" + self.reason + ")" if self.discard else str(self.channel)


@dataclass(frozen=True)
class Delivery:
    """The delivery contract of an asynchronous flow.

    ``channel`` is the topic or queue the flow goes through (declared in its broker's
    ``structures``); ``ordering_key`` the payload field that keeps related messages in order
    (one partition per key); ``idempotency_key`` the field the consumer deduplicates on (or
    ``None`` when the consumer has no such guard; an :class:`~archdocs.model.Inbox` in the
    consumer's datastore counts as one); ``consumer_group`` the group the consumer reads in.
    """

    guarantee: DeliveryGuarantee
    _: KW_ONLY
    channel: str | None = None
    ordering_key: str | None = None
    idempotency_key: str | None = None
    consumer_group: str | None = None
    retry: Retry | None = None
    dead_letter: DeadLetter | str | None = None
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    @property
    def dead_letter_path(self) -> DeadLetter | None:
        """``dead_letter`` as a :class:`DeadLetter`."""
        if isinstance(self.dead_letter, str):
            return DeadLetter(self.dead_letter, declared_at=self.declared_at)
        return self.dead_letter

    @property
    def idempotent(self) -> bool:
        """Whether the flow itself declares a deduplication key."""
        return self.idempotency_key is not None


# -- broker structures --------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class ConsumerGroup:
    """A Kafka consumer group reading a topic: its id and the service that runs it."""

    name: str
    consumer: Element | str | None = None
    declared_at: SourceLocation = field(default_factory=caller_location)


@dataclass(eq=False, repr=False)
class Topic(Structure):
    """A topic of an event log (Kafka, Redpanda, Pulsar, Kinesis stream).

    ``key`` names the message-key field that picks the partition; ``compacted`` keeps the
    latest message per key instead of (or besides) expiring by ``retention``;
    ``replication_factor`` counts every copy (3 = leader + 2 followers). The volume figures
    (``messages_per_day`` on average, ``message_bytes`` on the wire, ``peak_per_second``)
    drive the projection: stored bytes = daily bytes × retention days × replication factor.
    """

    KIND: ClassVar[str] = "topic"
    TITLE: ClassVar[str] = "Topic"

    _: KW_ONLY
    partitions: int = 1
    key: str | None = None
    retention: Retention | str | timedelta | None = None
    compacted: bool = False
    replication_factor: int = 1
    min_insync_replicas: int | None = None
    consumer_groups: Sequence[ConsumerGroup | str] = ()
    events: Sequence[EventContract | str] = ()
    messages_per_day: float | None = None
    message_bytes: int | None = None
    peak_per_second: float | None = None
    growth_per_year: float = 0.0

    def __post_init__(self) -> None:
        super().__post_init__()
        self.retention = as_retention(self.retention)
        self.consumer_groups = tuple(
            g if isinstance(g, ConsumerGroup) else ConsumerGroup(g, declared_at=self.declared_at)
            for g in self.consumer_groups)
        self.events = tuple(self.events)
        positive(self, self.partitions, "partitions")
        positive(self, self.replication_factor, "replication_factor")
        positive(self, self.message_bytes, "message_bytes")
        if self.min_insync_replicas is not None and not \
                1 <= self.min_insync_replicas <= self.replication_factor:
            raise self.fail(
                f"min_insync_replicas={self.min_insync_replicas} with replication factor "
                f"{self.replication_factor}",
                "min.insync.replicas lies between 1 and the replication factor "
                "(commonly replication_factor - 1)")
        if self.retention is None and not self.compacted:
            raise self.fail(
                "no retention and not compacted: the log grows forever",
                "declare retention=Retention(time='7d') (or size=...), or compacted=True; "
                "for a log kept forever on purpose write retention=Retention()")

    @property
    def event_names(self) -> tuple[str, ...]:
        return tuple(e if isinstance(e, str) else e.name for e in self.events)

    @property
    def retained(self) -> Retention:
        """``retention`` as a :class:`Retention` (never ``None``)."""
        return self.retention if isinstance(self.retention, Retention) else Retention()


class ExchangeType(enum.StrEnum):
    DIRECT = "direct"
    TOPIC = "topic"
    FANOUT = "fanout"
    HEADERS = "headers"


@dataclass(frozen=True)
class Binding:
    """Routes messages of an exchange to ``queue`` when their routing key matches ``pattern``."""

    queue: str
    pattern: str = "#"


@dataclass(eq=False, repr=False)
class Exchange(Structure):
    """A RabbitMQ exchange and its bindings to queues."""

    KIND: ClassVar[str] = "exchange"
    TITLE: ClassVar[str] = "Exchange"

    _: KW_ONLY
    type: ExchangeType = ExchangeType.TOPIC
    durable: bool = True
    bindings: Sequence[Binding] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        self.bindings = tuple(self.bindings)


class QueueType(enum.StrEnum):
    CLASSIC = "classic"
    QUORUM = "quorum"
    STREAM = "stream"


@dataclass(eq=False, repr=False)
class Queue(Structure):
    """A message queue (RabbitMQ, SQS): consumed messages are gone, so it is not replayable.

    ``dead_letter_exchange`` (RabbitMQ ``x-dead-letter-exchange``) or ``dead_letter_queue``
    (SQS redrive) is where rejected and expired messages go.
    """

    KIND: ClassVar[str] = "queue"
    TITLE: ClassVar[str] = "Queue"

    _: KW_ONLY
    type: QueueType = QueueType.QUORUM
    durable: bool = True
    dead_letter_exchange: str | None = None
    dead_letter_queue: str | None = None
    message_ttl: str | timedelta | None = None
    max_length: int | None = None
    consumers: Sequence[Element | str] = ()
    events: Sequence[EventContract | str] = ()
    message_bytes: int | None = None
    peak_per_second: float | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.consumers = tuple(self.consumers)
        self.events = tuple(self.events)
        if self.message_ttl is not None:
            parse_period(self.message_ttl, what="message_ttl", location=self.declared_at)
        positive(self, self.max_length, "max_length")
        if self.type is QueueType.QUORUM and not self.durable:
            raise self.fail("a quorum queue is always durable",
                            "drop durable=False or use type=QueueType.CLASSIC")

    @property
    def dead_letter(self) -> str | None:
        return self.dead_letter_exchange or self.dead_letter_queue


# -- publishing patterns ------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class PublishAfterCommit(Pattern):
    """``flows`` are published by their service straight to the broker after its database
    transaction commits, with no outbox: a crash between the commit and the publish loses the
    event. Declaring it says so openly; EVT003 checks such flows promise no more than
    at-most-once (or are covered by a recovery job named in ``recovery``)."""

    flows: Sequence[Flow | str] = ()
    _: KW_ONLY
    recovery: str = ""
    """How lost events are made good (a nightly republish, a reconciliation job)."""

    def __post_init__(self) -> None:
        self.flows = tuple(self.flows)


def event_contracts(datastores: Iterable[Any], flows: Iterable[Any]) -> dict[str, EventContract]:
    """Every event contract by event name: first those declared on the topics and queues of
    ``datastores``, then those on ``flows``; the first declaration of a name wins."""
    found: dict[str, EventContract] = {}
    for datastore in datastores:
        for structure in datastore.structures:
            for event in getattr(structure, "events", ()):
                if isinstance(event, EventContract):
                    found.setdefault(event.name, event)
    for flow in flows:
        for contract in flow.contracts:
            found.setdefault(contract.name, contract)
    return found
