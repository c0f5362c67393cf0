"""TEC004 volatile-system-of-record."""

MODEL = '''
    system = System("Shop")
    system.context("Sales").datastore("carts", {technology}{opts})
'''


def test_redis_as_system_of_record_without_persistence_is_reported(review_model):
    reviewed = review_model(MODEL.format(technology='tech.Redis("7.2")', opts=""), "TEC004")
    [finding] = reviewed.of("TEC004")
    assert finding.severity == "error"
    assert finding.message.startswith("system of record carts runs on Redis 7.2, which "
                                      "acknowledges writes from memory")


def test_memcached_cannot_be_made_durable(review_model):
    opts = ', backup=Backup(schedule="never", retention="none", point_in_time=True)'
    reviewed = review_model(MODEL.format(technology='tech.Memcached("1.6")', opts=opts),
                            "TEC004")
    [message] = reviewed.messages("TEC004")
    assert "keeps data only in memory and cannot persist it" in message


def test_redis_as_cache_or_with_declared_persistence_passes(review_model):
    for opts in (", role=Role.CACHE",
                 ', backup=Backup(schedule="AOF everysec", retention="7 days", '
                 'point_in_time=True)'):
        reviewed = review_model(MODEL.format(technology='tech.Redis("7.2")', opts=opts),
                                "TEC004")
        assert reviewed.of("TEC004") == [], opts
