"""ADR006: two numbered decision records share a number (usually after merging two branches)."""

from collections.abc import Iterator

from archdocs.adr.record import DecisionRecord, as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "ADR006", "adr-duplicate-number", Severity.ERROR, family="decision records",
    why="Numbered ADR folders (adr-tools, MADR's 0001-…) collide when two pull requests each "
        "add the next number. Links such as 'ADR 5' and 'supersedes: 5' then point at two "
        "records, and tools pick one at random.",
    fix="Run 'archdocs adr renumber': the record added to git first keeps its number, the "
        "others get the next free ones, and every link in the folder is rewritten. New records "
        "made with 'archdocs adr new' are named by date and title and cannot clash.",
    per_system=False,
)
def adr_duplicate_number(ctx: ReviewContext) -> Iterator[Hit]:
    by_number: dict[int, list[DecisionRecord]] = {}
    for record in ctx.decisions:
        if record.number is not None:
            by_number.setdefault(record.number, []).append(record)
    for number, records in sorted(by_number.items()):
        if len(records) < 2:
            continue
        ids = ", ".join(r.id for r in records)
        for record in records:
            yield Hit(as_element(record), f"number {number} is used by {len(records)} records: "
                                          f"{ids}")


DOC = RuleDoc(
    checks="""
No two records in the folder start with the same number. Records created with
`archdocs adr new` are named `YYYYMMDD-title-slug.md` and carry no number, so they never clash.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    files={
        "docs/adr/0005-use-kafka.md": """
# 5. Use Kafka

Date: 2024-01-01

## Status

Accepted
""",
        "docs/adr/0005-use-redis.md": """
# 5. Use Redis

Date: 2024-01-02

## Status

Accepted
""",
    },
    fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed_files={
        "docs/adr/0005-use-kafka.md": """
# 5. Use Kafka

Date: 2024-01-01

## Status

Accepted
""",
        "docs/adr/0006-use-redis.md": """
# 6. Use Redis

Date: 2024-01-02

## Status

Accepted
""",
    },
    notes="""
Both branches added `0005-…`, and git merged them without a conflict because the file names
differ ([npryce/adr-tools#91](https://github.com/npryce/adr-tools/issues/91)).
`archdocs adr renumber` writes this fix: the record added to git first keeps its number, the
others get the next free numbers (here `0005-use-redis.md` becomes `0006-use-redis.md`). Every
link (`0005-use-redis.md`) and id in the folder, and every link to the renamed file from other
pages under `docs/`, is rewritten; adr-tools' `# 5. Title` heading gets the new number. Nothing
else in the files changes. Commit the result.
""",
    suppress="""
# Findings on decision records are not suppressed in the model: correct the record, which
# the site, `archdocs adr` and `archdocs diff` read.
""",
)
