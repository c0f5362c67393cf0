"""OPS001 technology-sprawl."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    sales.datastore("orders-db", tech.PostgreSQL("16"))
    sales.datastore("cache", tech.Redis("7"), role=Role.CACHE)
'''


def test_two_technologies_of_one_kind_are_reported(review_model):
    reviewed = review_model(MODEL + '''
system.context("Billing").datastore("billing-db", tech.MySQL("8"))
''', "OPS001")
    [finding] = reviewed.of("OPS001")
    assert finding.severity == "info"
    assert finding.message == ("Shop runs 2 relational technologies (MySQL, PostgreSQL): each "
                               "needs its own operations")


def test_a_context_with_many_technologies_is_reported(review_model):
    reviewed = review_model(MODEL + '''
sales.datastore("search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
sales.datastore("events", tech.Kafka("3"), role=Role.BROKER)
''', "OPS001")
    [finding] = reviewed.of("OPS001")
    assert finding.element == "context:Sales"
    assert "runs 4 datastore technologies" in finding.message


def test_one_technology_per_kind_passes(review_model):
    assert review_model(MODEL, "OPS001").of("OPS001") == []
