"""PAT007 cache-never-filled."""


def test_a_cache_only_a_service_writes_is_reported(rule_example):
    assert rule_example("PAT007").messages("PAT007") == [
        "cache page-cache: no cache-fill flow or source datastore fills it (only catalog-api "
        "writes it), so it is the only copy of its data"]


def test_a_cache_fill_or_a_flow_from_a_datastore_passes(rule_example, review_model,
                                                        example_model):
    assert rule_example("PAT007", fixed=True).of("PAT007") == []
    fed = example_model("PAT007", ("system.flow(api, cache, Mechanism.QUERY, access=Access.READ_WRITE)",
                                   "system.flow(catalog_db, cache, Mechanism.CDC)"))
    assert review_model(fed, "PAT007").of("PAT007") == []
