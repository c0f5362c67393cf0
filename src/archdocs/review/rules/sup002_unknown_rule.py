"""SUP002: a suppression names a rule that does not exist."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "SUP002", "suppression-of-unknown-rule", Severity.WARNING, family="suppressions",
    why="A suppression naming a rule id that does not exist suppresses nothing: usually a typo, "
        "so the finding it was meant for is still reported, or it is left over from a rule "
        "that was renamed.",
    fix="Correct the rule id (see the rule reference) or delete the suppression.",
    per_system=False,
)
def suppression_of_unknown_rule(ctx: ReviewContext) -> Iterator[Hit]:
    for element, suppression, problem in ctx.suppression_problems():
        if problem.startswith("names unknown rule"):
            yield Hit(element, f"suppression on {element.id} {problem}",
                      location=suppression.declared_at)


DOC = RuleDoc(
    checks="""
Every suppression with a reason, wherever it is written (element, table notes, column notes),
must name a registered rule id (see the [rule index](index.md)).
""",
    example="""
metadata = MetaData()
Table("audit", metadata, Column("entry", Text), comment="Audit trail, append-only.")

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
                            suppress=[suppress("SCH01", "vendor audit table, append-only",
                                               target="audit")])
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
    suppress="""
# Correct or delete the suppression instead of suppressing this warning.
""",
)
