"""EVT006: an event contract changed incompatibly without a new version (``archdocs diff``)."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "EVT006", "breaking-contract-change", Severity.ERROR, family="messaging",
    why="Producers and consumers of an event are deployed separately, and a topic keeps "
        "days of old messages. A payload field that disappears or changes type, a field "
        "that becomes required, or a new message key breaks every consumer still written "
        "for the old shape, and replaying history breaks the new ones, unless the version "
        "says which shape a message has.",
    fix="Raise the contract's version (EventContract(..., version=N+1)) and publish both "
        "versions, or on a new topic, while consumers move; or make the change compatible "
        "(add optional fields only).",
)
def breaking_contract_change(ctx: ReviewContext) -> Iterator[Hit]:
    """Needs two versions of the model: ``archdocs diff`` reports it (see
    :mod:`archdocs.diff.contracts`); a single review has nothing to compare."""
    return iter(())


DOC = RuleDoc(
    checks="""
`archdocs diff` (not `archdocs check`: it needs two versions of the model) compares every
`EventContract` of the head with the contract of the same name in the base. When the head's
`version` is not higher, these changes are reported, as an error finding introduced by the
change (so `--fail-on new-error` fails the build):

- a payload field removed (at any depth, inside arrays too);
- a field's JSON Schema `type` or `format` changed, or a value dropped from its `enum`;
- a field that becomes `required`;
- a different message `key`.

Adding an optional field, a description or a new event is compatible.
""",
    base="""
from dataclasses import dataclass


@dataclass
class OrderPlaced:
    order_id: str
    total_minor: int
    placed_at: datetime

CONTRACT = EventContract("OrderPlaced", version=1, key="order_id", schema=OrderPlaced)

system = System("Shop")
sales = system.context("Sales")
orders = sales.service("order-service")
shipping = sales.service("shipping-service")
bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
    Topic("orders.events", retention="7d", events=[CONTRACT])])
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=[CONTRACT])
""",
    example="""
from dataclasses import dataclass


@dataclass
class OrderPlaced:
    order_id: str
    placed_at: datetime

CONTRACT = EventContract("OrderPlaced", version=1, key="order_id", schema=OrderPlaced)

system = System("Shop")
sales = system.context("Sales")
orders = sales.service("order-service")
shipping = sales.service("shipping-service")
bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
    Topic("orders.events", retention="7d", events=[CONTRACT])])
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=[CONTRACT])
""",
    fixed="""
from dataclasses import dataclass


@dataclass
class OrderPlaced:
    order_id: str
    placed_at: datetime

CONTRACT = EventContract("OrderPlaced", version=2, key="order_id", schema=OrderPlaced)

system = System("Shop")
sales = system.context("Sales")
orders = sales.service("order-service")
shipping = sales.service("shipping-service")
bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
    Topic("orders.events", retention="7d", events=[CONTRACT])])
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=[CONTRACT])
""",
    suppress="""
# A diff finding is not suppressed in the model: raise the version, or accept the failing
# policy for this one pull request.
""",
    notes="""
Publish both versions (or the new one on a new topic) until every consumer reads version 2.
""",
)
