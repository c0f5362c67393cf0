"""PRF004 scatter-gather."""

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


def _store(patterns: str, scaling: str) -> str:
    return MODEL + f'''
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling={scaling}, access_patterns=[{patterns}])
'''



def test_a_pattern_without_the_shard_key_goes_to_every_shard(rule_example):
    [finding] = rule_example("PRF004").of("PRF004")
    assert finding.message == (
        "access pattern 'open orders' (50/s) on orders does not filter by the shard key "
        "'customer_id': it goes to all 16 shards (scatter-gather), 800/s shard queries at peak")


def test_adding_the_shard_key_fixes_it(rule_example):
    assert rule_example("PRF004", fixed=True).of("PRF004") == []


def test_reference_tables_and_inserts_are_not_scattered(review_model):
    reviewed = review_model(_store(
        'AccessPattern("place", table="orders", operation=Operation.WRITE), '
        'AccessPattern("by status", table="orders", equals=["status"])',
        'Scaling(sharding=[Sharding(key="customer_id", shards=4, reference_tables=["orders"])])'
    ), "PRF004")
    assert reviewed.of("PRF004") == []


def test_a_partitioned_table_read_without_its_key_visits_every_partition(review_model):
    partitioned = 'Scaling(partitioning=[Partitioning(table="orders", key="created_at")])'
    reviewed = review_model(_store(
        'AccessPattern("by status", table="orders", equals=["status"])', partitioned), "PRF004")
    [finding] = reviewed.of("PRF004")
    assert "does not filter by the partition key 'created_at'" in finding.message
    pruned = review_model(_store(
        'AccessPattern("recent", table="orders", equals=["status"], range="created_at")',
        partitioned), "PRF004")
    assert pruned.of("PRF004") == []
