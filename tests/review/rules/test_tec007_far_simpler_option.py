"""TEC007 far-simpler-option."""


def test_a_cluster_store_for_a_workload_a_relational_default_serves_is_reported(rule_example):
    [finding] = rule_example("TEC007").of("TEC007")
    assert finding.element == "datastore:orders"
    assert "orders runs Apache Cassandra 4.1, but PostgreSQL meets every requirement" in \
        finding.message
    assert "archdocs advise --datastore orders" in finding.message
    assert "operational simplicity 1/5 (self-hosted)" in (finding.hint or "")


def test_the_recommended_store_and_undecided_stores_pass(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        sales.datastore("orders", tech.PostgreSQL("16"), requirements=[Requirement.DURABILITY])
        sales.datastore("events", tech.Cassandra("4.1"), requirements=[
            Requirement.HIGH_WRITE_THROUGHPUT, Requirement.DURABILITY])
        sales.datastore("later", tech.Undecided(), requirements=[Requirement.ACID])
    ''', "TEC007")
    assert reviewed.of("TEC007") == []
