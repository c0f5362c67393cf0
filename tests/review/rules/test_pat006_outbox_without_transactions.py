"""PAT006 outbox-without-transactions."""


def test_an_outbox_in_a_store_without_transactions_is_reported(rule_example):
    [message] = rule_example("PAT006").messages("PAT006")
    assert "orders-db runs on Apache Cassandra 4.1, which has no multi-record transactions" in \
        message


def test_an_outbox_in_postgresql_passes(rule_example):
    assert rule_example("PAT006", fixed=True).of("PAT006") == []
