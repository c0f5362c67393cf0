"""ADR005: an accepted decision points at elements the model no longer has."""

from collections.abc import Iterator

from archdocs.adr.links import resolve_reference
from archdocs.adr.record import as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


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
    for record in ctx.decisions:
        if record.status != "accepted":
            continue
        for reference in record.relates_to:
            if resolve_reference(ctx.model, reference) is None:
                yield Hit(as_element(record, "relates_to"),
                          f"accepted decision relates to {reference!r}, which is no longer "
                          "in the model")


DOC = RuleDoc(
    checks="""
Every `relates_to` entry of an `accepted` record names an element that is still in the model
(by name, id, `datastore.table` or `System/name`, as for [ADR004](ADR004.md)).
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    files={"docs/adr/20220301-nightly-export-from-legacy-db.md": """
---
status: accepted
date: 2022-03-01
relates_to: [legacy-db]
---

# Export orders nightly from legacy-db
"""},
    fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed_files={"docs/adr/20220301-nightly-export-from-legacy-db.md": """
---
status: deprecated
date: 2022-03-01
relates_to: [legacy-db]
---

# Export orders nightly from legacy-db
"""},
    notes="""
`archdocs diff` shows this finding as *introduced* in the pull request that removes the
element, which is when the question should be asked.
""",
    suppress="""
# Findings on decision records are not suppressed in the model: correct the record, which
# the site, `archdocs adr` and `archdocs diff` read.
""",
)
