"""ADR002: a decision record's status is one archdocs and its readers understand."""

from collections.abc import Iterator

from archdocs.adr.record import STATUSES, as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "ADR002", "adr-unknown-status", Severity.ERROR, family="decision records",
    why="Whether a decision is in force depends on its status. 'Approved', 'done' or a typo "
        "leave readers guessing, and the checks that only apply to accepted decisions skip it.",
    fix="Use one of: proposed, accepted, rejected, deprecated, superseded.",
    per_system=False,
)
def adr_unknown_status(ctx: ReviewContext) -> Iterator[Hit]:
    for record in ctx.model.decisions:
        if record.status is not None and record.status not in STATUSES:
            yield Hit(as_element(record, "status"),
                      f"status {record.raw_status!r} is not one of {', '.join(STATUSES)}")
