"""SUP002 suppression-of-unknown-rule: a suppression naming no rule suppresses nothing."""


def test_a_misspelt_rule_id_is_reported_at_the_suppression(rule_example):
    reviewed = rule_example("SUP002")
    [finding] = reviewed.of("SUP002")
    assert finding.severity == "warning"
    assert finding.line == reviewed.line_of('suppress("SCH01"')
    assert finding.message == ("suppression on datastore:orders-db names unknown rule "
                               "'SCH01'")
    # It suppresses nothing: the finding it was meant for is still there.
    assert [f.rule for f in reviewed.of("SCH001")] == ["SCH001"]


def test_a_known_rule_id_is_not_reported(rule_example):
    reviewed = rule_example("SUP002", fixed=True)
    assert reviewed.of("SUP002") == []
    assert [s.finding.rule for s in reviewed.report.suppressed] == ["SCH001"]
