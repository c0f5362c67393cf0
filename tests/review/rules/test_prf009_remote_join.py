"""PRF009 remote-join."""

MODEL = '''
    metadata = MetaData()
    Table("customers", metadata, Column("id", Integer, primary_key=True),
          Column("name", String(100)))
    system = System("Shop")
    customers = system.context("Customers")
    sales = system.context("Sales")
    customer_api = customers.service("customer-api")
    customers_db = customers.datastore("customers-db", tech.PostgreSQL("16"), schema=metadata,
        access_patterns=[AccessPattern("customer by id", table="customers", equals=["id"],
                                       per_second={rate}, issued_by="order-api")])
    order_api = sales.service("order-api")
    orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
    system.flow(order_api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
    system.flow(customer_api, customers_db, Mechanism.QUERY)
    system.flow(order_api, customer_api, Mechanism.SYNC_REQUEST, name="get customer")
'''


def test_a_frequent_synchronous_cross_context_read_suggests_a_read_model(review_model):
    [finding] = review_model(MODEL.format(rate=400), "PRF009").of("PRF009")
    assert finding.message == (
        "'order-api' (Sales) reads 'customers-db' (customers) of Customers synchronously at "
        "400/s (access pattern 'customer by id', flow 'get customer') and joins it with its "
        "own 'orders-db': a read model in Sales would serve it locally")
    assert "CQRS" in finding.hint


def test_a_rare_call_or_an_event_fed_projection_passes(review_model):
    assert review_model(MODEL.format(rate=2), "PRF009").of("PRF009") == []
    projected = MODEL.format(rate=400).replace("Mechanism.SYNC_REQUEST", "Mechanism.ASYNC_EVENT")
    assert review_model(projected, "PRF009").of("PRF009") == []
