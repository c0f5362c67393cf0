"""SUP003: a suppression that matches no finding."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "SUP003", "unused-suppression", Severity.WARNING, family="suppressions",
    why="A suppression that silences nothing is left over: the problem was fixed, the table "
        "renamed, or the target misspelt. It still tells readers that a trade-off exists "
        "where there is none, and it would silently swallow the finding if the problem came "
        "back in a different form.",
    fix="Delete the suppression, or correct its rule id or target so it names the finding it "
        "was written for.",
    per_system=False,
)
def unused_suppression(ctx: ReviewContext) -> Iterator[Hit]:
    """Reported by the review engine itself, after every other rule has run: only then is it
    known which suppressions matched nothing. It is therefore reported by a full review, not
    when ``--rule`` selects a subset."""
    return iter(())


DOC = RuleDoc(
    checks="""
After every other rule has run, every suppression with a reason and a known rule id that
silenced no finding is reported, at the line where the suppression is written. Suppressions
without a reason are [SUP001](SUP001.md), unknown rule ids [SUP002](SUP002.md).

Only a full review can know that nothing matched, so SUP003 is not reported when `--rule`
selects some rules, nor when a rule failed.
""",
    example="""
metadata = MetaData()
Table("audit", metadata, Column("id", Integer, primary_key=True),
      comment="Audit trail, append-only.")

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
                            suppress=[suppress("SCH001", "vendor audit table without a key",
                                               target="audit")])
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
metadata = MetaData()
Table("audit", metadata, Column("id", Integer, primary_key=True),
      comment="Audit trail, append-only.")

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""
# Delete the stale suppression instead of suppressing this warning.
""",
)
