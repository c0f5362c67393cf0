"""CTX002: once a system declares a context map, a pair of contexts whose flows cross without
a relationship is reported (once per pair, both directions counted)."""

MODEL = '''
    system = System("Shop")
    catalog, ordering = system.context("Catalog"), system.context("Ordering")
    billing = system.context("Billing")
    api, orders, invoicer = (catalog.service("catalog-api"), ordering.service("order-api"),
                             billing.service("invoicer"))
    system.flow(orders, api, Mechanism.SYNC_REQUEST, name="re-price")
    system.flow(orders, invoicer, Mechanism.SYNC_REQUEST, name="invoice")
    system.flow(invoicer, orders, Mechanism.SYNC_REQUEST, name="invoice status")
    system.flow(system.actor("Buyer"), orders, Mechanism.SYNC_REQUEST)
'''


def test_a_pair_with_flows_and_no_relationship_is_reported_once(review_model):
    reviewed = review_model(MODEL + "system.relationship(catalog, ordering)\n", "CTX002")
    [finding] = reviewed.of("CTX002")
    assert finding.element == "context:Billing"
    assert finding.message == ("2 flows between Billing and Ordering (first: invoice) but the "
                               "context map declares no relationship between them")
    assert finding.location.line == reviewed.line_of('name="invoice")')
    assert finding.severity.value == "info"


def test_declared_pairs_and_models_without_a_context_map_pass(review_model):
    mapped = review_model(MODEL + "system.relationship(catalog, ordering)\n"
                                  "system.relationship(ordering, billing, kind=PARTNERSHIP)\n",
                          "CTX002")
    assert mapped.of("CTX002") == []
    unmapped = review_model(MODEL, "CTX002")
    assert unmapped.of("CTX002") == []
