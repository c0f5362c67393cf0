"""PRF007 text-search-without-full-text."""

MODEL = '''
    metadata = MetaData()
    Table("products", metadata, Column("sku", String(20), primary_key=True),
          Column("title", String(200)))
    system = System("Shop")
    catalog = system.context("Catalog")
    catalog.datastore("catalog-cache", {technology}, schema=metadata, role=Role.CACHE,
        access_patterns=[AccessPattern("search products", table="products",
                                       equals=["title"], text_search=True)])
'''


def test_text_search_on_a_store_without_full_text_is_reported(rule_example, review_model,
                                                             example_model):
    [finding] = rule_example("PRF007").of("PRF007")
    assert finding.message == ("access pattern 'search products' searches text in products "
                               "(title), but Redis has no full-text search")
    # Declared on the search index instead, as the page's fix does, the pattern is served.
    assert rule_example("PRF007", fixed=True).of("PRF007") == []
    # The hint names a store of the system that has full-text search.
    reviewed = review_model(example_model("PRF007") + '''
catalog.datastore("search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
''', "PRF007")
    [finding] = reviewed.of("PRF007")
    assert "search" in finding.hint and "already in the system" in finding.hint


def test_text_search_on_a_search_store_passes(review_model):
    reviewed = review_model(MODEL.format(technology='tech.Elasticsearch("8")'), "PRF007")
    assert reviewed.of("PRF007") == []
