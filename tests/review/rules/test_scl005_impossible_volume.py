"""SCL005 impossible-volume."""

import pytest

VOLUME = "Volume(rows=-2_000_000, rows_per_day=5_000)"
"""The volume the page's example declares."""


@pytest.fixture
def volume_of(review_model, example_model):
    """The review of the page's example declaring ``Volume(volume)`` for its table."""
    return lambda volume: review_model(
        example_model("SCL005", (VOLUME, f"Volume({volume})")), "SCL005")


def test_the_example_is_reported_at_the_table(rule_example):
    reviewed = rule_example("SCL005")
    [finding] = reviewed.of("SCL005")
    assert finding.line == reviewed.line_of("class Order(Base)")
    assert finding.message.startswith(
        "the volume declared for orders: rows is negative (-2,000,000)")
    assert rule_example("SCL005", fixed=True).of("SCL005") == []


@pytest.mark.parametrize(("volume", "problem"), [
    ("rows=-2_000_000", "rows is negative (-2,000,000)"),
    ("rows=10, row_bytes=-5", "row_bytes is negative (-5)"),
    ("rows=10, row_bytes=0", "row_bytes is 0"),
    ("rows=10, peak_writes_per_second=-1", "peak_writes_per_second is negative (-1)"),
    ("rows=10, rows_per_day=100, growth_per_year=-1.5", "growth_per_year is -1.5"),
    ("rows=1_000, rows_per_day=-2_009_135", "rows_per_day -2,009,135 leaves -733,333,275 rows"),
])
def test_an_impossible_volume_is_reported_at_the_table(volume_of, volume, problem):
    reviewed = volume_of(volume)
    [finding] = reviewed.of("SCL005")
    assert finding.line == reviewed.line_of("class Order(Base)")
    assert finding.target == "orders"
    assert finding.message.startswith(f"the volume declared for orders: {problem}")


@pytest.mark.parametrize("volume", [
    "rows=2_000_000, rows_per_day=5_000",
    "rows=1_000_000, rows_per_day=-1_000",  # a net decline that stays above zero
    "rows=0",
    "rows=10, rows_per_day=100, growth_per_year=-0.5",
])
def test_a_possible_volume_passes(volume_of, volume):
    assert volume_of(volume).of("SCL005") == []
