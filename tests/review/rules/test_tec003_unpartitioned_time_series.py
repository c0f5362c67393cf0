"""TEC003 unpartitioned-time-series."""


def test_millions_of_timestamped_rows_a_day_in_one_table_are_reported(rule_example):
    reviewed = rule_example("TEC003")
    [finding] = reviewed.of("TEC003")
    assert finding.target == "readings"
    assert finding.line == reviewed.line_of("class Reading(Base)")
    assert finding.message.startswith("readings takes 5 M rows/day (1.8 bn a year) keyed by "
                                      "time (measured_at) in one unpartitioned PostgreSQL table")


def test_partitioned_small_or_time_series_stores_pass(rule_example, review_model, example_model):
    assert rule_example("TEC003", fixed=True).of("TEC003") == []
    partitioned = (', scaling=Scaling(partitioning=[Partitioning(table="readings", '
                   'key="measured_at", interval="1 day", retention="30 days")])')
    for change in [("schema=Base)", f"schema=Base{partitioned})"),
                   ("rows_per_day=5_000_000", "rows_per_day=50_000")]:
        reviewed = review_model(example_model("TEC003", change), "TEC003")
        assert reviewed.of("TEC003") == [], change
