"""INT009 derives-unknown-table-or-column."""

MODEL = '''
    class OrdersBase(DeclarativeBase):
        pass

    class Order(OrdersBase):
        __tablename__ = "orders"
        id: Mapped[int] = mapped_column(primary_key=True)
        price: Mapped[int] = mapped_column()

    class MartBase(DeclarativeBase):
        pass

    class FactSales(MartBase):
        __tablename__ = "fact_sales"
        order_id: Mapped[int] = mapped_column(primary_key=True)
        amount: Mapped[int] = mapped_column()

    system = System("Shop")
    sales = system.context("Sales")
    orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=OrdersBase)
    mart = sales.datastore("mart", tech.PostgreSQL("16"), schema=MartBase, role=Role.ANALYTICS)
    system.flow(orders_db, mart, Mechanism.BATCH, carries=[Order], derives={derives})  # derives
'''


def review(review_model, derives):
    return review_model(MODEL.format(derives=derives), "INT009")


def test_an_unknown_source_column_is_reported_at_the_flow(review_model):
    reviewed = review(review_model, '{"fact_sales": {"amount": "orders.prize * 2"}}')
    [finding] = reviewed.of("INT009")
    assert finding.line == reviewed.line_of("# derives")
    assert "orders.prize" in finding.message and "has no column prize" in finding.message


def test_an_unknown_target_column_or_table_and_an_uncarried_source_are_reported(review_model):
    [finding] = review(review_model, '{"fact_sales": {"amout": "orders.price"}}').of("INT009")
    assert "fact_sales.amout" in finding.message
    [finding] = review(review_model, '{"fact_sale": ["orders"]}').of("INT009")
    assert "does not hold" in finding.message
    [finding] = review(review_model, '{"fact_sales": {"amount": "refunds.total"}}').of("INT009")
    assert "refunds" in finding.message and "does not carry" in finding.message


def test_a_correct_mapping_is_silent(review_model):
    assert review(review_model, '{"fact_sales": {"order_id": "orders.id", '
                                '"amount": "orders.price * 2"}}').of("INT009") == []
    assert review(review_model, '{"fact_sales": ["orders"]}').of("INT009") == []
