"""SCH001 missing-primary-key."""

MODEL = '''
    metadata = MetaData()
    Table("audit_log", metadata,
          Column("id", Integer{pk}),
          Column("entry", Text))
    system = System("Shop")
    system.context("Sales").datastore("orders-db", {technology}, schema=metadata)
'''


def test_a_relational_table_without_primary_key_is_reported_at_the_table(rule_example):
    reviewed = rule_example("SCH001")
    [finding] = reviewed.of("SCH001")
    assert finding.target == "audit_log"
    assert finding.line == reviewed.line_of('Table("audit_log"')
    assert finding.message == "table audit_log in orders-db (PostgreSQL 16) has no primary key"


def test_a_primary_key_or_a_non_relational_store_passes(rule_example, review_model):
    assert rule_example("SCH001", fixed=True).of("SCH001") == []
    document = MODEL.format(pk="", technology='tech.MongoDB("7")')
    assert review_model(document, "SCH001").of("SCH001") == []


def test_a_suppression_with_a_reason_moves_it_to_the_suppressed_list(review_model):
    source = MODEL.format(pk="", technology='tech.PostgreSQL("16")').replace(
        'schema=metadata)',
        'schema=metadata,\n    suppress=[suppress("SCH001", "vendor schema", target="audit_log")])')
    reviewed = review_model(source, "SCH001")
    assert reviewed.of("SCH001") == []
    [suppressed] = reviewed.report.suppressed
    assert suppressed.reason == "vendor schema"
    assert suppressed.finding.target == "audit_log"
