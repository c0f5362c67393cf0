"""PRF008 time-series-without-retention."""


def test_range_queries_without_retention_are_reported(rule_example):
    [finding] = rule_example("PRF008").of("PRF008")
    assert "declares no retention or downsampling" in finding.message
    assert "'last hour of a host'" in finding.message


def test_declared_retention_passes(rule_example):
    assert rule_example("PRF008", fixed=True).of("PRF008") == []


def test_a_datastore_serving_no_time_range_is_not_asked_for_retention(review_model,
                                                                      example_model):
    reviewed = review_model(example_model("PRF008", ('range="time"', "")), "PRF008")
    assert reviewed.of("PRF008") == []
