"""INT008 carried-table-held-by-neither-end."""

MODEL = '''
    class OrdersBase(DeclarativeBase):
        pass

    class Order(OrdersBase):
        __tablename__ = "orders"
        id: Mapped[int] = mapped_column(primary_key=True)

    class CatalogBase(DeclarativeBase):
        pass

    class Product(CatalogBase):
        __tablename__ = "products"
        id: Mapped[int] = mapped_column(primary_key=True)

    class ReportBase(DeclarativeBase):
        pass

    class DailySales(ReportBase):
        __tablename__ = "daily_sales"
        id: Mapped[int] = mapped_column(primary_key=True)

    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("order-api")
    orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=OrdersBase)
    catalog_db = sales.datastore("catalog-db", tech.PostgreSQL("16"), schema=CatalogBase)
    reports = sales.datastore("reports-db", tech.PostgreSQL("16"), schema=ReportBase,
                              role=Role.ANALYTICS)
    cache = sales.datastore("cache", tech.Redis("7"), role=Role.CACHE)
    system.flow({source}, {target}, Mechanism.{mechanism}, carries=[{carries}])  # carries
'''


def review(review_model, source="api", target="orders_db", mechanism="QUERY", carries="Order"):
    return review_model(MODEL.format(source=source, target=target, mechanism=mechanism,
                                     carries=carries), "INT008")


def test_a_table_no_datastore_holds_is_reported_at_the_flow(rule_example):
    reviewed = rule_example("INT008")
    [finding] = reviewed.of("INT008")
    assert finding.line == reviewed.line_of('carries=["order"]')
    assert finding.target == "order"
    assert finding.message == ("flow order-api → orders-db (query) carries table order, which "
                               "no datastore of Shop holds")
    assert rule_example("INT008", fixed=True).of("INT008") == []


def test_a_flow_between_datastores_carrying_a_table_neither_holds_is_reported(review_model):
    reviewed = review(review_model, source="orders_db", target="reports",
                      mechanism="BATCH", carries="Product")
    [finding] = reviewed.of("INT008")
    assert "between datastores orders-db and reports-db, and neither holds it (it is in " \
        "catalog-db)" in finding.message


def test_a_table_held_by_one_end_passes(review_model):
    assert review(review_model).of("INT008") == []
    assert review(review_model, source="orders_db", target="reports", mechanism="BATCH",
                  carries="Order").of("INT008") == []


def test_a_copy_into_a_cache_or_between_services_passes(review_model):
    # The cache declares no tables: it holds copies of what the flow carries.
    assert review(review_model, source="api", target="cache", mechanism="CACHE_FILL",
                  carries="Product").of("INT008") == []
    # A service writing a table held elsewhere into a store (ETL) is lineage, not a mistake.
    assert review(review_model, source="api", target="reports", mechanism="BATCH",
                  carries="Product").of("INT008") == []


STRUCTURES = '''
    from archdocs import KeyPattern, ValueType

    SESSION = KeyPattern("session:{{token}}", ValueType.HASH, ttl="30m")

    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("order-api")
    sessions = sales.datastore("session-store", tech.Redis("7"), role=Role.CACHE,
                               structures=[SESSION])
    system.flow(api, sessions, Mechanism.QUERY, access=Access.READ_WRITE,
                carries=[{carries}])  # carries
'''


def test_a_physical_structure_the_store_declares_is_held(review_model):
    # A key pattern (or collection, topic, search index) is carried by its name, like a table.
    held = review_model(STRUCTURES.format(carries='"session:{token}"'), "INT008")
    assert held.of("INT008") == []
    missing = review_model(STRUCTURES.format(carries='"sesion:{token}"'), "INT008")
    assert [f.target for f in missing.of("INT008")] == ["sesion:{token}"]
