"""SCL002 cross-shard-foreign-key."""

MODEL = '''
    metadata = MetaData()
    Table("countries", metadata, Column("code", String(2), primary_key=True))
    Table("orders", metadata,
          Column("customer_id", Integer, primary_key=True),
          Column("id", Integer, primary_key=True),
          Column("country", String(2), ForeignKey("countries.code")))
    Table("order_lines", metadata,
          Column("customer_id", Integer, primary_key=True),
          Column("id", Integer, primary_key=True),
          Column("order_id", Integer),
          {key})

    system = System("Shop")
    system.context("Sales").datastore(
        "orders-db", tech.PostgreSQL("16"), schema=metadata,
        scaling=Scaling(sharding=[Sharding(key="customer_id", shards=8,
                                           reference_tables=["countries"])]),
    )
'''


def test_a_key_that_leaves_out_the_shard_key_is_reported(rule_example):
    [finding] = rule_example("SCL002").of("SCL002")
    assert finding.target == "order_lines.order_id"
    assert "order_lines(order_id) → orders(id) crosses shards" in finding.message
    assert "the key does not include customer_id" in finding.message
    assert rule_example("SCL002", fixed=True).of("SCL002") == []


def test_a_key_to_a_table_sharded_on_another_column_is_reported(review_model):
    source = MODEL.format(key='ForeignKeyConstraint(["order_id"], ["orders.id"])').replace(
        'reference_tables=["countries"])]', 'tables=["order_lines"], '
        'reference_tables=["countries"]), Sharding(key="id", shards=8, tables=["orders"])]')
    reviewed = review_model(source, "SCL002")
    [message] = reviewed.messages("SCL002")
    assert "order_lines is sharded on customer_id and orders on id" in message


def test_colocated_keys_and_keys_to_reference_tables_pass(review_model):
    reviewed = review_model(MODEL.format(key='ForeignKeyConstraint(["customer_id", "order_id"], '
                                             '["orders.customer_id", "orders.id"])'), "SCL002")
    assert reviewed.of("SCL002") == []


def test_a_reference_table_pointing_at_a_sharded_table_is_reported(review_model):
    source = MODEL.format(key='ForeignKeyConstraint(["customer_id", "order_id"], '
                              '["orders.customer_id", "orders.id"])').replace(
        'Table("countries", metadata, Column("code", String(2), primary_key=True))',
        'Table("countries", metadata, Column("code", String(2), primary_key=True), '
        'Column("flagship_order", Integer, ForeignKey("orders.id")))')
    reviewed = review_model(source, "SCL002")
    [message] = reviewed.messages("SCL002")
    assert ("countries is a reference table (copied to every shard) but orders is sharded on "
            "customer_id") in message
