"""INT003 outside-any-context."""


def test_a_datastore_declared_on_the_system_has_no_owner(review_model):
    reviewed = review_model('''
        system = System("Shop")
        system.context("Sales").service("order-api")
        system.datastore("legacy-db", tech.MySQL("5.7"))  # here
        system.service("cron")
    ''', "INT003")
    findings = reviewed.of("INT003")
    assert [f.element for f in findings] == ["datastore:legacy-db", "service:cron"]
    assert findings[0].line == reviewed.line_of("# here")
    assert "belongs to no bounded context" in findings[0].message


def test_elements_declared_through_a_context_pass(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        sales.service("order-api")
        sales.datastore("orders-db", tech.PostgreSQL("16"))
    ''', "INT003")
    assert reviewed.of("INT003") == []
