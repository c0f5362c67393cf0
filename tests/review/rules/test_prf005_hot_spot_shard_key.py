"""PRF005 hot-spot-shard-key."""

MODEL = '''
    metadata = MetaData()
    orders = Table(
        "orders", metadata,
        Column("id", Integer, primary_key=True),
        Column("customer_id", Integer),
        Column("status", String(20)),
        Column("created_at", DateTime),
    )
    system = System("Shop")
'''


def _sharded(key: str, strategy: str = "HASH") -> str:
    return MODEL + f'''
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(sharding=[Sharding(key="{key}", shards=8,
                                       strategy=ShardStrategy.{strategy})]))
'''


def test_a_low_cardinality_shard_key_is_reported(rule_example, review_model):
    [finding] = rule_example("PRF005").of("PRF005")
    assert finding.target == "orders.country"
    assert finding.message == ("shard key 'country' of orders risks a hot spot: 'country' looks "
                               "like a low-cardinality attribute (few distinct values)")
    assert rule_example("PRF005", fixed=True).of("PRF005") == []
    [status] = review_model(_sharded("status"), "PRF005").of("PRF005")
    assert "low-cardinality" in status.message


def test_a_monotonic_key_under_range_sharding_is_reported(review_model):
    [finding] = review_model(_sharded("created_at", "RANGE"), "PRF005").of("PRF005")
    assert "timestamp" in finding.message


def test_a_high_cardinality_hashed_key_passes(review_model):
    assert review_model(_sharded("customer_id"), "PRF005").of("PRF005") == []
    assert review_model(_sharded("created_at"), "PRF005").of("PRF005") == []  # hashed


def test_a_cassandra_partition_key_by_day_is_reported(review_model):
    reviewed = review_model('''
        metadata = MetaData()
        Table("readings", metadata, Column("day", DateTime, primary_key=True),
              Column("sensor_id", Integer, primary_key=True), Column("value", Integer))
        System("IoT").context("Sensors").datastore("readings", tech.Cassandra("4"),
                                                   schema=metadata)
    ''', "PRF005")
    [finding] = reviewed.of("PRF005")
    assert finding.message.startswith("partition key 'day' of readings risks a hot spot")
