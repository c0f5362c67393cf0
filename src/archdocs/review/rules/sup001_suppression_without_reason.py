"""SUP001: a suppression must say why."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext, suppression_problems
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "SUP001", "suppression-without-reason", Severity.ERROR, family="suppressions",
    why="A suppression hides a finding from every reader of the review. Without a reason, the "
        "next architect cannot tell a deliberate trade-off from a silenced problem.",
    fix="Give the suppression a reason: suppress(\"RULE\", \"why this is acceptable here\").",
    per_system=False,
)
def suppression_without_reason(ctx: ReviewContext) -> Iterator[Hit]:
    for element, suppression, problem in suppression_problems(ctx.model):
        if problem == "has no reason":
            yield Hit(
                element,
                f"suppression of {suppression.rule} on {element.id} has no reason",
                location=suppression.declared_at,
            )
