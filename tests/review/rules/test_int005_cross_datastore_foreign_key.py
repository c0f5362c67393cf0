"""INT005 cross-datastore-foreign-key."""

MODEL = '''
    class SalesBase(DeclarativeBase):
        pass

    class Order(SalesBase):
        __tablename__ = "orders"
        id: Mapped[int] = mapped_column(primary_key=True)
        customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))  # fk

    class CrmBase(DeclarativeBase):
        pass

    class Customer(CrmBase):
        __tablename__ = "customers"
        id: Mapped[int] = mapped_column(primary_key=True)

    system = System("Shop")
    system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=SalesBase)
    system.context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=CrmBase)
'''


def test_a_key_into_another_datastore_is_reported_at_the_column(review_model):
    reviewed = review_model(MODEL, "INT005", "INT006")
    [finding] = reviewed.of("INT005")
    assert finding.target == "orders.customer_id"
    assert finding.line == reviewed.line_of("# fk")
    assert "orders(customer_id) → customers(id) points into crm-db" in finding.message
    assert "owned by context CRM" in finding.message
    assert reviewed.of("INT006") == []


def test_a_key_inside_one_datastore_passes(review_model):
    reviewed = review_model(MODEL.replace("schema=CrmBase", "schema=None").replace(
        "class Customer(CrmBase)", "class Customer(SalesBase)"), "INT005")
    assert reviewed.of("INT005") == []
