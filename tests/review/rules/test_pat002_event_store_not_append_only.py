"""PAT002 event-store-not-append-only."""


def test_an_event_store_on_postgresql_is_reported(rule_example):
    [finding] = rule_example("PAT002").of("PAT002")
    assert finding.message.startswith("event store ledger-events runs on PostgreSQL 16, which "
                                      "has no append-only log")


def test_an_event_store_named_only_by_the_pattern_is_checked_too(review_model):
    reviewed = review_model('''
        system = System("Bank")
        store = system.context("Ledger").datastore("ledger", tech.MongoDB("7"))
        system.pattern(EventSourcing("ledger", event_store=store))
    ''', "PAT002")
    assert len(reviewed.of("PAT002")) == 1


def test_an_event_store_on_an_append_only_log_passes(rule_example):
    assert rule_example("PAT002", fixed=True).of("PAT002") == []


def test_append_only_requirement_on_an_event_store_is_reported_once(review_model, example_model):
    source = example_model("PAT002", (
        "role=Role.EVENT_STORE", "role=Role.EVENT_STORE, requirements=[Requirement.APPEND_ONLY]"))
    reviewed = review_model(source, "PAT002", "TEC001")
    assert [f.rule for f in reviewed.report.findings] == ["PAT002"]
