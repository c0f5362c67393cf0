"""PRF010 unknown-pattern-column."""


def test_a_misspelt_column_is_an_error_at_the_pattern(rule_example):
    reviewed = rule_example("PRF010")
    [finding] = reviewed.of("PRF010")
    assert finding.severity == "error"
    assert finding.line == reviewed.line_of('AccessPattern("orders of a customer"')
    assert finding.message == ("access pattern 'orders of a customer' names 'customer', not a "
                               "column of orders (columns: id, customer_id)")


def test_known_columns_pass(rule_example):
    assert rule_example("PRF010", fixed=True).of("PRF010") == []


def test_an_unknown_table_is_an_error_too(review_model, example_model):
    reviewed = review_model(example_model("PRF010", ("schema=Base)", """schema=Base,
    access_patterns=[AccessPattern("carts of a customer", table="carts",
                                   equals=["customer_id"])])"""), fixed=True), "PRF010")
    [finding] = reviewed.of("PRF010")
    assert finding.message == ("access pattern 'carts of a customer' names table 'carts', "
                               "which orders-db does not hold (it holds orders)")
