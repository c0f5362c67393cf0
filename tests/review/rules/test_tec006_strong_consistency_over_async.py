"""TEC006 strong-consistency-over-async."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("order-api")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"),
                         scaling=Scaling(replication=Replication(mode=ReplicationMode.{mode})))
    replica = sales.datastore("orders-replica", tech.PostgreSQL("16"), role=Role.READ_MODEL)
    index = sales.datastore("search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
    system.flow(db, index, Mechanism.{mechanism}, consistency={consistency})  # flow
    system.flow(db, replica, Mechanism.REPLICATION, consistency=strong())  # replication
'''


def test_strong_consistency_over_cdc_is_reported_at_the_flow(rule_example):
    reviewed = rule_example("TEC006")
    [finding] = reviewed.of("TEC006")
    assert finding.line == reviewed.line_of("consistency=strong()")
    assert finding.message == ("flow catalog-db → product-search (cdc) promises strong "
                               "consistency, but cdc delivers after the source has committed: "
                               "product-search is always some delay behind")
    assert rule_example("TEC006", fixed=True).of("TEC006") == []


def test_strong_consistency_over_async_replication_is_reported(review_model):
    reviewed = review_model(MODEL.format(mechanism="CDC", consistency='eventual("5s")',
                                         mode="ASYNC"), "TEC006")
    [finding] = reviewed.of("TEC006")
    assert finding.line == reviewed.line_of("# replication")
    assert "orders-db replicates asynchronously" in finding.message


def test_eventual_cdc_and_synchronous_replication_pass(review_model):
    reviewed = review_model(MODEL.format(mechanism="CDC", consistency='eventual("5s")',
                                         mode="SYNC"), "TEC006")
    assert reviewed.of("TEC006") == []


def test_a_strongly_consistent_store_reading_from_async_replicas_is_reported(review_model):
    source = '''
        system = System("Bank")
        system.context("Ledger").datastore(
            "accounts", tech.PostgreSQL("16"), requirements=[Requirement.STRONG_CONSISTENCY],
            scaling=Scaling(replication=Replication(replicas=2, {options})))
    '''
    reviewed = review_model(source.format(options="mode=ReplicationMode.ASYNC"), "TEC006")
    [finding] = reviewed.of("TEC006")
    assert finding.severity == "info"
    assert finding.message == ("accounts requires strong-consistency, but lets reads go to 2 "
                               "async replicas that lag behind the primary: a read there can "
                               "miss the latest committed write")
    for options in ("mode=ReplicationMode.SYNC", "readable=False"):
        assert review_model(source.format(options=options), "TEC006").of("TEC006") == []
