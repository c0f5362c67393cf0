"""ADR004: a proposed decision names model elements that exist."""

from collections.abc import Iterator
from difflib import get_close_matches

from archdocs.adr.links import resolve_reference
from archdocs.adr.record import as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "ADR004", "adr-unknown-element", Severity.ERROR, family="decision records",
    why="'relates_to' links a decision to the pages of the elements it is about, and lets "
        "reviewers find every decision touching a datastore. A misspelt name links nothing, "
        "so the decision goes unseen where it matters.",
    fix="Use the element's name as declared in the model (or its id, 'datastore:orders-db', "
        "or a table as 'datastore.table'); declare the element if it is new.",
    per_system=False,
)
def adr_unknown_element(ctx: ReviewContext) -> Iterator[Hit]:
    names = sorted({e.name for s in ctx.model.systems for e in s.elements()})
    for record in ctx.model.decisions:
        # Accepted records are ADR005's; rejected, deprecated and superseded ones are history.
        if record.status not in (None, "proposed"):
            continue
        for reference in record.relates_to:
            if resolve_reference(ctx.model, reference) is None:
                close = get_close_matches(reference, names, n=1)
                hint = f"did you mean {close[0]!r}?" if close else None
                yield Hit(as_element(record, "relates_to"),
                          f"relates_to names {reference!r}, which the model does not declare",
                          hint=hint)
