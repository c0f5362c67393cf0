"""SUP001: a suppression must say why."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "SUP001", "suppression-without-reason", Severity.ERROR, family="suppressions",
    why="A suppression hides a finding from every reader of the review. Without a reason, the "
        "next architect cannot tell a deliberate trade-off from a silenced problem.",
    fix="Give the suppression a reason: suppress(\"RULE\", \"why this is acceptable here\").",
    per_system=False,
)
def suppression_without_reason(ctx: ReviewContext) -> Iterator[Hit]:
    for element, suppression, problem in ctx.suppression_problems():
        if problem == "has no reason":
            yield Hit(
                element,
                f"suppression of {suppression.rule} on {element.id} has no reason",
                location=suppression.declared_at,
            )


DOC = RuleDoc(
    checks="""
Every suppression in the model — on elements (`suppress=[...]` of contexts, services,
datastores, flows, patterns), in table notes (`table_notes(suppress=[...])`) and in column notes
(`column_notes(suppress=[...])`) — must have a non-blank reason.

A suppression without a reason is **not honoured**: the finding it was meant for is still
reported, and this rule reports the suppression itself, at the line where it is written.
""",
    example="""
metadata = MetaData()
Table("audit", metadata, Column("entry", Text), comment="Audit trail, append-only.")

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
                            suppress=[suppress("SCH001", "")])
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
metadata = MetaData()
Table("audit", metadata, Column("entry", Text), comment="Audit trail, append-only.")

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
                            suppress=[suppress("SCH001", "vendor audit table, append-only",
                                               target="audit")])
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    notes="""
`archdocs check` then lists it under *suppressed* with the reason and the file:line of the
suppression (`suppressed` in the JSON output, see the
[check format](../reference/check-format.md)).
""",
    suppress="""
# SUP001 cannot be suppressed: a suppression of it would need a reason, and then it has one.
""",
)
