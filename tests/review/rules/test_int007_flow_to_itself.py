"""INT007 flow-to-itself."""


def test_a_flow_from_a_datastore_to_itself_is_reported_at_the_flow(rule_example):
    reviewed = rule_example("INT007")
    [finding] = reviewed.of("INT007")
    assert finding.line == reviewed.line_of("system.flow(orders_db, orders_db")
    assert finding.message == ("flow orders-db → orders-db (replication) goes from datastore "
                               "orders-db to itself")


def test_a_flow_to_itself_by_name_is_reported_too(review_model, example_model):
    reviewed = review_model(example_model(
        "INT007", ("flow(orders_db, orders_db", 'flow(orders_db, "orders-db"')), "INT007")
    assert len(reviewed.of("INT007")) == 1


def test_a_flow_between_two_elements_passes(rule_example):
    assert rule_example("INT007", fixed=True).of("INT007") == []
