"""PRF008 time-series-without-retention."""

MODEL = '''
    metadata = MetaData()
    Table("cpu", metadata, Column("host", String(50), primary_key=True),
          Column("time", DateTime, primary_key=True), Column("usage", Integer))
    System("Ops").context("Monitoring").datastore("metrics", tech.InfluxDB("2"),
        schema=metadata, {retention}
        access_patterns=[AccessPattern("last hour of a host", table="cpu", equals=["host"],
                                       range="time")])
'''


def test_range_queries_without_retention_are_reported(review_model):
    [finding] = review_model(MODEL.format(retention=""), "PRF008").of("PRF008")
    assert "declares no retention or downsampling" in finding.message
    assert "'last hour of a host'" in finding.message


def test_declared_retention_passes(review_model):
    reviewed = review_model(
        MODEL.format(retention='retention="30 days raw, 2 years downsampled to 1h",'), "PRF008")
    assert reviewed.of("PRF008") == []
