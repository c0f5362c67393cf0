"""CTX002: flows cross between two contexts that the declared context map does not relate.

Only once a system declares a context map (any relationship): a model without one is not
asked for it.
"""

from collections.abc import Iterator

from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.system import BoundedContext, ExternalSystem
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "CTX002", "flows-without-relationship", Severity.INFO, family="context map",
    why="A context map is read as the list of integrations and who adapts to whom. A pair of "
        "contexts that exchange data but are missing from it looks independent: nobody has "
        "said which side is upstream, whether the downstream conforms or translates, or who "
        "must be told before an event or an API changes. The map on the site draws such a "
        "pair as a grey dashed line.",
    fix="Declare the relationship: system.relationship(upstream, downstream, "
        "upstream_roles=[...], downstream_roles=[...]), or kind=PARTNERSHIP / SHARED_KERNEL "
        "when neither side is upstream.",
)
def flows_without_relationship(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    if not system.relationships:
        return
    related = {frozenset((id(r.upstream), id(r.downstream))) for r in system.relationships}
    pairs: dict[frozenset[int], tuple[Element, Element, list[Flow]]] = {}
    for source, target, flows in system.context_dependencies():
        if not all(isinstance(end, (BoundedContext, ExternalSystem)) for end in (source, target)):
            continue  # actors use the system; they are not on a context map
        pair = frozenset((id(source), id(target)))
        if pair not in related:
            pairs.setdefault(pair, (source, target, []))[2].extend(flows)
    for first_side, second_side, flows in pairs.values():
        # Reported on a context (a pair may be a context and an external system), at the
        # first flow by name: that is where the two meet in the model.
        element = first_side if isinstance(first_side, BoundedContext) else second_side
        other = second_side if element is first_side else first_side
        first = min(flows, key=lambda f: f.name)
        count = len(flows)
        yield Hit(
            element,
            f"{count} flow{'' if count == 1 else 's'} between {element.name} and {other.name} "
            f"(first: {first.name}) but the context map declares no relationship between them",
            location=first.declared_at,
            hint=f"declare system.relationship(upstream, downstream, ...) for {element.name} "
                 f"and {other.name}, with its kind and roles",
        )


DOC = RuleDoc(
    checks="""
- only in a system that declares a context map (at least one `system.relationship(...)`):
  a model without one is not asked for it;
- every pair of bounded contexts (or a context and an external system) that flows cross
  between, in either direction, through their services and datastores; actors are left out;
- reported once per pair, on the context, at the pair's first flow by name.
""",
    example="""
system = System("Shop")
catalog, ordering = system.context("Catalog"), system.context("Ordering")
billing = system.context("Billing")
orders, invoicer = ordering.service("order-api"), billing.service("invoicer")
system.flow(orders, catalog.service("catalog-api"), Mechanism.SYNC_REQUEST, name="re-price")
system.flow(orders, invoicer, Mechanism.SYNC_REQUEST, name="invoice")
system.relationship(catalog, ordering, upstream_roles=[OHS])
""",
    fixed="""
system = System("Shop")
catalog, ordering = system.context("Catalog"), system.context("Ordering")
billing = system.context("Billing")
orders, invoicer = ordering.service("order-api"), billing.service("invoicer")
system.flow(orders, catalog.service("catalog-api"), Mechanism.SYNC_REQUEST, name="re-price")
system.flow(orders, invoicer, Mechanism.SYNC_REQUEST, name="invoice")
system.relationship(catalog, ordering, upstream_roles=[OHS])
system.relationship(billing, ordering, kind=CUSTOMER_SUPPLIER)
""",
    suppress="""
billing = system.context("Billing", suppress=[
    suppress("CTX002", "the invoicing integration is being replaced; mapped after the move")])
""",
)
