"""OWN002 cross-context-direct-read."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    billing = system.context("Billing")
    invoicer = billing.service("invoicer")
    orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
    bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
    system.flow(sales.service("order-api"), orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
'''


def test_reading_another_contexts_tables_is_reported_on_the_flow(rule_example):
    reviewed = rule_example("OWN002")
    [finding] = reviewed.of("OWN002")
    assert finding.severity == "warning"
    assert finding.element == "flow:invoicer → orders-db (query)"
    assert finding.line == reviewed.line_of('billing.service("invoicer")')
    assert finding.message == ("invoicer (Billing) reads orders-db of context Sales directly "
                               "over query instead of through the API or events of Sales")
    assert rule_example("OWN002", fixed=True).of("OWN002") == []


def test_reading_through_events_or_a_shared_database_passes(review_model):
    reviewed = review_model(MODEL + '''
system.flow(invoicer, bus, Mechanism.QUERY, access=Access.READ)
system.flow(orders_db, invoicer, Mechanism.CDC, via=bus)
''', "OWN002")
    assert reviewed.of("OWN002") == []
    shared = review_model(MODEL + '''
system.flow(invoicer, orders_db, Mechanism.QUERY)
system.pattern(SharedDatabase("reporting", datastore=orders_db))
''', "OWN002")
    assert shared.of("OWN002") == []
