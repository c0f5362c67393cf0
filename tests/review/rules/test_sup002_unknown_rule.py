"""SUP002 suppression-of-unknown-rule: a suppression naming no rule suppresses nothing."""

MODEL = '''
    metadata = MetaData()
    Table("audit", metadata, Column("entry", Integer), comment="Audit.")
    system = System("Shop")
    sales = system.context("Sales")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
                         suppress=[suppress("{rule}", "vendor table")])  # suppression
    system.flow(sales.service("api"), db, Mechanism.QUERY)
'''


def test_a_misspelt_rule_id_is_reported_at_the_suppression(review_model):
    reviewed = review_model(MODEL.format(rule="SCH01"))
    [finding] = reviewed.of("SUP002")
    assert finding.severity == "warning"
    assert finding.line == reviewed.line_of("# suppression")
    assert finding.message == ("suppression on datastore:orders-db names unknown rule "
                               "'SCH01'")
    # It suppresses nothing: the finding it was meant for is still there.
    assert [f.rule for f in reviewed.of("SCH001")] == ["SCH001"]


def test_a_known_rule_id_is_not_reported(review_model):
    reviewed = review_model(MODEL.format(rule="SCH001"))
    assert reviewed.of("SUP002") == []
    assert [s.finding.rule for s in reviewed.report.suppressed] == ["SCH001"]
