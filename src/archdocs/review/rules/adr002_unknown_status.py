"""ADR002: a decision record's status is one archdocs and its readers understand."""

from collections.abc import Iterator

from archdocs.adr.record import STATUSES, as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "ADR002", "adr-unknown-status", Severity.ERROR, family="decision records",
    why="Whether a decision is in force depends on its status. 'Approved', 'done' or a typo "
        "leave readers guessing, and the checks that only apply to accepted decisions skip it.",
    fix="Use one of: proposed, accepted, rejected, deprecated, superseded.",
    per_system=False,
)
def adr_unknown_status(ctx: ReviewContext) -> Iterator[Hit]:
    for record in ctx.decisions:
        if record.status is not None and record.status not in STATUSES:
            yield Hit(as_element(record, "status"),
                      f"status {record.raw_status!r} is not one of {', '.join(STATUSES)}")


DOC = RuleDoc(
    checks="""
The status is one of `proposed`, `accepted`, `rejected`, `deprecated`, `superseded`
(case does not matter). log4brains' `draft` is read as `proposed`; adr-tools' and MADR 2's
"Superseded by [link]" as `superseded`.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    files={"docs/adr/20240517-keep-orders-in-postgresql.md": """
---
status: approved
date: 2024-05-17
relates_to: [orders-db]
---

# Keep orders in PostgreSQL
"""},
    fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed_files={"docs/adr/20240517-keep-orders-in-postgresql.md": """
---
status: accepted
date: 2024-05-17
relates_to: [orders-db]
---

# Keep orders in PostgreSQL
"""},
    suppress="""
# Findings on decision records are not suppressed in the model: correct the record, which
# the site, `archdocs adr` and `archdocs diff` read.
""",
)
