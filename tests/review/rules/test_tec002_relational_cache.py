"""TEC002 relational-cache."""


def test_a_relational_cache_is_reported_with_its_reasons(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        db = sales.datastore("orders-db", tech.PostgreSQL("16"))
        cache = sales.datastore("page-cache", tech.MySQL("8"), role=Role.CACHE,
                                requirements=[Requirement.TTL])
        system.flow(db, cache, Mechanism.CACHE_FILL)
    ''', "TEC002", "TEC001")
    [finding] = reviewed.of("TEC002")
    assert finding.element == "datastore:page-cache"
    assert ("(its role is cache; it requires ttl; it is filled by cache-fill flow "
            "orders-db → page-cache (cache-fill))") in finding.message
    assert reviewed.of("TEC001") == []  # the TTL requirement is reported once, here


def test_a_key_value_cache_and_a_relational_record_pass(review_model):
    reviewed = review_model('''
        system = System("Shop")
        sales = system.context("Sales")
        db = sales.datastore("orders-db", tech.PostgreSQL("16"))
        cache = sales.datastore("page-cache", tech.Redis("7"), role=Role.CACHE,
                                requirements=[Requirement.TTL])
        system.flow(db, cache, Mechanism.CACHE_FILL)
    ''', "TEC002")
    assert reviewed.of("TEC002") == []
