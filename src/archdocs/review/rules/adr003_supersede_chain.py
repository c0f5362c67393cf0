"""ADR003: superseding links between decision records agree with each other."""

from collections.abc import Iterator

from archdocs.adr.record import DecisionLog, DecisionRecord, Format, as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "ADR003", "adr-supersede-chain", Severity.ERROR, family="decision records",
    why="A reader who lands on an old decision must be able to follow it to the one in force, "
        "and the new decision must say what it replaces. A link to a missing record, a "
        "superseded record nobody replaced, an old record still marked accepted, or a loop "
        "breaks that trail.",
    fix="Run 'archdocs adr supersede OLD NEW': it updates both records. Otherwise correct the "
        "id in 'supersedes' / 'superseded_by', or the status of the old record.",
    per_system=False,
)
def adr_supersede_chain(ctx: ReviewContext) -> Iterator[Hit]:
    log = ctx.decisions
    for record in log:
        yield from _check_record(log, record)
    yield from _cycles(log)


DOC = RuleDoc(
    checks="""
- every id in `supersedes` and `superseded_by` names a record in the folder (ids, file names,
  Markdown links and adr-tools numbers are all understood);
- a record named in another's `supersedes` has status `superseded`;
- a record with status `superseded` is replaced by some record;
- when both records have front matter, the new one's `supersedes` names the old one;
- no records supersede each other in a loop.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    files={
        "docs/adr/20220301-keep-orders-in-mysql.md": """
---
status: accepted
date: 2022-03-01
relates_to: [orders-db]
---

# Keep orders in MySQL
""",
        "docs/adr/20240517-move-orders-to-postgresql.md": """
---
status: accepted
date: 2024-05-17
relates_to: [orders-db]
supersedes: [20220301-keep-orders-in-mysql]
---

# Move orders to PostgreSQL
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
        "docs/adr/20220301-keep-orders-in-mysql.md": """
---
status: superseded
date: 2022-03-01
relates_to: [orders-db]
superseded_by: [20240517-move-orders-to-postgresql]
---

# Keep orders in MySQL
""",
        "docs/adr/20240517-move-orders-to-postgresql.md": """
---
status: accepted
date: 2024-05-17
relates_to: [orders-db]
supersedes: [20220301-keep-orders-in-mysql]
---

# Move orders to PostgreSQL
""",
    },
    notes="""
`archdocs adr supersede 20220301-keep-orders-in-mysql 20240517-move-orders-to-postgresql`
writes this fix: it sets the old record's status to `superseded`, adds `superseded_by` to it
and `supersedes` to the new one, and changes nothing else in either file.
""",
    suppress="""
# Findings on decision records are not suppressed in the model: correct the record, which
# the site, `archdocs adr` and `archdocs diff` read.
""",
)


def _check_record(log: DecisionLog, record: DecisionRecord) -> Iterator[Hit]:
    for reference in record.supersedes:
        old = log.resolve(reference)
        if old is None:
            yield Hit(as_element(record, "supersedes"),
                      f"supersedes {reference!r}, which is not a record in this folder")
        elif old is not record and old.status != "superseded":
            yield Hit(as_element(old, "status"),
                      f"{record.id} supersedes this record, but its status is "
                      f"{old.status or 'missing'}, not superseded",
                      hint=f"run 'archdocs adr supersede {old.id} {record.id}'")
    successors = []
    for reference in record.superseded_by:
        new = log.resolve(reference)
        if new is None:
            yield Hit(as_element(record, "superseded_by"),
                      f"superseded by {reference!r}, which is not a record in this folder")
            continue
        successors.append(new)
        names_back = any(log.resolve(ref) is record for ref in new.supersedes)
        if new.format == Format.FRONT_MATTER and not names_back:
            yield Hit(as_element(new, "supersedes"),
                      f"{record.id} says this record supersedes it, but 'supersedes' does "
                      f"not name {record.id}",
                      hint=f"run 'archdocs adr supersede {record.id} {new.id}'")
    if record.status == "superseded" and not successors and not log.successors(record):
        yield Hit(as_element(record, "status"),
                  "status is superseded, but no record supersedes it",
                  hint="name the successor in 'superseded_by' or run "
                  "'archdocs adr supersede OLD NEW'")


def _cycles(log: DecisionLog) -> Iterator[Hit]:
    reported: set[str] = set()
    for start in log:
        path = [start]
        current = start
        while True:
            following = [n for n in (log.resolve(ref) for ref in current.supersedes)
                         if n is not None]
            if not following:
                break
            current = following[0]
            if current is start:
                ids = " → ".join(r.id for r in (*path, start))
                key = min(r.id for r in path)
                if key not in reported:
                    reported.add(key)
                    yield Hit(as_element(start, "supersedes"),
                              f"records supersede each other in a loop: {ids}")
                break
            if current in path:
                break
            path.append(current)
