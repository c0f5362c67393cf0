"""INT007 flow-to-itself."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("order-api")
    orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
    replica = sales.datastore("orders-replica", tech.PostgreSQL("16"), role=Role.READ_MODEL)
    system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
    system.flow({source}, {target}, Mechanism.REPLICATION)  # loop
'''


def test_a_flow_from_a_datastore_to_itself_is_reported_at_the_flow(review_model):
    reviewed = review_model(MODEL.format(source="orders_db", target="orders_db"), "INT007")
    [finding] = reviewed.of("INT007")
    assert finding.line == reviewed.line_of("# loop")
    assert finding.message == ("flow orders-db → orders-db (replication) goes from datastore "
                               "orders-db to itself")


def test_a_flow_to_itself_by_name_is_reported_too(review_model):
    reviewed = review_model(MODEL.format(source="orders_db", target='"orders-db"'), "INT007")
    assert len(reviewed.of("INT007")) == 1


def test_a_flow_between_two_elements_passes(review_model):
    reviewed = review_model(MODEL.format(source="orders_db", target="replica"), "INT007")
    assert reviewed.of("INT007") == []
