"""CTX001: a conformist (or any downstream without an anti-corruption layer) that takes events
with no contract from its upstream, or a PL/OHS upstream publishing such events."""

MODEL = '''
    from dataclasses import dataclass


    @dataclass
    class PricePayload:
        variant_id: str
        price_minor: int


    PRICE_CHANGED = EventContract("PriceChanged", version=2, key="variant_id",
                                  schema=PricePayload)
    system = System("Shop")
    catalog, ordering = system.context("Catalog"), system.context("Ordering")
    bus = system.context("Platform").datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
    api, orders = catalog.service("catalog-api"), ordering.service("order-api")
'''


def _events(events: str) -> str:
    return (f"system.flow(api, orders, Mechanism.ASYNC_EVENT, via=bus, name='prices',\n"
            f"            events=[{events}])\n")


def test_a_conformist_on_events_without_a_contract_is_reported_at_the_relationship(
        review_model):
    reviewed = review_model(MODEL + _events('"PriceChanged", "ProductRemoved"')
                            + "system.relationship(catalog, ordering, downstream_roles=[CF])\n",
                            "CTX001")
    [finding] = reviewed.of("CTX001")
    assert finding.element == "context:Ordering"
    assert finding.message == (
        "Ordering conforms to the events of Catalog (Catalog [U] \u2192 [D,CF] Ordering), but "
        "PriceChanged, ProductRemoved have no contract (schema and version): a change to their "
        "shape breaks Ordering unnoticed")
    assert finding.location.line == reviewed.line_of("system.relationship(")
    assert "declare EventContract objects for PriceChanged, ProductRemoved" in finding.hint
    assert "anti-corruption layer (ACL)" in finding.hint


def test_a_plain_downstream_without_acl_is_reported_too(review_model):
    reviewed = review_model(MODEL + _events('"ProductRemoved"')
                            + "system.relationship(catalog, ordering)\n", "CTX001")
    [message] = reviewed.messages("CTX001")
    assert message.startswith("Ordering takes the events of Catalog without an "
                              "anti-corruption layer")
    assert "ProductRemoved has no contract" in message


def test_an_upstream_promising_a_published_language_must_publish_contracts(review_model):
    reviewed = review_model(MODEL + _events('"ProductRemoved"')
                            + "system.relationship(catalog, ordering, upstream_roles=[OHS, PL],"
                              " downstream_roles=[ACL])\n", "CTX001")
    [message] = reviewed.messages("CTX001")
    assert message == ("Catalog declares OHS/PL towards Ordering (Catalog [U,OHS,PL] \u2192 "
                       "[D,ACL] Ordering), but publishes ProductRemoved without a contract "
                       "(schema and version)")


def test_contracted_events_an_acl_or_a_partnership_pass(review_model):
    contracted = review_model(MODEL + _events("PRICE_CHANGED")
                              + "system.relationship(catalog, ordering, upstream_roles=[PL], "
                                "downstream_roles=[CF])\n", "CTX001")
    assert contracted.of("CTX001") == []
    translated = review_model(MODEL + _events('"ProductRemoved"')
                              + "system.relationship(catalog, ordering, "
                                "downstream_roles=[ACL])\n", "CTX001")
    assert translated.of("CTX001") == []
    partners = review_model(MODEL + _events('"ProductRemoved"')
                            + "system.relationship(catalog, ordering, kind=PARTNERSHIP)\n",
                            "CTX001")
    assert partners.of("CTX001") == []


def test_only_events_from_upstream_to_downstream_count(review_model):
    # Ordering sends Catalog an uncontracted event: that is not the upstream's language.
    reviewed = review_model(
        MODEL + "system.flow(orders, api, Mechanism.ASYNC_EVENT, via=bus, "
                "events=['OrderPlaced'])\n"
        + "system.relationship(catalog, ordering, downstream_roles=[CF])\n", "CTX001")
    assert reviewed.of("CTX001") == []


def test_a_contract_declared_on_the_topic_counts(review_model):
    reviewed = review_model(MODEL.replace(
        'role=Role.BROKER)',
        'role=Role.BROKER,\n        structures=[Topic("prices", retention="7d", events=[PRICE_CHANGED])])')
        + _events('"PriceChanged"')
        + "system.relationship(catalog, ordering, downstream_roles=[CF])\n", "CTX001")
    assert reviewed.of("CTX001") == []


def test_suppressed_on_the_downstream_context(review_model):
    reviewed = review_model(
        MODEL.replace('system.context("Ordering")',
                      'system.context("Ordering", suppress=[suppress("CTX001", "agreed")])')
        + _events('"ProductRemoved"')
        + "system.relationship(catalog, ordering, downstream_roles=[CF])\n", "CTX001")
    assert reviewed.of("CTX001") == []
    assert [s.finding.rule for s in reviewed.report.suppressed] == ["CTX001"]
