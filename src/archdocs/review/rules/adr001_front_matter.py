"""ADR001: a decision record is written so that tools and readers can rely on it."""

from collections.abc import Iterator

from archdocs.adr.record import as_element
from archdocs.model.location import SourceLocation
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "ADR001", "adr-front-matter", Severity.ERROR, family="decision records",
    why="The ADR index, the links from element pages, 'archdocs adr list' and the pull-request "
        "diff all read a record's status, date and links. A record whose front matter does not "
        "parse, or lacks them, silently drops out of all of them.",
    fix="Give the record YAML front matter with at least 'status' and 'date: YYYY-MM-DD', list "
        "fields (deciders, relates_to, supersedes) as lists, and a '# Title' heading.",
    per_system=False,
)
def adr_front_matter(ctx: ReviewContext) -> Iterator[Hit]:
    for record in ctx.decisions:
        for problem in record.problems:
            yield Hit(as_element(record), problem.message,
                      location=SourceLocation(str(record.path), problem.line), hint=problem.hint)


DOC = RuleDoc(
    checks="""
For records with YAML front matter (MADR 3/4, archdocs):

- the block between the `---` lines is closed and is valid YAML holding `key: value` pairs;
- `status` and `date` are present, `date` is a date (`YYYY-MM-DD`);
- `deciders` (or MADR 4's `decision-makers`), `relates_to`, `supersedes`, `superseded_by`,
  `consulted`, `informed` and `tags` are lists of names (a single name is accepted too);
- the record has a title (a `# Title` heading, or `title:` in the front matter).

For MADR 2 / log4brains records (`* Status:` bullets) and adr-tools records (`## Status`
section), it checks that a status and a title are written and that a date reads as a date.
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
status: accepted
date: 17 May
relates_to: {orders-db: primary}
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
