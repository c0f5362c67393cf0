"""INT004 vestigial-datastore."""


def test_a_datastore_no_flow_touches_is_reported(rule_example):
    [finding] = rule_example("INT004").of("INT004")
    assert finding.element == "datastore:old-cache"
    assert finding.message == "cache old-cache (Memcached 1.6) is read and written by no flow"


def test_a_datastore_a_flow_fills_passes(rule_example):
    assert rule_example("INT004", fixed=True).of("INT004") == []


def test_a_broker_used_only_as_via_is_not_vestigial(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        api = sales.service("order-api")
        billing = system.context("Billing").service("invoicer")
        bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
        system.flow(api, billing, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"])
    ''', "INT004")
    assert reviewed.of("INT004") == []


def test_a_store_an_active_migration_introduces_is_not_vestigial(review_model):
    source = '''
        system = System("Shop")
        sales = system.context("Sales")
        new_db = sales.datastore("orders-v2", tech.PostgreSQL("17"))
        system.migration("move orders", from_state="v1", to_state="v2", affects=[new_db],
                         status=MigrationStatus.{status})
    '''
    assert review_model(source.format(status="PROPOSED"), "INT004").of("INT004") == []
    assert len(review_model(source.format(status="DONE"), "INT004").of("INT004")) == 1
