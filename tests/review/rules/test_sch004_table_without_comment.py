"""SCH004 table-without-comment."""

MODEL = '''
    class Base(DeclarativeBase):
        pass

    class Order(Base):  # orders
        __tablename__ = "orders"
        {table_args}
        id: Mapped[int] = mapped_column(primary_key=True)

    system = System("Shop")
    system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
'''


def test_a_table_without_comment_is_an_info_finding(review_model):
    reviewed = review_model(MODEL.format(table_args=""), "SCH004")
    [finding] = reviewed.of("SCH004")
    assert finding.severity == "info"
    assert finding.line == reviewed.line_of("# orders")
    assert finding.message == "table orders in orders-db has no comment saying what one row is"


def test_a_commented_table_passes(review_model):
    reviewed = review_model(MODEL.format(table_args='__table_args__ = {"comment": "A checkout."}'),
                            "SCH004")
    assert reviewed.of("SCH004") == []
