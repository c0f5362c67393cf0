"""DM001 repeating-column-group."""

MODEL = '''
    metadata = MetaData()
    Table("customers", metadata, Column("id", Integer, primary_key=True), {columns})
    System("Shop").context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=metadata)
'''


def test_numbered_copies_of_a_column_are_reported(rule_example):
    reviewed = rule_example("DM001")
    [finding] = reviewed.of("DM001")
    assert finding.line == reviewed.line_of('Column("phone1"')
    assert finding.message == ("customers repeats 'phone' in 3 numbered columns "
                               "(phone1, phone2, phone3): a list stored as columns")
    assert finding.target == "customers.phone1"
    # The page's fix: a child table with one row per phone.
    assert rule_example("DM001", fixed=True).of("DM001") == []


def test_two_address_lines_pass(review_model):
    reviewed = review_model(MODEL.format(columns='''
        Column("address_line1", String(80)), Column("address_line2", String(80)),
        Column("sha256", String(64))
    '''.strip()), "DM001")
    assert reviewed.of("DM001") == []
