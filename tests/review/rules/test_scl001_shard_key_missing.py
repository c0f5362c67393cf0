"""SCL001 shard-key-missing."""

MODEL = '''
    class OrdersBase(DeclarativeBase):
        pass

    class Order(OrdersBase):
        __tablename__ = "orders"
        id: Mapped[int] = mapped_column(primary_key=True)
        customer_id: Mapped[int]

    class OrderLine(OrdersBase):  # lines
        __tablename__ = "order_lines"
        id: Mapped[int] = mapped_column(primary_key=True)
        order_id: Mapped[int]
        {extra}

    class Country(OrdersBase):
        __tablename__ = "countries"
        code: Mapped[str] = mapped_column(String(2), primary_key=True)

    system = System("Shop")
    system.context("Sales").datastore(
        "orders-db", tech.PostgreSQL("16"), schema=OrdersBase,
        scaling=Scaling(sharding=[Sharding(key="customer_id", shards=16,
                                           reference_tables=[{reference!r}])]),
    )
'''


def test_a_sharded_table_without_the_key_column_is_reported_at_its_class(rule_example):
    reviewed = rule_example("SCL001")
    [finding] = reviewed.of("SCL001")
    assert finding.target == "order_lines"
    assert finding.line == reviewed.line_of("class OrderLine(Base)")
    assert finding.message == ("order_lines is sharded on customer_id across 16 shards of "
                               "orders-db but has no customer_id column")
    assert rule_example("SCL001", fixed=True).of("SCL001") == []


def test_a_reference_table_name_the_store_lacks_is_reported(review_model):
    reviewed = review_model(MODEL.format(extra="customer_id: Mapped[int]", reference="country"),
                            "SCL001")
    messages = reviewed.messages("SCL001")
    assert any("names table country, which orders-db does not hold" in m for m in messages)


def test_every_sharded_table_with_the_key_passes(review_model):
    reviewed = review_model(MODEL.format(extra="customer_id: Mapped[int]",
                                         reference="countries"), "SCL001")
    assert reviewed.of("SCL001") == []
