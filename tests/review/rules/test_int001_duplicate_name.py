"""INT001 duplicate-name: duplicate names per kind (names that only share a slug are fine:
they get pages of their own)."""


def test_two_datastores_with_one_name_are_reported_at_the_second(rule_example):
    reviewed = rule_example("INT001")
    [finding] = reviewed.of("INT001")
    assert finding.severity == "error"
    assert finding.element == "datastore:orders-db"
    assert finding.line == reviewed.line_of("role=Role.READ_MODEL")
    assert finding.file == "models/shop.py"
    first = reviewed.line_of('sales.datastore("orders-db", tech.PostgreSQL("16"))')
    assert f"models/shop.py:{first}" in finding.message


def test_two_datastores_with_their_own_names_pass(rule_example):
    assert rule_example("INT001", fixed=True).of("INT001") == []


def test_names_that_share_a_slug_are_not_reported(review_model):
    reviewed = review_model('''
        system = System("Shop")
        system.context("Order Service")
        system.context("order-service")
        system.context("order_service")
    ''', "INT001")
    assert reviewed.of("INT001") == []


def test_a_service_and_a_datastore_with_one_name_is_a_warning(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        sales.service("orders")
        sales.datastore("orders", tech.PostgreSQL("16"))
    ''', "INT001")
    [finding] = reviewed.of("INT001")
    assert finding.severity == "warning"
    assert "cannot tell them apart" in finding.message


def test_unique_names_pass(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        api = sales.service("order-api")
        db = sales.datastore("orders-db", tech.PostgreSQL("16"))
        system.flow(api, db, Mechanism.QUERY, access=Access.READ)
        system.flow(api, db, Mechanism.QUERY, access=Access.WRITE, name="order-api writes")
    ''', "INT001")
    assert reviewed.of("INT001") == []


def test_two_unnamed_flows_between_the_same_ends_collide(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        api = sales.service("order-api")
        db = sales.datastore("orders-db", tech.PostgreSQL("16"))
        system.flow(api, db, Mechanism.QUERY, access=Access.READ)
        system.flow(api, db, Mechanism.QUERY, access=Access.WRITE)
    ''', "INT001")
    [finding] = reviewed.of("INT001")
    assert finding.element == "flow:order-api → orders-db (query)"


def test_two_systems_with_one_name_are_reported_once(review_model):
    reviewed = review_model('''
        System("Web Shop")
        System("web-shop")
        System("Web Shop")  # second
    ''', "INT001")
    [finding] = reviewed.of("INT001")
    assert finding.element == "system:Web Shop"
    assert finding.line == reviewed.line_of("# second")
    assert "already used by the system declared at models/model.py:" in finding.message


def test_tables_whose_names_share_a_slug_are_not_reported(review_model):
    reviewed = review_model('''
        metadata = MetaData()
        Table("Order Lines", metadata, Column("id", Integer, primary_key=True))
        Table("order_lines", metadata, Column("id", Integer, primary_key=True))
        System("Shop").context("Sales").datastore("db", tech.PostgreSQL("16"), schema=metadata)
    ''', "INT001")
    assert reviewed.of("INT001") == []


def test_two_scenarios_with_one_name_are_reported_by_check(review_model):
    """The site refuses them (one page per scenario): check must say so first, not pass."""
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        api = sales.service("order-api")
        db = sales.datastore("orders-db", tech.PostgreSQL("16"))
        system.flow(api, db, Mechanism.QUERY, access=Access.READ, name="read orders")
        system.scenario("Checkout", steps=["read orders"])
        system.scenario("Checkout", steps=["read orders"])
    ''', "INT001")
    [finding] = reviewed.of("INT001")
    assert finding.element == "scenario:Checkout"
    assert "scenario name 'Checkout' is already used by the scenario declared at" in \
        finding.message
