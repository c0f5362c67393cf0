"""SUP003 unused-suppression: reported by a full review only."""


def test_a_suppression_that_matches_nothing_is_reported_at_its_line(rule_example):
    reviewed = rule_example("SUP003")  # a full review, every rule
    [finding] = reviewed.of("SUP003")
    assert finding.severity == "warning"
    assert finding.line == reviewed.line_of('suppress("SCH001"')
    assert finding.message == ("suppression of SCH001 (target audit) on datastore:orders-db "
                               "matches no finding: SCH001 no longer reports anything there")


def test_a_used_suppression_is_not_reported(review_model, example_model):
    reviewed = review_model(example_model(
        "SUP003", (", primary_key=True", "")))
    assert reviewed.of("SUP003") == []
    assert [s.finding.rule for s in reviewed.report.suppressed] == ["SCH001"]


def test_a_partial_review_cannot_tell_and_stays_quiet(review_model, example_model):
    reviewed = review_model(example_model("SUP003"), "SCH002", "SUP003")
    assert reviewed.of("SUP003") == []
