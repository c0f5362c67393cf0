"""ADR004: a proposed decision names model elements that exist."""

from collections.abc import Iterator
from difflib import get_close_matches

from archdocs.adr.links import resolve_reference
from archdocs.adr.record import as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


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
    for record in ctx.decisions:
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


DOC = RuleDoc(
    checks="""
Every `relates_to` entry of a `proposed` record (or one without a status) names an element of
the model: by name (`orders-db`), by id (`datastore:orders-db`), a table as
`datastore.table` (`orders-db.orders`), or `System/name` when the project has several systems.
Accepted records are checked by [ADR005](ADR005.md); rejected, deprecated and superseded ones
are history and are not checked.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    files={"docs/adr/20240517-partition-orders-by-month.md": """
---
status: proposed
date: 2024-05-17
relates_to: [order-db]
---

# Partition orders by month
"""},
    fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed_files={"docs/adr/20240517-partition-orders-by-month.md": """
---
status: proposed
date: 2024-05-17
relates_to: [orders-db]
---

# Partition orders by month
"""},
    suppress="""
# Findings on decision records are not suppressed in the model: correct the record, which
# the site, `archdocs adr` and `archdocs diff` read.
""",
)
