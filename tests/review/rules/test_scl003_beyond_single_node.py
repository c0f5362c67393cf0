"""SCL003 beyond-single-node: storage and write budgets."""

MODEL = '''
    class Base(DeclarativeBase):
        pass

    class Event(Base):
        __tablename__ = "orders"
        __table_args__ = {{"info": table_notes(volume=Volume(rows_per_day={per_day}{row_bytes}))}}
        id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
        created_at: Mapped[datetime]

    system = System("Shop")
    db = system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base{opts})
'''


def model(per_day: int, opts: str = "", row_bytes: str = ", row_bytes=1000") -> str:
    return MODEL.format(per_day=per_day, opts=opts, row_bytes=row_bytes)


def test_a_table_growing_past_the_storage_budget_names_the_numbers(rule_example):
    storage = [f for f in rule_example("SCL003").of("SCL003") if f.target == "orders"]
    assert [f.message for f in storage] == [
        "orders grows 9.1 TB/yr (25 M rows/day × 1 kB/row declared), above PostgreSQL's "
        "single-node budget of 2 TB, and declares no partitioning or sharding"
    ]
    assert rule_example("SCL003", fixed=True).of("SCL003") == []


def test_write_rate_beyond_the_budget_is_reported_on_the_datastore(review_model):
    reviewed = review_model(model(864_000_000, opts=""), "SCL003")
    writes = [f for f in reviewed.of("SCL003") if f.target is None]
    assert len(writes) == 1
    assert ("orders-db takes 10,000 writes/s (orders 10,000 avg), above PostgreSQL's "
            "single-node budget of 5,000 writes/s") in writes[0].message


def test_row_size_is_estimated_from_column_types_when_not_given(review_model):
    reviewed = review_model(model(150_000_000, row_bytes=""), "SCL003")
    [storage] = [f for f in reviewed.of("SCL003") if f.target == "orders"]
    # PostgreSQL's layout (archdocs.perf.estimate): a 44 B heap row (23 B header, item pointer,
    # bigint, timestamp, page fill) plus a 22 B primary-key entry; 150 M rows/day × 365 → 3.7 TB.
    assert storage.message.startswith(
        "orders grows 3.7 TB/yr (150 M rows/day × 67 B/row estimated from its column types "
        "and indexes)")


def test_partitioning_sharding_or_a_bigger_budget_pass(review_model):
    partitioned = ', scaling=Scaling(partitioning=[Partitioning(table="orders", ' \
                  'key="created_at", retention="90 days")])'
    assert review_model(model(25_000_000, opts=partitioned),
                        "SCL003").of("SCL003") == []
    sharded = ', scaling=Scaling(sharding=[Sharding(key="id", shards=8)])'
    assert review_model(model(25_000_000, opts=sharded),
                        "SCL003").of("SCL003") == []
    bigger = ', budget=Budget(storage_gb=20_000)'
    assert review_model(model(25_000_000, opts=bigger),
                        "SCL003").of("SCL003") == []


def test_a_cache_with_retention_is_sized_by_what_it_keeps(review_model):
    cache = model(25_000_000, opts=', role=Role.CACHE, retention="1 hour"')
    assert review_model(cache, "SCL003").of("SCL003") == []
