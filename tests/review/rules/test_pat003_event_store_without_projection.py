"""PAT003 event-store-without-projection."""

MODEL = '''
    system = System("Bank")
    ledger = system.context("Ledger")
    api = ledger.service("ledger-api")
    projector = ledger.service("projector")
    store = ledger.datastore("ledger-events", tech.EventStoreDB("23"), role=Role.EVENT_STORE)
    balances = ledger.datastore("balances", tech.PostgreSQL("16"), role=Role.READ_MODEL)
    system.flow(api, store, Mechanism.QUERY, access=Access.READ_WRITE)
'''


def test_event_sourcing_without_projections_is_reported(rule_example):
    reviewed = rule_example("PAT003")
    [finding] = reviewed.of("PAT003")
    assert finding.line == reviewed.line_of("system.pattern(EventSourcing(")
    assert "event store ledger-events declares no projection" in finding.message
    assert rule_example("PAT003", fixed=True).of("PAT003") == []


def test_a_declared_projection_nothing_feeds_is_reported(review_model):
    reviewed = review_model(MODEL + 'system.pattern(EventSourcing("ledger", event_store=store, '
                            'projections=[balances]))\n', "PAT003")
    [message] = reviewed.messages("PAT003")
    assert "projection balances is fed by no flow from the event store ledger-events" in message


def test_a_fed_projection_passes(review_model):
    reviewed = review_model(MODEL + '''
system.flow(store, projector, Mechanism.ASYNC_EVENT)
system.flow(projector, balances, Mechanism.QUERY, access=Access.WRITE)
system.pattern(EventSourcing("ledger", event_store=store, projections=[balances]))
''', "PAT003")
    assert reviewed.of("PAT003") == []


def test_an_event_store_role_without_pattern_needs_a_downstream_store(review_model):
    reviewed = review_model(MODEL, "PAT003")
    [finding] = reviewed.of("PAT003")
    assert finding.element == "datastore:ledger-events"
