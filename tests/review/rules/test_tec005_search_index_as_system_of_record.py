"""TEC005 search-index-as-system-of-record."""


def test_a_search_engine_holding_the_record_is_reported(rule_example):
    [message] = rule_example("TEC005").messages("TEC005")
    assert message.startswith("products keeps the system of record in OpenSearch 2.13, a "
                              "search engine")


def test_a_search_engine_as_search_index_passes(rule_example, review_model, example_model):
    assert rule_example("TEC005", fixed=True).of("TEC005") == []
    source = example_model("TEC005", ('tech.OpenSearch("2.13"))',
                                      'tech.OpenSearch("2.13"), role=Role.SEARCH_INDEX)'))
    assert review_model(source, "TEC005").of("TEC005") == []
