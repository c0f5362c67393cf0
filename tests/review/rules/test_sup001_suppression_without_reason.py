"""SUP001 suppression-without-reason: a suppression without a reason is not honoured."""


def test_a_suppression_without_reason_is_reported_at_its_line_and_not_honoured(rule_example):
    reviewed = rule_example("SUP001")
    [finding] = reviewed.of("SUP001")
    assert finding.severity == "error"
    assert finding.line == reviewed.line_of('suppress("SCH001", "")')
    assert finding.message == "suppression of SCH001 on datastore:orders-db has no reason"
    assert [f.target for f in reviewed.of("SCH001")] == ["audit"]
    assert reviewed.report.suppressed == []


def test_a_suppression_with_its_reason_is_honoured(rule_example):
    reviewed = rule_example("SUP001", fixed=True)
    assert reviewed.of("SUP001") == [] and reviewed.of("SCH001") == []
    assert [s.reason for s in reviewed.report.suppressed] == ["vendor audit table, append-only"]
