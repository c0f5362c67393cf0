"""EVT006: an event contract changed incompatibly without a new version (``archdocs diff``)."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "EVT006", "breaking-contract-change", Severity.ERROR, family="messaging",
    why="Producers and consumers of an event are deployed separately, and a topic keeps "
        "days of old messages. A payload field that disappears or changes type, a field "
        "that becomes required, or a new message key breaks every consumer still written "
        "for the old shape, and replaying history breaks the new ones, unless the version "
        "says which shape a message has.",
    fix="Raise the contract's version (EventContract(..., version=N+1)) and publish both "
        "versions, or on a new topic, while consumers move; or make the change compatible "
        "(add optional fields only).",
)
def breaking_contract_change(ctx: ReviewContext) -> Iterator[Hit]:
    """Needs two versions of the model: ``archdocs diff`` reports it (see
    :mod:`archdocs.diff.contracts`); a single review has nothing to compare."""
    return iter(())
