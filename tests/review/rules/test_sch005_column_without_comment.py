"""SCH005 column-without-comment."""

MODEL = '''
    class Base(DeclarativeBase):
        pass

    class Order(Base):
        __tablename__ = "orders"
        id: Mapped[int] = mapped_column(primary_key=True)
        total_cents: Mapped[int] = mapped_column({total})  # total
        placed_at: Mapped[datetime] = mapped_column({placed})

    system = System("Shop")
    system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
'''


def test_uncommented_columns_are_listed_in_one_info_finding_per_table(review_model):
    reviewed = review_model(MODEL.format(total="", placed=""), "SCH005")
    [finding] = reviewed.of("SCH005")
    assert finding.severity == "info"
    assert finding.target == "orders"
    assert finding.line == reviewed.line_of("# total")
    assert finding.message == ("2 of 3 columns of orders in orders-db have no comment: "
                               "total_cents, placed_at")


def test_one_missing_comment_targets_the_column(rule_example):
    [finding] = rule_example("SCH005").of("SCH005")
    assert finding.target == "orders.total_cents"
    assert finding.message == "column total_cents of orders in orders-db has no comment"
    assert rule_example("SCH005", fixed=True).of("SCH005") == []


def test_commented_columns_pass(review_model):
    reviewed = review_model(MODEL.format(total='comment="Amount in cents."',
                                         placed='comment="When the buyer paid (UTC)."'),
                            "SCH005")
    assert reviewed.of("SCH005") == []
