"""PRF010 unknown-pattern-column."""

MODEL = '''
    class Base(DeclarativeBase):
        pass

    class Order(Base):
        __tablename__ = "orders"
        __table_args__ = {{"info": table_notes(access=[
            AccessPattern("by customer", equals=["{column}"]),  # the pattern
        ])}}
        id: Mapped[int] = mapped_column(primary_key=True)
        customer_id: Mapped[int]

    System("Shop").context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
'''


def test_a_misspelt_column_is_an_error_at_the_pattern(review_model):
    reviewed = review_model(MODEL.format(column="customer"), "PRF010")
    [finding] = reviewed.of("PRF010")
    assert finding.severity == "error"
    assert finding.line == reviewed.line_of("# the pattern")
    assert finding.message == ("access pattern 'by customer' names 'customer', not a column of "
                               "orders (columns: id, customer_id)")


def test_known_columns_pass(review_model):
    assert review_model(MODEL.format(column="customer_id"), "PRF010").of("PRF010") == []
