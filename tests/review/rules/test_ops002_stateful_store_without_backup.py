"""OPS002 stateful-store-without-backup."""

def test_a_system_of_record_without_backup_is_reported(rule_example):
    [finding] = rule_example("OPS002").of("OPS002")
    assert finding.element == "datastore:orders-db"
    assert finding.message == ("orders-db (system-of-record, PostgreSQL) declares no backup")


def test_a_declared_backup_and_rebuildable_caches_pass(rule_example, review_model,
                                                       example_model):
    assert rule_example("OPS002", fixed=True).of("OPS002") == []
    cache = example_model("OPS002", fixed=True) + '''
cache = sales.datastore("cache", tech.Redis("7"), role=Role.CACHE)
system.flow(api, cache, Mechanism.CACHE_FILL, access=Access.READ_WRITE)
'''
    assert review_model(cache, "OPS002").of("OPS002") == []


VESTIGIAL = '''
    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("order-api")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"),
                         backup=Backup(schedule="daily", retention="30 days"))
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
    sales.datastore("legacy-db", tech.PostgreSQL("16"){suppress})
'''


def test_a_store_int004_reports_as_vestigial_gets_one_finding_not_two(review_model):
    reviewed = review_model(VESTIGIAL.format(suppress=""), "OPS002", "INT004")
    assert [f.element for f in reviewed.of("INT004")] == ["datastore:legacy-db"]
    assert reviewed.of("OPS002") == []


def test_a_store_kept_without_flows_on_purpose_needs_a_backup_again(review_model):
    reviewed = review_model(VESTIGIAL.format(
        suppress=', suppress=[suppress("INT004", "loaded by the vendor\'s nightly export")]'),
        "OPS002", "INT004")
    assert [f.element for f in reviewed.of("OPS002")] == ["datastore:legacy-db"]
