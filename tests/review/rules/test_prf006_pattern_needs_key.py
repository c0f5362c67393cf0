"""PRF006 pattern-needs-key."""

SESSIONS = '''
    metadata = MetaData()
    Table("sessions", metadata, Column("token", String(64), primary_key=True),
          Column("user_id", Integer))
    system = System("Web")
    system.context("Identity").datastore("sessions", tech.Redis("7"), schema=metadata,
        role=Role.CACHE, access_patterns=[AccessPattern("{name}", table="sessions",
                                                        equals=["{column}"])])
'''

EVENTS = '''
    metadata = MetaData()
    Table("events", metadata, Column("device_id", Integer, primary_key=True),
          Column("at", DateTime, primary_key=True), Column("kind", String(20)))
    system = System("IoT")
    system.context("Devices").datastore("events", tech.Cassandra("4"), schema=metadata,
        access_patterns=[AccessPattern("{name}", table="events", {filters})])
'''


def test_a_key_value_lookup_by_a_non_key_column_needs_a_key(review_model):
    reviewed = review_model(SESSIONS.format(name="sessions of a user", column="user_id"),
                            "PRF006")
    [finding] = reviewed.of("PRF006")
    assert finding.severity == "warning"
    assert "served by neither the primary key nor a declared secondary index of Redis" \
        in finding.message
    assert "sessions:{user_id}" in finding.hint


def test_a_key_value_lookup_by_its_key_passes(review_model):
    reviewed = review_model(SESSIONS.format(name="session", column="token"), "PRF006")
    assert reviewed.of("PRF006") == []


def test_a_cassandra_query_without_the_partition_key_is_an_error(rule_example):
    reviewed = rule_example("PRF006")
    [finding] = reviewed.of("PRF006")
    # The page's fix: a query table keyed by kind, written alongside events.
    assert rule_example("PRF006", fixed=True).of("PRF006") == []
    assert finding.severity == "error"
    assert "does not give the partition key 'device_id'" in finding.message
    assert "ALLOW FILTERING" in finding.message
    assert "query table events_by_kind" in finding.hint


def test_a_cassandra_query_by_partition_and_clustering_range_passes(review_model):
    reviewed = review_model(EVENTS.format(
        name="recent events", filters='equals=["device_id"], range="at"'), "PRF006")
    assert reviewed.of("PRF006") == []
