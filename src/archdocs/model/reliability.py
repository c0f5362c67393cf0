"""How messages are acknowledged and confirmed, and how a write keeps an invariant under
concurrency: what the delivery contract (:class:`~archdocs.model.Delivery`) does not say.

On an asynchronous flow::

    system.flow(basket, ordering, Mechanism.ASYNC_EVENT, via=bus, events=["CheckoutAccepted"],
                delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, ...),
                reliability=Reliability(ack=AckMode.AFTER_HANDLING, publisher_confirms=True))

On a write access pattern that must keep an invariant::

    AccessPattern("reserve stock", table="stock", operation=Operation.WRITE,
                  equals=["sku"], invariant="quantity never below zero",
                  concurrency=conditional_update("quantity >= :requested"))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from archdocs.model.location import SourceLocation, caller_location


class AckMode(StrEnum):
    """When the consumer tells the broker a message is done."""

    AUTO = "auto"
    """The broker forgets the message once sent (RabbitMQ ``autoAck=true``, Kafka
    ``enable.auto.commit`` on a timer): a crash in the handler loses it."""
    BEFORE_HANDLING = "before-handling"
    """Acknowledged (or the offset committed) before the handler runs: same loss."""
    AFTER_HANDLING = "after-handling"
    """Acknowledged after the handler's transaction commits: redelivered after a crash."""

    @property
    def loses_on_failure(self) -> bool:
        return self is not AckMode.AFTER_HANDLING


@dataclass(frozen=True)
class Reliability:
    """Acknowledgement and publishing of an asynchronous flow.

    ``publisher_confirms`` says whether the publisher waits for the broker to confirm each
    message (RabbitMQ publisher confirms, Kafka ``acks=all``); ``None`` means the broker's
    default (off in RabbitMQ, ``acks=all`` in Kafka since 3.0).
    """

    ack: AckMode | None = None
    publisher_confirms: bool | None = None
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)


class Concurrency(StrEnum):
    """How concurrent writers are kept from breaking an invariant."""

    OPTIMISTIC_VERSION = "optimistic-version"
    """A version column compared and incremented in the UPDATE (compare-and-set)."""
    CONDITIONAL_UPDATE = "conditional-update"
    """The invariant is in the UPDATE's WHERE (``SET qty = qty - 1 WHERE qty >= 1``)."""
    RESERVATION = "reservation"
    """A reservation row is inserted under a unique or check constraint before acting."""
    CONSTRAINT = "constraint"
    """A check or unique constraint (``condition`` names it) rejects the write that would
    break the invariant; the losing writer gets an error and retries or gives up."""
    PESSIMISTIC_LOCK = "pessimistic-lock"
    """``SELECT … FOR UPDATE`` (or an application lock) around read and write."""
    SERIALIZABLE = "serializable"
    """The transaction runs at SERIALIZABLE isolation and retries on conflict."""


@dataclass(frozen=True)
class ConcurrencyControl:
    """The concurrency control of a write access pattern; ``column`` is the version column
    (optimistic), ``table`` the reservation table, ``condition`` the guarding predicate."""

    kind: Concurrency
    column: str | None = None
    table: str | None = None
    condition: str | None = None

    def __str__(self) -> str:
        detail = self.column or self.table or self.condition
        return f"{self.kind.value} ({detail})" if detail else self.kind.value


def optimistic(version_column: str) -> ConcurrencyControl:
    return ConcurrencyControl(Concurrency.OPTIMISTIC_VERSION, column=version_column)


def conditional_update(condition: str) -> ConcurrencyControl:
    return ConcurrencyControl(Concurrency.CONDITIONAL_UPDATE, condition=condition)


def reservation(table: str) -> ConcurrencyControl:
    return ConcurrencyControl(Concurrency.RESERVATION, table=table)


def constraint(name: str) -> ConcurrencyControl:
    """Kept by the check or unique constraint called ``name`` on the written table."""
    return ConcurrencyControl(Concurrency.CONSTRAINT, condition=name)
