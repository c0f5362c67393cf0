"""TEC005 search-index-as-system-of-record."""

MODEL = '''
    system = System("Shop")
    system.context("Catalog").datastore("products", tech.OpenSearch("2.13"), role={role})
'''


def test_a_search_engine_holding_the_record_is_reported(review_model):
    reviewed = review_model(MODEL.format(role="Role.SYSTEM_OF_RECORD"), "TEC005")
    [message] = reviewed.messages("TEC005")
    assert message.startswith("products keeps the system of record in OpenSearch 2.13, a "
                              "search engine")


def test_a_search_engine_as_search_index_passes(review_model):
    assert review_model(MODEL.format(role="Role.SEARCH_INDEX"), "TEC005").of("TEC005") == []
