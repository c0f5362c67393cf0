"""EVT001–EVT005: delivery contracts of asynchronous flows checked against their consumers,
their brokers and how they are published."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    orders = sales.service("order-service")
    shipping = sales.service("shipping-service")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"))
    ship_db = sales.datastore("shipping-db", tech.PostgreSQL("16"))
    bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER, structures=[
        Topic("orders.events", partitions=6, key="order_id", retention="7d",
              replication_factor=3),
        Topic("shipping.dlq", retention="14d", replication_factor=3)])
    system.flow(orders, db, Mechanism.QUERY, access=Access.READ_WRITE)
    system.flow(shipping, ship_db, Mechanism.QUERY, access=Access.READ_WRITE)
'''


def _consumer(delivery: str) -> str:
    return f'''
system.flow(orders, shipping, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            name="orders to shipping", delivery={delivery})
'''


def test_at_least_once_into_a_consumer_without_idempotency_is_reported(rule_example):
    reviewed = rule_example("EVT001")
    [finding] = reviewed.of("EVT001")
    assert finding.message == (
        "orders to shipping: at-least-once delivery into shipping-service, which declares no "
        "idempotency key and no inbox: a redelivered message is applied twice")
    assert finding.location.line == reviewed.line_of("delivery=Delivery")


def test_an_idempotency_key_or_an_inbox_satisfies_evt001(rule_example, review_model):
    assert rule_example("EVT001", fixed=True).of("EVT001") == []
    inbox = review_model(MODEL + _consumer(
        'Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events")') + '''
system.pattern(Inbox("shipping inbox", datastore=ship_db, table="inbox", key="event_id"))
''', "EVT001")
    assert inbox.of("EVT001") == []


def test_a_misspelt_topic_is_reported_and_the_declared_name_passes(rule_example):
    assert rule_example("EVT002").messages("EVT002") == [
        "orders to shipping: topic or queue 'order.events' is not declared on bus (it "
        "declares orders.events, shipping.dlq)"]
    assert rule_example("EVT002", fixed=True).of("EVT002") == []


def test_an_undeclared_topic_or_dead_letter_topic_is_reported(review_model):
    reviewed = review_model(MODEL + _consumer(
        'Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="order.events", '
        'dead_letter="shipping-dlq")'), "EVT002")
    assert sorted(reviewed.messages("EVT002"), reverse=True) == [
        "orders to shipping: topic or queue 'order.events' is not declared on bus (it "
        "declares orders.events, shipping.dlq)",
        "orders to shipping: dead-letter channel 'shipping-dlq' is not declared on bus (it "
        "declares orders.events, shipping.dlq)",
    ]
    fine = review_model(MODEL + _consumer(
        'Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events", '
        'dead_letter="shipping.dlq")'), "EVT002")
    assert fine.of("EVT002") == []


def test_publish_after_commit_promising_at_least_once_is_reported(rule_example,
                                                                  review_model):
    assert rule_example("EVT003").messages("EVT003") == [
        "orders to shipping: order-service commits to its database and publishes OrderPlaced "
        "with no outbox or CDC relay, yet the flow promises at-least-once"]
    declared = review_model(MODEL + _consumer(
        'Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events")') + '''
system.pattern(PublishAfterCommit("after commit", ["orders to shipping"]))
''', "EVT003")
    assert "declared publish-after-commit (after commit) yet promises at-least-once" in \
        declared.messages("EVT003")[0]


def test_an_outbox_relay_or_an_honest_at_most_once_passes_evt003(rule_example, review_model):
    assert rule_example("EVT003", fixed=True).of("EVT003") == []
    honest = review_model(MODEL + _consumer(
        'Delivery(DeliveryGuarantee.AT_MOST_ONCE, channel="orders.events")') + '''
system.pattern(PublishAfterCommit("after commit", ["orders to shipping"],
                                  recovery="nightly republish"))
''', "EVT003")
    assert honest.of("EVT003") == []


def test_an_outbox_relay_that_does_not_reach_a_broker_is_reported(rule_example, review_model,
                                                                 example_model):
    assert rule_example("EVT004").messages("EVT004") == [
        "outbox orders outbox: relay flow relay ends at shipping-db, not at a broker, so its "
        "events never reach the consumers"]
    assert rule_example("EVT004", fixed=True).of("EVT004") == []
    # The suppression the page shows silences it, with its reason.
    suppressed = review_model(example_model("EVT004", (
        "relay=relay))", 'relay=relay, suppressions=[suppress("EVT004", "until Kafka")]))')),
        "EVT004")
    assert suppressed.of("EVT004") == []
    assert [s.reason for s in suppressed.report.suppressed] == ["until Kafka"]


def test_a_consumer_without_dead_letter_path_is_reported(rule_example, review_model):
    assert rule_example("EVT005", fixed=True).of("EVT005") == []
    assert rule_example("EVT005").messages("EVT005") == [
        "orders to shipping: shipping-service consumes with no dead-letter path: a message "
        "it cannot process blocks or disappears"]
    for dead in ('"shipping.dlq"', 'DeadLetter(discard=True, reason="views are cheap")'):
        fine = review_model(MODEL + _consumer(
            f'Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events", '
            f'dead_letter={dead})'), "EVT005")
        assert fine.of("EVT005") == []


def test_a_removed_field_without_a_new_version_is_reported_against_the_base(rule_example,
                                                                             review_model,
                                                                             example_model):
    reviewed = rule_example("EVT006")
    [finding] = reviewed.of("EVT006")
    assert finding.message == (
        "event OrderPlaced changed incompatibly (field total_minor removed) but keeps version "
        "1: consumers written for version 1 break")
    assert finding.line == reviewed.line_of("CONTRACT = EventContract(")
    # Version 2 states the break: archdocs diff passes it.
    assert rule_example("EVT006", fixed=True).of("EVT006") == []
    # A single review has nothing to compare: archdocs check never reports it.
    assert review_model(example_model("EVT006"), "EVT006").of("EVT006") == []
