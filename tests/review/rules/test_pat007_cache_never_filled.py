"""PAT007 cache-never-filled."""

MODEL = '''
    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("catalog-api")
    db = sales.datastore("catalog-db", tech.PostgreSQL("16"))
    cache = sales.datastore("page-cache", tech.Redis("7.2"), role=Role.CACHE)
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
'''


def test_a_cache_only_a_service_writes_is_reported(review_model):
    reviewed = review_model(MODEL + '''
system.flow(api, cache, Mechanism.QUERY, access=Access.READ_WRITE)
''', "PAT007")
    assert reviewed.messages("PAT007") == [
        "cache page-cache: no cache-fill flow or source datastore fills it (only catalog-api "
        "writes it), so it is the only copy of its data"]


def test_a_cache_fill_or_a_flow_from_a_datastore_passes(review_model):
    filled = review_model(MODEL + '''
system.flow(api, cache, Mechanism.CACHE_FILL, access=Access.READ_WRITE)
''', "PAT007")
    assert filled.of("PAT007") == []
    fed = review_model(MODEL + '''
system.flow(db, cache, Mechanism.CDC)
''', "PAT007")
    assert fed.of("PAT007") == []
