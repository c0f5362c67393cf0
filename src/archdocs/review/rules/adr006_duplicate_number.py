"""ADR006: two numbered decision records share a number (usually after merging two branches)."""

from collections.abc import Iterator

from archdocs.adr.record import DecisionRecord, as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


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
    for record in ctx.model.decisions:
        if record.number is not None:
            by_number.setdefault(record.number, []).append(record)
    for number, records in sorted(by_number.items()):
        if len(records) < 2:
            continue
        ids = ", ".join(r.id for r in records)
        for record in records:
            yield Hit(as_element(record), f"number {number} is used by {len(records)} records: "
                                          f"{ids}")
