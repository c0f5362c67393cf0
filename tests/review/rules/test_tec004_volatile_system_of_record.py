"""TEC004 volatile-system-of-record."""

REDIS = 'tech.Redis("7.2"))'
"""The technology of the page's example, and the end of its declaration."""


def test_redis_as_system_of_record_without_persistence_is_reported(rule_example):
    [finding] = rule_example("TEC004").of("TEC004")
    assert finding.severity == "error"
    assert finding.message.startswith("system of record carts runs on Redis 7.2, which "
                                      "acknowledges writes from memory")


def test_memcached_cannot_be_made_durable(review_model, example_model):
    reviewed = review_model(example_model("TEC004", (
        REDIS, 'tech.Memcached("1.6"), '
               'backup=Backup(schedule="never", retention="none", point_in_time=True))')),
        "TEC004")
    [message] = reviewed.messages("TEC004")
    assert "keeps data only in memory and cannot persist it" in message


def test_redis_as_cache_or_with_declared_persistence_passes(rule_example, review_model,
                                                           example_model):
    assert rule_example("TEC004", fixed=True).of("TEC004") == []
    reviewed = review_model(example_model("TEC004", (REDIS, 'tech.Redis("7.2"), role=Role.CACHE)')),
                            "TEC004")
    assert reviewed.of("TEC004") == []
