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

_PAIRS = '''
system = System("Shop")
catalog, ordering = system.context("Catalog"), system.context("Ordering")
billing = system.context("Billing")
orders, invoicer = ordering.service("order-api"), billing.service("invoicer")
system.flow(orders, catalog.service("catalog-api"), Mechanism.SYNC_REQUEST, name="re-price")
system.flow(orders, invoicer, Mechanism.SYNC_REQUEST, name="invoice")
system.relationship(catalog, ordering, upstream_roles=[OHS])
'''

PAGES["CTX002"] = {
    "checks": """
- only in a system that declares a context map (at least one `system.relationship(...)`):
  a model without one is not asked for it;
- every pair of bounded contexts (or a context and an external system) that flows cross
  between, in either direction, through their services and datastores; actors are left out;
- reported once per pair, on the context, at the pair's first flow by name.
""",
    "example": _PAIRS,
    "fixed": _PAIRS + "system.relationship(billing, ordering, kind=CUSTOMER_SUPPLIER)\n",
    "suppress": """
billing = system.context("Billing", suppress=[
    suppress("CTX002", "the invoicing integration is being replaced; mapped after the move")])
""",
}
