"""SCH002 unindexed-foreign-key."""

MODEL = '''
    class Base(DeclarativeBase):
        pass

    class Customer(Base):
        __tablename__ = "customers"
        id: Mapped[int] = mapped_column(primary_key=True)

    class Order(Base):
        __tablename__ = "orders"
        {table_args}
        id: Mapped[int] = mapped_column(primary_key=True)
        customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"){index})  # fk
        status: Mapped[str] = mapped_column(String(20))

    system = System("Shop")
    system.context("Sales").datastore("orders-db", {technology}, schema=Base)
'''


def model(index: str = "", table_args: str = "", technology: str = 'tech.PostgreSQL("16")'):
    return MODEL.format(index=index, table_args=table_args, technology=technology)


def test_a_foreign_key_without_index_is_reported_at_the_column(rule_example):
    reviewed = rule_example("SCH002")
    [finding] = reviewed.of("SCH002")
    assert finding.target == "orders.customer_id"
    assert finding.line == reviewed.line_of('ForeignKey("customers.id")')
    assert finding.message == ("foreign key orders(customer_id) → customers(id) has no index on "
                               "(customer_id): every delete or key update in customers scans "
                               "orders")


def test_an_index_that_starts_with_the_key_columns_serves(rule_example, review_model):
    assert rule_example("SCH002", fixed=True).of("SCH002") == []
    composite = '__table_args__ = (Index("ix_orders_customer_status", "customer_id", "status"),)'
    assert review_model(model(table_args=composite), "SCH002").of("SCH002") == []


def test_an_index_where_the_key_is_not_leading_does_not_serve(review_model):
    trailing = '__table_args__ = (Index("ix_orders_status_customer", "status", "customer_id"),)'
    assert len(review_model(model(table_args=trailing), "SCH002").of("SCH002")) == 1


def test_mysql_indexes_foreign_keys_itself(review_model):
    assert review_model(model(technology='tech.MySQL("8")'), "SCH002").of("SCH002") == []
