"""PAT001 cqrs-read-model-not-fed."""

MODEL = '''
    system = System("Shop")
    catalog = system.context("Catalog")
    api = catalog.service("catalog-api")
    indexer = catalog.service("indexer")
    db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
    index = catalog.datastore("search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
    bus = catalog.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
    system.flow(api, index, Mechanism.QUERY, access=Access.READ)
    system.pattern(CQRS("product search", write_store=db, read_models=[index]))  # pattern
'''


def test_a_read_model_nothing_projects_into_is_reported(review_model):
    reviewed = review_model(MODEL, "PAT001")
    [finding] = reviewed.of("PAT001")
    assert finding.element == "pattern:product search"
    assert finding.line == reviewed.line_of("# pattern")
    assert ("no flow carries data from the write store catalog-db (written by catalog-api) to "
            "the read model search") in finding.message


def test_a_projection_through_cdc_and_a_broker_feeds_it(review_model):
    reviewed = review_model(MODEL + '''
system.flow(db, indexer, Mechanism.CDC, via=bus)
system.flow(indexer, index, Mechanism.QUERY, access=Access.WRITE)
''', "PAT001")
    assert reviewed.of("PAT001") == []


def test_events_published_by_the_writing_service_feed_it(review_model):
    reviewed = review_model(MODEL + '''
system.flow(api, indexer, Mechanism.ASYNC_EVENT, via=bus, events=["ProductChanged"])
system.flow(indexer, index, Mechanism.QUERY, access=Access.WRITE)
''', "PAT001")
    assert reviewed.of("PAT001") == []
