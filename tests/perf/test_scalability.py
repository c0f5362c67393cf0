"""The scalability path: projections, the vertical-scaling horizon, suggestions, migrations."""

from __future__ import annotations

import pytest
from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, MetaData, String, Table

from archdocs import tech
from archdocs.model import (
    AccessPattern,
    Budget,
    MigrationStatus,
    Operation,
    Partitioning,
    Phase,
    Scaling,
    Sharding,
    System,
    Volume,
)
from archdocs.perf.scalability import GB, budget_horizon, project, retention_days


def _system(volume: Volume, **options) -> tuple[System, object]:
    metadata = MetaData()
    Table("events", metadata, Column("id", BigInteger, primary_key=True),
          Column("account_id", Integer), Column("status", String(10)),
          Column("is_test", Boolean), Column("at", DateTime))
    system = System("S")
    store = system.context("C").datastore("events-db", tech.PostgreSQL("16"), schema=metadata,
                                          volumes={"events": volume}, **options)
    return system, store


def test_rows_grow_by_the_daily_rate_and_compound_with_growth() -> None:
    system, store = _system(Volume(rows=1_000_000, rows_per_day=10_000))
    projection = project(system, store)
    now, one, three, five = projection.points
    assert now.rows == 1_000_000
    assert one.rows == pytest.approx(1_000_000 + 365.25 * 10_000)
    assert five.rows == pytest.approx(1_000_000 + 5 * 365.25 * 10_000)
    growing = project(*_system(Volume(rows=1_000_000, rows_per_day=10_000, growth_per_year=0.5)))
    assert growing.points[3].rows > five.rows * 1.5
    assert growing.points[3].writes_per_second == pytest.approx(
        growing.points[0].writes_per_second * 1.5**5)


def test_retention_caps_the_rows_kept() -> None:
    kept = Scaling(partitioning=[Partitioning(table="events", key="at", retention="90 days")])
    system, store = _system(Volume(rows=0, rows_per_day=10_000), scaling=kept)
    points = project(system, store).points
    assert points[1].rows == pytest.approx(90 * 10_000)
    assert points[3].rows == pytest.approx(90 * 10_000)
    assert retention_days("13 months") == pytest.approx(395.72)
    assert retention_days("10 minutes (TTL)") == pytest.approx(10 / 1440)
    assert retention_days("forever") is None


def test_the_horizon_is_when_the_budget_runs_out_and_overrides_apply() -> None:
    volume = Volume(rows=0, rows_per_day=30_000_000)
    system, store = _system(volume)
    default = project(system, store)
    assert default.horizon is not None and default.horizon.resource == "storage"
    small = project(*_system(volume, budget=Budget(storage_gb=50)))
    assert small.horizon is not None
    assert small.horizon.years < default.horizon.years
    assert small.horizon.limit == 50
    assert small.points[0].bytes < 50 * GB
    roomy = project(*_system(volume, budget=Budget(storage_gb=1_000_000)))
    assert roomy.horizon is None
    busy = project(*_system(Volume(rows=0, rows_per_day=1, peak_writes_per_second=9_000)))
    assert busy.horizon is not None and busy.horizon.resource == "writes"
    assert busy.horizon.years == 0


def test_the_horizon_of_another_budget_under_the_same_projection() -> None:
    # What the advice asks: how long would another technology's budget last under this growth?
    projection = project(*_system(Volume(rows=0, rows_per_day=30_000_000)))
    own = budget_horizon(projection.tables, projection.budget)
    assert own == projection.horizon
    smaller = budget_horizon(projection.tables, Budget(storage_gb=50))
    assert smaller is not None and smaller.limit == 50
    assert own is not None and smaller.years < own.years
    assert budget_horizon(projection.tables, Budget(storage_gb=1_000_000)) is None
    doubled = budget_horizon(projection.tables, Budget(storage_gb=50), shards=2)
    assert doubled is not None and doubled.limit == 100 and doubled.years > smaller.years


def test_declared_shards_multiply_the_budget() -> None:
    volume = Volume(rows=0, rows_per_day=30_000_000)
    sharded = project(*_system(volume, scaling=Scaling(
        sharding=[Sharding(key="account_id", shards=16)])))
    assert sharded.horizon is not None
    assert sharded.sharded_horizon is None  # 16 nodes last beyond the 10 years looked at
    two = project(*_system(volume, scaling=Scaling(
        sharding=[Sharding(key="account_id", shards=2)])))
    assert two.sharded_horizon is not None
    assert two.sharded_horizon.years > two.horizon.years
    assert two.sharded_horizon.limit == 2 * two.horizon.limit


def test_write_patterns_give_the_peak_write_rate() -> None:
    system, store = _system(Volume(rows=0, rows_per_day=86_400), access_patterns=[
        AccessPattern("append", table="events", operation=Operation.WRITE, per_second=700),
    ])
    table = project(system, store).tables[0]
    assert table.peak_writes_now == 700
    assert table.peak_source == "write patterns"
    derived = project(*_system(Volume(rows=0, rows_per_day=86_400))).tables[0]
    assert derived.peak_writes_now == pytest.approx(3.0)  # 1/s average, x3 at peak


def test_the_suggested_shard_key_follows_the_traffic_and_skips_low_cardinality() -> None:
    system, store = _system(Volume(rows=1), access_patterns=[
        AccessPattern("by status", table="events", equals=["status"], per_second=5_000),
        AccessPattern("by account", table="events", equals=["account_id"], per_second=300),
        AccessPattern("recent of account", table="events", equals=["account_id", "is_test"],
                      range="at", per_second=200),
        AccessPattern("by id", table="events", equals=["id"], per_second=100),
    ])
    projection = project(system, store)
    assert projection.shard_key is not None
    assert projection.shard_key.column == "account_id"
    assert projection.shard_key.patterns == ("by account", "recent of account")
    assert projection.shard_key.share == pytest.approx(500 / 5_600)
    [suggestion] = projection.partitions
    assert (suggestion.table, suggestion.column) == ("events", "at")


def test_open_migrations_naming_the_store_take_it_there() -> None:
    system, store = _system(Volume(rows=1))
    system.migration("shard it", from_state="one node", to_state="citus", affects=[store])
    system.migration("copy it", from_state="a", to_state="b",
                     phases=[Phase("backfill", elements=["events-db"])])
    system.migration("old", from_state="a", to_state="b", affects=[store],
                     status=MigrationStatus.DONE)
    system.migration("unrelated", from_state="a", to_state="b", affects=["other-db"])
    assert [m.name for m in project(system, store).migrations] == ["shard it", "copy it"]


def test_a_build_computes_each_projection_once_for_the_review_and_the_pages() -> None:
    from archdocs.perf.scalability import memoized_projections

    system, store = _system(Volume(rows=1_000, rows_per_day=10))
    assert project(system, store) is not project(system, store)  # no memo outside a block
    with memoized_projections():
        reviewed = project(system, store)
        with memoized_projections():  # the site builder's block inside the build's
            assert project(system, store) is reviewed
