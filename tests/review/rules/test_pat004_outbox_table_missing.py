"""PAT004 outbox-table-missing."""

MODEL = '''
    class OrdersBase(DeclarativeBase):
        pass

    class Order(OrdersBase):
        __tablename__ = "orders"
        id: Mapped[int] = mapped_column(primary_key=True)

    class Outbox(OrdersBase):
        __tablename__ = "order_outbox"
        id: Mapped[int] = mapped_column(primary_key=True)
        payload: Mapped[str] = mapped_column(Text)

    system = System("Shop")
    sales = system.context("Sales")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=OrdersBase)
    bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
    relay = system.flow(db, bus, Mechanism.CDC, carries=["order_outbox"])
    system.pattern(TransactionalOutbox("order events", datastore=db, table={table!r},
                                       relay=relay))  # pattern
'''


def test_an_outbox_table_the_datastore_lacks_is_reported(rule_example, review_model):
    assert rule_example("PAT004").messages("PAT004") == [
        "outbox order events: table outbox is not in orders-db (it holds orders)"]
    reviewed = review_model(MODEL.format(table="outbox"), "PAT004")
    [finding] = reviewed.of("PAT004")
    assert finding.message == ("outbox order events: table outbox is not in orders-db (it "
                               "holds order_outbox, orders)")


def test_the_outbox_table_declared_in_the_datastore_passes(rule_example):
    assert rule_example("PAT004", fixed=True).of("PAT004") == []


def test_an_existing_outbox_table_passes(review_model):
    reviewed = review_model(MODEL.format(table="order_outbox"), "PAT004")
    assert reviewed.of("PAT004") == []
