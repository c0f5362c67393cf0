"""INT006 dangling-foreign-key."""

MODEL = '''
    metadata = MetaData()
    Table("customers", metadata, Column("id", Integer, primary_key=True))
    Table("orders", metadata,
          Column("id", Integer, primary_key=True),
          Column("customer_id", Integer, ForeignKey("{target}.id")),  # fk
          comment="One checkout.")

    system = System("Shop")
    system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
'''


def test_a_key_to_a_table_that_exists_nowhere_is_reported(review_model):
    reviewed = review_model(MODEL.format(target="customer"), "INT006")
    [finding] = reviewed.of("INT006")
    assert finding.target == "orders.customer_id"
    assert finding.line == reviewed.line_of("# fk")
    assert "references table customer, which no datastore in the model declares" in \
        finding.message


def test_a_key_to_a_declared_table_passes(review_model):
    reviewed = review_model(MODEL.format(target="customers"), "INT006")
    assert reviewed.of("INT006") == []
