"""DM003 references-in-array."""

MODEL = '''
    from sqlalchemy import JSON
    from sqlalchemy.dialects.postgresql import ARRAY
    metadata = MetaData()
    Table("products", metadata, Column("id", Integer, primary_key=True))
    Table("orders", metadata, Column("id", Integer, primary_key=True), {column})
    System("Shop").context("Sales").datastore("db", tech.PostgreSQL("16"), schema=metadata)
'''


def test_an_array_of_ids_is_reported_with_the_table_it_points_at(rule_example):
    [finding] = rule_example("DM003").of("DM003")
    assert finding.target == "orders.product_ids"
    assert finding.message == ("orders.product_ids is a ARRAY column holding references "
                               "(probably rows of products) that no foreign key protects")

    # The page's fix: a link table with a foreign key to each side.
    assert rule_example("DM003", fixed=True).of("DM003") == []


def test_json_with_ids_is_reported_and_plain_json_passes(review_model):
    assert len(review_model(MODEL.format(column='Column("tag_ids", JSON)'), "DM003")
               .of("DM003")) == 1
    assert review_model(MODEL.format(column='Column("attributes", JSON)'), "DM003") \
        .of("DM003") == []
