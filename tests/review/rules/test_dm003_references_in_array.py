"""DM003 references-in-array."""

MODEL = '''
    from sqlalchemy import JSON
    from sqlalchemy.dialects.postgresql import ARRAY
    metadata = MetaData()
    Table("products", metadata, Column("id", Integer, primary_key=True))
    Table("orders", metadata, Column("id", Integer, primary_key=True), {column})
    System("Shop").context("Sales").datastore("db", tech.PostgreSQL("16"), schema=metadata)
'''


def test_an_array_of_ids_is_reported_with_the_table_it_points_at(review_model):
    [finding] = review_model(MODEL.format(column='Column("product_ids", ARRAY(Integer))'),
                             "DM003").of("DM003")
    assert finding.message == ("orders.product_ids is a ARRAY column holding references "
                               "(probably rows of products) that no foreign key protects")


def test_json_with_ids_is_reported_and_plain_json_passes(review_model):
    assert len(review_model(MODEL.format(column='Column("tag_ids", JSON)'), "DM003")
               .of("DM003")) == 1
    assert review_model(MODEL.format(column='Column("attributes", JSON)'), "DM003") \
        .of("DM003") == []
