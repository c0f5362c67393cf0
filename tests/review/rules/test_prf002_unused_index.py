"""PRF002 unused-index."""

MODEL = '''
    metadata = MetaData()
    customers = Table("customers", metadata, Column("id", Integer, primary_key=True))
    orders = Table(
        "orders", metadata,
        Column("id", Integer, primary_key=True),
        Column("customer_id", Integer, ForeignKey("customers.id")),
        Column("status", String(20)),
        Column("email", String(200), unique=True),
        Column("created_at", DateTime),
    )
    Index("ix_orders_customer", orders.c.customer_id)
    Index("ix_orders_status_created", orders.c.status, orders.c.created_at)
    system = System("Shop")
    system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
        access_patterns=[AccessPattern("by status", table="orders", equals=["status"],
                                       order_by=["created_at"])])
'''


def test_an_index_no_pattern_uses_is_reported_as_info(rule_example):
    [finding] = rule_example("PRF002").of("PRF002")
    assert finding.severity == "info"
    assert finding.message == ("index ix_orders_created (created_at) on orders is used by none "
                               "of its declared access patterns ('orders by status')")
    # Declaring the pattern the index exists for clears it.
    assert rule_example("PRF002", fixed=True).of("PRF002") == []


def test_used_unique_foreign_key_and_undeclared_tables_are_not_reported(review_model):
    # ix_orders_status_created serves the pattern, the e-mail key enforces uniqueness,
    # ix_orders_customer leads with a foreign key, customers declares no pattern at all.
    reviewed = review_model(MODEL, "PRF002")
    assert reviewed.of("PRF002") == []
