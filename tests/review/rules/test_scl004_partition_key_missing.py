"""SCL004 partition-key-missing."""

import pytest

PARTITIONING = 'Partitioning("events", key="occurred_at",'
"""The partitioning of the page's example."""


@pytest.fixture
def partitioned(review_model, example_model):
    """The SCL004 findings of the page's example partitioning ``table`` on ``key`` (its table
    has a tenant_id column too)."""
    return lambda table, key, *more: review_model(example_model(
        "SCL004", (PARTITIONING, f"Partitioning({table!r}, key={key!r},"),
        ("created_at: Mapped[datetime]", "tenant_id: Mapped[int]\n    created_at: Mapped[datetime]"),
        *more), "SCL004").of("SCL004")


def test_partitioning_on_a_column_the_table_lacks_is_reported(rule_example):
    reviewed = rule_example("SCL004")
    [finding] = reviewed.of("SCL004")
    assert finding.target == "events"
    assert finding.line == reviewed.line_of('Partitioning("events"')
    assert finding.message == ("events is partitioned on occurred_at, which is not a column "
                               "of events")


def test_partitioning_a_table_the_store_does_not_hold_is_reported(partitioned):
    [finding] = partitioned("event", "created_at")
    assert finding.message == ("partitioning of events-db names table event, but events-db "
                               "does not hold it")


def test_a_composite_key_naming_a_missing_column_is_reported(partitioned):
    [finding] = partitioned("events", "tenant_id, occurred_at")
    assert finding.message == ("events is partitioned on occurred_at, which is not a column "
                               "of events")


def test_partitioning_a_store_without_tables_is_reported(partitioned):
    [finding] = partitioned("events", "created_at", ("schema=Base,", ""))
    assert finding.message.endswith("but it declares no tables")


def test_partitioning_an_existing_table_on_its_columns_passes(rule_example, partitioned):
    assert rule_example("SCL004", fixed=True).of("SCL004") == []
    for key in ("tenant_id, created_at", "date_trunc('day', created_at)"):
        assert partitioned("events", key) == [], key
