"""INT006 dangling-foreign-key."""

def test_a_key_to_a_table_that_exists_nowhere_is_reported(rule_example):
    reviewed = rule_example("INT006")
    [finding] = reviewed.of("INT006")
    assert finding.target == "orders.customer_id"
    assert finding.line == reviewed.line_of('ForeignKey("customer.id")')
    assert "references table customer, which no datastore in the model declares" in \
        finding.message


def test_a_key_to_a_declared_table_passes(rule_example):
    assert rule_example("INT006", fixed=True).of("INT006") == []
