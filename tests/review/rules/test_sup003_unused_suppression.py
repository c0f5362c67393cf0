"""SUP003 unused-suppression: reported by a full review only."""

MODEL = '''
    metadata = MetaData()
    Table("audit", metadata, Column("entry", Integer{pk}), comment="Audit.")
    system = System("Shop")
    sales = system.context("Sales")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
                         suppress=[suppress("SCH001", "vendor table")])  # suppression
    system.flow(sales.service("api"), db, Mechanism.QUERY)
'''


def test_a_suppression_that_matches_nothing_is_reported_at_its_line(review_model):
    reviewed = review_model(MODEL.format(pk=", primary_key=True"))  # every rule
    [finding] = reviewed.of("SUP003")
    assert finding.severity == "warning"
    assert finding.line == reviewed.line_of("# suppression")
    assert finding.message == ("suppression of SCH001 on datastore:orders-db matches no "
                               "finding: SCH001 no longer reports anything there")


def test_a_used_suppression_is_not_reported(review_model):
    reviewed = review_model(MODEL.format(pk=""))
    assert reviewed.of("SUP003") == []
    assert [s.finding.rule for s in reviewed.report.suppressed] == ["SCH001"]


def test_a_partial_review_cannot_tell_and_stays_quiet(review_model):
    reviewed = review_model(MODEL.format(pk=", primary_key=True"), "SCH002", "SUP003")
    assert reviewed.of("SUP003") == []
