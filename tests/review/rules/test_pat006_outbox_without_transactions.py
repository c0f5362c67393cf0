"""PAT006 outbox-without-transactions."""

MODEL = '''
    metadata = MetaData()
    Table("outbox", metadata, Column("id", Integer, primary_key=True))
    system = System("Shop")
    sales = system.context("Sales")
    db = sales.datastore("orders-db", {technology}, schema=metadata)
    bus = sales.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER)
    relay = system.flow(db, bus, Mechanism.CDC)
    system.pattern(TransactionalOutbox("events", datastore=db, table="outbox", relay=relay))
'''


def test_an_outbox_in_a_store_without_transactions_is_reported(review_model):
    reviewed = review_model(MODEL.format(technology='tech.Cassandra("4.1")'), "PAT006")
    [message] = reviewed.messages("PAT006")
    assert "orders-db runs on Apache Cassandra 4.1, which has no multi-record transactions" in \
        message


def test_an_outbox_in_postgresql_passes(review_model):
    reviewed = review_model(MODEL.format(technology='tech.PostgreSQL("16")'), "PAT006")
    assert reviewed.of("PAT006") == []
