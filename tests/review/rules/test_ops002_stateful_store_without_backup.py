"""OPS002 stateful-store-without-backup."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    sales.datastore("cache", tech.Redis("7"), role=Role.CACHE)
    sales.datastore("orders-db", tech.PostgreSQL("16"), hosting=Hosting.SELF_HOSTED{backup})
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
