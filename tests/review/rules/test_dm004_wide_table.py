"""DM004 wide-table."""

MODEL = '''
    metadata = MetaData()
    Table("accounts", metadata, Column("id", Integer, primary_key=True),
          *[Column(f"attribute_{{n}}", String(20)) for n in range({count})], {notes})
    System("Shop").context("CRM").datastore("db", tech.PostgreSQL("16"), schema=metadata)
'''


def test_a_table_with_more_than_fifty_columns_is_reported(rule_example):
    [finding] = rule_example("DM004").of("DM004")
    assert finding.severity == "info"
    assert finding.message == "accounts has 61 columns (more than 50)"
    # Split into a one-to-one table, neither half is wide.
    assert rule_example("DM004", fixed=True).of("DM004") == []


def test_narrow_tables_and_wide_dimensions_pass(review_model):
    assert review_model(MODEL.format(count=20, notes=""), "DM004").of("DM004") == []
    dimension = MODEL.format(count=60, notes='info=table_notes(dimension=Dimension(scd_type=2))')
    assert review_model(dimension, "DM004").of("DM004") == []
