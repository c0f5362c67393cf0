"""OWN001 written-by-another-context."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    billing = system.context("Billing")
    api = sales.service("order-api")
    invoicer = billing.service("invoicer")
    orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
    system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
    system.flow(invoicer, orders_db, Mechanism.QUERY, access=Access.WRITE)  # foreign write
    system.pattern(DatabasePerService("database per service"{scope}))
'''


def test_a_second_context_writing_a_store_is_reported_at_the_flow(rule_example):
    reviewed = rule_example("OWN001")
    [finding] = reviewed.of("OWN001")
    assert finding.element == "datastore:orders-db"
    assert finding.line == reviewed.line_of('billing.service("invoicer")')
    assert "orders-db belongs to Sales but is written by invoicer of Billing" in finding.message
    assert "2 contexts (Billing, Sales)" in finding.message
    assert rule_example("OWN001", fixed=True).of("OWN001") == []


def test_a_context_scope_covers_writes_into_and_out_of_the_context(review_model):
    reviewed = review_model(MODEL.format(scope=', scope="Billing"'), "OWN001")
    assert len(reviewed.of("OWN001")) == 1


def test_without_the_pattern_or_with_a_shared_database_it_passes(review_model):
    no_pattern = MODEL.format(scope="").replace("system.pattern(DatabasePerService", "(print")
    assert review_model(no_pattern, "OWN001").of("OWN001") == []
    shared = MODEL.format(scope="") + \
        'system.pattern(SharedDatabase("orders shared", datastore=orders_db))\n'
    assert review_model(shared, "OWN001").of("OWN001") == []


def test_publishing_through_a_broker_is_not_a_write(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        billing = system.context("Billing")
        platform = system.context("Platform")
        bus = platform.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
        system.flow(sales.service("order-api"), billing, Mechanism.ASYNC_EVENT, via=bus)
        system.pattern(DatabasePerService("dbps"))
    ''', "OWN001")
    assert reviewed.of("OWN001") == []
