"""TEC003 unpartitioned-time-series."""

MODEL = '''
    class Base(DeclarativeBase):
        pass

    class Reading(Base):  # readings
        __tablename__ = "readings"
        __table_args__ = {{"info": table_notes(volume=Volume(rows_per_day={per_day}))}}
        id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
        sensor_id: Mapped[int]
        measured_at: Mapped[datetime]

    system = System("Plant")
    system.context("Telemetry").datastore("telemetry-db", {technology}, schema=Base{opts})
'''


def test_millions_of_timestamped_rows_a_day_in_one_table_are_reported(review_model):
    reviewed = review_model(MODEL.format(per_day=5_000_000, technology='tech.PostgreSQL("16")',
                                         opts=""), "TEC003")
    [finding] = reviewed.of("TEC003")
    assert finding.target == "readings"
    assert finding.line == reviewed.line_of("# readings")
    assert finding.message.startswith("readings takes 5 M rows/day (1.8 bn a year) keyed by "
                                      "time (measured_at) in one unpartitioned PostgreSQL table")


def test_partitioned_small_or_time_series_stores_pass(review_model):
    partitioned = (', scaling=Scaling(partitioning=[Partitioning(table="readings", '
                   'key="measured_at", interval="1 day", retention="30 days")])')
    for per_day, technology, opts in [
        (5_000_000, 'tech.PostgreSQL("16")', partitioned),
        (50_000, 'tech.PostgreSQL("16")', ""),
        (5_000_000, 'tech.TimescaleDB("2.14")', ""),
    ]:
        reviewed = review_model(MODEL.format(per_day=per_day, technology=technology, opts=opts),
                                "TEC003")
        assert reviewed.of("TEC003") == [], (per_day, technology, opts)
