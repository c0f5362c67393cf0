"""PAT005 outbox-without-relay."""

MODEL = '''
    metadata = MetaData()
    Table("outbox", metadata, Column("id", Integer, primary_key=True))
    system = System("Shop")
    sales = system.context("Sales")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
    other = sales.datastore("other-db", tech.PostgreSQL("16"))
    bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
    relay = system.flow(db, bus, Mechanism.CDC, carries=["outbox"])
    wrong = system.flow(other, bus, Mechanism.CDC)
'''


def test_an_outbox_without_relay_is_reported(rule_example):
    [finding] = rule_example("PAT005").of("PAT005")
    assert "no relay flow publishes table outbox of orders-db" in finding.message
    assert rule_example("PAT005", fixed=True).of("PAT005") == []


def test_a_relay_that_does_not_touch_the_datastore_is_reported(review_model):
    reviewed = review_model(MODEL + '''
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=wrong))
''', "PAT005")
    [message] = reviewed.messages("PAT005")
    assert "relay flow other-db → bus (cdc) neither reads nor starts from orders-db" in message


def test_a_cdc_relay_from_the_datastore_passes(review_model):
    reviewed = review_model(MODEL + '''
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
''', "PAT005")
    assert reviewed.of("PAT005") == []
