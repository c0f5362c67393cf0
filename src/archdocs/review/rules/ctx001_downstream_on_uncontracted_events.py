"""CTX001: events without a contract reach a downstream that has no ACL, or leave a PL/OHS upstream.

A conformist (or any downstream without an anti-corruption layer) breaks when its upstream
changes an event's shape; only a declared contract lets ``archdocs diff`` see that (EVT006).
"""

from collections.abc import Iterator

from archdocs.model.context_map import ContextRole, flows_downstream
from archdocs.model.flow import Flow
from archdocs.model.physical.messaging import EventContract, event_contracts
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "CTX001", "downstream-on-uncontracted-events", Severity.WARNING, family="context map",
    why="A downstream context that takes its upstream's events without an anti-corruption "
        "layer (a conformist, or a plain downstream) breaks as soon as the upstream changes "
        "the shape of an event, and the upstream, which changes on its own schedule, has "
        "nothing that tells it or its consumers what the shape was. Only a declared contract "
        "(payload schema and version) lets `archdocs diff` catch a breaking change made "
        "without a new version (EVT006). An upstream that claims a published language (PL) "
        "or an open host service (OHS) promises exactly such contracts.",
    fix="Declare the events as EventContract(\"Name\", version=1, key=..., schema=Payload) "
        "and pass them in the flow's events= (or on the topic); or put an anti-corruption "
        "layer in the downstream (downstream_roles=[ACL]) that translates the upstream's "
        "events into its own model, and drop PL/OHS from an upstream that publishes no "
        "contracts.",
)
def downstream_on_uncontracted_events(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    contracts = event_contracts(system.datastores, system.flows)
    for relationship in system.relationships:
        if relationship.symmetric:
            continue
        exposed = not relationship.translates
        promised = any(role in relationship.upstream_roles for role in
                       (ContextRole.PUBLISHED_LANGUAGE, ContextRole.OPEN_HOST_SERVICE))
        if not exposed and not promised:
            continue
        missing: dict[str, Flow] = {}
        for flow in flows_downstream(system, relationship):
            for event in flow.events:
                name = event if isinstance(event, str) else event.name
                if not _contracted(contracts.get(name)):
                    missing.setdefault(name, flow)
        if not missing:
            continue
        upstream, downstream = relationship.upstream, relationship.downstream
        names = ", ".join(sorted(missing))
        roles = "/".join(r.value for r in relationship.upstream_roles)
        one = len(missing) == 1
        if exposed:
            stance = ("conforms to the events of" if relationship.conformist
                      else "takes the events of")
            guard = "" if relationship.conformist else " without an anti-corruption layer"
            message = (f"{downstream.name} {stance} {upstream.name}{guard} "
                       f"({relationship.title}), but {names} {'has' if one else 'have'} no "
                       f"contract (schema and version): a change to {'its' if one else 'their'}"
                       f" shape breaks {downstream.name} unnoticed")
        else:
            message = (f"{upstream.name} declares {roles} towards {downstream.name} "
                       f"({relationship.title}), but publishes {names} without a contract "
                       "(schema and version)")
        first = missing[sorted(missing)[0]]
        remedy = (f"give {downstream.name} an anti-corruption layer (ACL)" if exposed
                  else f"drop {roles} from {upstream.name}'s side")
        yield Hit(
            downstream, message, location=relationship.declared_at,
            hint=f"declare EventContract objects for {names} (flow {first.name} carries "
                 f"{'it' if one else 'them'}), or {remedy}",
        )


def _contracted(contract: EventContract | None) -> bool:
    """A contract a consumer can hold the producer to: declared, with a payload schema."""
    return contract is not None and bool(contract.json_schema)


DOC = RuleDoc(
    checks="""
- every upstream–downstream or customer–supplier relationship
  (`system.relationship(upstream, downstream, ...)`) whose downstream has no anti-corruption
  layer (`ACL`): a conformist (`CF`) or a plain downstream takes the upstream's events as they
  are;
- and every one whose upstream declares a published language (`PL`) or an open host
  service (`OHS`), whatever the downstream does;
- the events that flows from the upstream (its services and datastores) to the downstream
  carry: each needs an `EventContract` with a payload schema, on the flow or on the topic;
  an event named only by a string has none;
- partnerships and shared kernels are left out: both sides change the model together.
""",
    example="""
system = System("Shop")
catalog, ordering = system.context("Catalog"), system.context("Ordering")
bus = system.context("Platform").datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
system.flow(catalog.service("catalog-api"), ordering.service("order-api"),
            Mechanism.ASYNC_EVENT, via=bus, events=["PriceChanged"])
system.relationship(catalog, ordering, downstream_roles=[CF])
""",
    fixed="""from dataclasses import dataclass

@dataclass
class PriceChangedPayload:
    variant_id: str
    price_minor: int


PRICE_CHANGED = EventContract("PriceChanged", version=1, key="variant_id",
                              schema=PriceChangedPayload)

system = System("Shop")
catalog, ordering = system.context("Catalog"), system.context("Ordering")
bus = system.context("Platform").datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
system.flow(catalog.service("catalog-api"), ordering.service("order-api"),
            Mechanism.ASYNC_EVENT, via=bus, events=[PRICE_CHANGED])
system.relationship(catalog, ordering, downstream_roles=[CF])
""",
    suppress="""
ordering = system.context("Ordering", suppress=[
    suppress("CTX001", "Catalog's team reviews every event change with us until contracts exist")])
""",
)
