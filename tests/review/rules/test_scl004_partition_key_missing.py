"""SCL004 partition-key-missing."""

MODEL = '''
    class Base(DeclarativeBase):
        pass

    class Event(Base):
        __tablename__ = "events"
        id: Mapped[int] = mapped_column(primary_key=True)
        tenant_id: Mapped[int]
        created_at: Mapped[datetime]

    system = System("Shop")
    system.context("Tracking").datastore(
        "events-db", tech.PostgreSQL("16"), schema=Base,
        scaling=Scaling(partitioning=[
            Partitioning({table!r}, key={key!r}, interval="1 month"),  # partitioning
        ]))
'''


def test_partitioning_a_table_the_store_does_not_hold_is_reported(review_model):
    reviewed = review_model(MODEL.format(table="event", key="created_at"), "SCL004")
    [finding] = reviewed.of("SCL004")
    assert finding.line == reviewed.line_of("# partitioning")
    assert finding.message == ("partitioning of events-db names table event, but events-db "
                               "does not hold it")


def test_partitioning_on_a_column_the_table_lacks_is_reported(review_model):
    reviewed = review_model(MODEL.format(table="events", key="tenant_id, occurred_at"),
                            "SCL004")
    [finding] = reviewed.of("SCL004")
    assert finding.target == "events"
    assert finding.message == ("events is partitioned on occurred_at, which is not a column "
                               "of events")


def test_partitioning_a_store_without_tables_is_reported(review_model):
    source = MODEL.format(table="events", key="created_at").replace("schema=Base,", "")
    [finding] = review_model(source, "SCL004").of("SCL004")
    assert finding.message.endswith("but it declares no tables")


def test_partitioning_an_existing_table_on_its_columns_passes(review_model):
    for key in ("created_at", "tenant_id, created_at", "date_trunc('day', created_at)"):
        reviewed = review_model(MODEL.format(table="events", key=key), "SCL004")
        assert reviewed.of("SCL004") == [], key
