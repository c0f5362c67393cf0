"""PAT001 cqrs-read-model-not-fed."""


def test_a_read_model_nothing_projects_into_is_reported(rule_example):
    reviewed = rule_example("PAT001")
    [finding] = reviewed.of("PAT001")
    assert finding.element == "pattern:product search"
    assert finding.line == reviewed.line_of('system.pattern(CQRS("product search"')
    assert ("no flow carries data from the write store catalog-db (written by catalog-api) to "
            "the read model product-search") in finding.message


def test_a_projection_through_cdc_and_a_broker_feeds_it(rule_example):
    assert rule_example("PAT001", fixed=True).of("PAT001") == []


def test_events_published_by_the_writing_service_feed_it(review_model, example_model):
    reviewed = review_model(example_model("PAT001") + '''
indexer = catalog.service("indexer")
bus = catalog.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
system.flow(api, indexer, Mechanism.ASYNC_EVENT, via=bus, events=["ProductChanged"])
system.flow(indexer, index, Mechanism.QUERY, access=Access.WRITE)
''', "PAT001")
    assert reviewed.of("PAT001") == []
