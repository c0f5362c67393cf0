"""ADR005: an accepted decision points at elements the model no longer has."""

from collections.abc import Iterator

from archdocs.adr.links import resolve_reference
from archdocs.adr.record import as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "ADR005", "adr-accepted-points-at-removed", Severity.WARNING, family="decision records",
    why="An accepted decision is in force. When the element it governs has been removed or "
        "renamed, either the decision no longer applies and should say so, or the model "
        "drifted away from a decision nobody revisited.",
    fix="If the element was renamed, update 'relates_to'. If the decision no longer applies, "
        "set its status to deprecated, or supersede it with the decision that replaced it "
        "('archdocs adr supersede OLD NEW').",
    per_system=False,
)
def adr_accepted_points_at_removed(ctx: ReviewContext) -> Iterator[Hit]:
    for record in ctx.model.decisions:
        if record.status != "accepted":
            continue
        for reference in record.relates_to:
            if resolve_reference(ctx.model, reference) is None:
                yield Hit(as_element(record, "relates_to"),
                          f"accepted decision relates to {reference!r}, which is no longer "
                          "in the model")
