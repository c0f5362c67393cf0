"""SCH004 table-without-comment."""


def test_a_table_without_comment_is_an_info_finding(rule_example):
    reviewed = rule_example("SCH004")
    [finding] = reviewed.of("SCH004")
    assert finding.severity == "info"
    assert finding.line == reviewed.line_of("class Order(Base)")
    assert finding.message == "table orders in orders-db has no comment saying what one row is"


def test_a_commented_table_passes(rule_example):
    assert rule_example("SCH004", fixed=True).of("SCH004") == []
