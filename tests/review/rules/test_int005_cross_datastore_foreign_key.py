"""INT005 cross-datastore-foreign-key."""

def test_a_key_into_another_datastore_is_reported_at_the_column(rule_example):
    reviewed = rule_example("INT005")
    [finding] = reviewed.of("INT005")
    assert finding.target == "orders.customer_id"
    assert finding.line == reviewed.line_of('ForeignKey("customers.id")')
    assert "orders(customer_id) → customers(id) points into crm-db" in finding.message
    assert "owned by context CRM" in finding.message
    assert reviewed.of("INT006") == []


def test_an_identifier_kept_without_a_constraint_passes(rule_example):
    assert rule_example("INT005", fixed=True).of("INT005") == []


def test_a_key_inside_one_datastore_passes(review_model):
    reviewed = review_model('''
        class SalesBase(DeclarativeBase):
            pass

        class Order(SalesBase):
            __tablename__ = "orders"
            id: Mapped[int] = mapped_column(primary_key=True)
            customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))

        class Customer(SalesBase):
            __tablename__ = "customers"
            id: Mapped[int] = mapped_column(primary_key=True)

        system = System("Shop")
        system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=SalesBase)
    ''', "INT005")
    assert reviewed.of("INT005") == []
