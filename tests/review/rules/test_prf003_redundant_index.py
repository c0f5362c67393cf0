"""PRF003 redundant-index."""

MODEL = '''
    metadata = MetaData()
    orders = Table(
        "orders", metadata,
        Column("id", Integer, primary_key=True),
        Column("customer_id", Integer),
        Column("created_at", DateTime),
        Column("sku", String(20), unique=True),
    )
    Index("ix_orders_customer_created", orders.c.customer_id, orders.c.created_at)
    system = System("Shop")
    system.context("Sales").datastore("orders-db", tech.MariaDB("11"), schema=metadata)
'''


def test_a_prefix_of_a_longer_index_is_reported(rule_example):
    [finding] = rule_example("PRF003").of("PRF003")
    assert finding.message == (
        "index ix_orders_customer (customer_id) on orders is a prefix of index "
        "ix_orders_customer_created (customer_id, created_at): drop ix_orders_customer")
    assert rule_example("PRF003", fixed=True).of("PRF003") == []


def test_a_duplicate_of_a_unique_key_is_reported(review_model):
    reviewed = review_model(MODEL + '''
Index("ix_orders_sku", orders.c.sku)
''', "PRF003")
    [finding] = reviewed.of("PRF003")
    assert "ix_orders_sku (sku) on orders duplicates unique constraint" in finding.message


def test_distinct_indexes_and_unique_prefixes_pass(review_model):
    reviewed = review_model(MODEL + '''
Index("ix_orders_created", orders.c.created_at)
Index("ux_orders_customer", orders.c.customer_id, unique=True)
''', "PRF003")
    assert reviewed.of("PRF003") == []
