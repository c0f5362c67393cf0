"""INT009 derives-unknown-table-or-column."""

import pytest

DERIVES = '{"fact_sales": {"order_id": "orders.id", "amount": "orders.prize"}}'
"""What the flow of the page's example derives."""


@pytest.fixture
def findings(review_model, example_model):
    """The INT009 findings of the page's example with the flow deriving ``derives``."""
    return lambda derives: review_model(
        example_model("INT009", (DERIVES, derives)), "INT009").of("INT009")


def test_an_unknown_source_column_is_reported_at_the_flow(rule_example):
    reviewed = rule_example("INT009")
    [finding] = reviewed.of("INT009")
    assert finding.line == reviewed.line_of("system.flow(orders_db, mart")
    assert "orders.prize" in finding.message and "has no column prize" in finding.message


def test_the_columns_the_tables_hold_pass(rule_example):
    assert rule_example("INT009", fixed=True).of("INT009") == []


def test_an_unknown_target_column_or_table_and_an_uncarried_source_are_reported(findings):
    [finding] = findings('{"fact_sales": {"amout": "orders.price"}}')
    assert "fact_sales.amout" in finding.message
    [finding] = findings('{"fact_sale": ["orders"]}')
    assert "does not hold" in finding.message
    [finding] = findings('{"fact_sales": {"amount": "refunds.total"}}')
    assert "refunds" in finding.message and "does not carry" in finding.message


def test_a_correct_mapping_is_silent(findings):
    assert findings('{"fact_sales": {"order_id": "orders.id", "amount": "orders.price * 2"}}') == []
    assert findings('{"fact_sales": ["orders"]}') == []
