"""OPS002 stateful-store-without-backup."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("order-api")
    sales.datastore("cache", tech.Redis("7"), role=Role.CACHE)
    db = sales.datastore("orders-db", tech.PostgreSQL("16"), hosting=Hosting.SELF_HOSTED{backup})
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
'''


def test_a_system_of_record_without_backup_is_reported(review_model):
    [finding] = review_model(MODEL.format(backup=""), "OPS002").of("OPS002")
    assert finding.element == "datastore:orders-db"
    assert finding.message == ("orders-db (system-of-record, PostgreSQL) declares no backup")


def test_a_declared_backup_and_rebuildable_caches_pass(review_model):
    reviewed = review_model(MODEL.format(
        backup=', backup=Backup(schedule="daily", retention="30 days", point_in_time=True)'),
        "OPS002")
    assert reviewed.of("OPS002") == []


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
