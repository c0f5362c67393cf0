"""Reference pages of the context-map rules (CTX), merged into ``tools/rule_pages.py``'s
PAGES: the same fields as its ``Page``."""

FAMILIES = {"context map": "Context map"}

_MODEL = '''
system = System("Shop")
catalog, ordering = system.context("Catalog"), system.context("Ordering")
bus = system.context("Platform").datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
system.flow(catalog.service("catalog-api"), ordering.service("order-api"),
            Mechanism.ASYNC_EVENT, via=bus, events=[{event}])
system.relationship(catalog, ordering, downstream_roles=[CF])
'''

_CONTRACT = '''
@dataclass
class PriceChangedPayload:
    variant_id: str
    price_minor: int


PRICE_CHANGED = EventContract("PriceChanged", version=1, key="variant_id",
                              schema=PriceChangedPayload)
'''

PAGES = {
    "CTX001": {
        "checks": """
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
        "example": _MODEL.format(event='"PriceChanged"'),
        "fixed": "from dataclasses import dataclass\n" + _CONTRACT + _MODEL.format(event="PRICE_CHANGED"),
        "suppress": """
ordering = system.context("Ordering", suppress=[
    suppress("CTX001", "Catalog's team reviews every event change with us until contracts exist")])
""",
    },
}
