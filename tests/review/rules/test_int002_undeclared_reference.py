"""INT002 undeclared-reference: flows, patterns and migrations naming unknown elements."""


def test_a_misspelt_flow_target_is_reported_with_a_suggestion(rule_example):
    reviewed = rule_example("INT002")
    [finding] = reviewed.of("INT002")
    assert finding.line == reviewed.line_of('"order-db"')
    assert "'order-db' is not declared" in finding.message
    assert "did you mean 'orders-db'?" in finding.message


def test_the_element_itself_instead_of_its_name_passes(rule_example):
    assert rule_example("INT002", fixed=True).of("INT002") == []


def test_pattern_and_migration_references_are_checked(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        api = sales.service("order-api")
        db = sales.datastore("orders-db", tech.PostgreSQL("16"))
        system.pattern(CQRS("search", write_store=db, read_models=["search-index"]))
        system.pattern(TransactionalOutbox("events", datastore="order-api", table="outbox"))
        system.migration("split", from_state="a", to_state="b", affects=["billing-db"])
    ''', "INT002")
    messages = reviewed.messages("INT002")
    assert any("read model 'search-index' is not declared" in m for m in messages)
    assert any("names the service 'order-api', not a datastore" in m for m in messages)
    assert any("affects 'billing-db'" in m for m in messages)
    assert len(messages) == 3


def test_an_element_of_another_system_is_reported(review_model):
    reviewed = review_model('''
        other = System("Other")
        elsewhere = other.context("X").datastore("x-db", tech.PostgreSQL("16"))
        system = System("Shop")
        api = system.context("Sales").service("order-api")
        system.flow(api, elsewhere, Mechanism.QUERY)
    ''', "INT002")
    [message] = reviewed.messages("INT002")
    assert "is not part of system Shop" in message


def test_declared_references_pass(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        api = sales.service("order-api")
        db = sales.datastore("orders-db", tech.PostgreSQL("16"))
        bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
        index = sales.datastore("search-index", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
        cdc = system.flow("orders-db", "search-index", Mechanism.CDC, via="bus")
        system.pattern(CQRS("search", write_store="orders-db", read_models=[index],
                            projections=[cdc]))
        system.pattern(DatabasePerService("dbps", scope="Sales"))
        system.migration("split", from_state="a", to_state="b", affects=[db, "order-api"])
    ''', "INT002")
    assert reviewed.of("INT002") == []
