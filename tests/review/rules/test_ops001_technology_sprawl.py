"""OPS001 technology-sprawl."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    sales.datastore("orders-db", tech.PostgreSQL("16"))
    sales.datastore("cache", tech.Redis("7"), role=Role.CACHE)
'''


def test_two_technologies_of_one_kind_are_reported(rule_example):
    [finding] = rule_example("OPS001").of("OPS001")
    assert finding.severity == "info"
    assert finding.target == "relational"
    assert finding.message == ("Shop runs 2 relational technologies (MySQL, PostgreSQL): each "
                               "needs its own operations")
    assert rule_example("OPS001", fixed=True).of("OPS001") == []


def test_a_suppression_on_the_system_naming_the_kind_silences_it(review_model, example_model):
    reviewed = review_model(example_model("OPS001", ('System("Shop")', '''System("Shop", suppressions=[
    suppress("OPS001", "billing is a bought product that only supports MySQL",
             target="relational")])''')), "OPS001")
    assert reviewed.of("OPS001") == []
    assert [s.reason for s in reviewed.report.suppressed] == [
        "billing is a bought product that only supports MySQL"]


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
