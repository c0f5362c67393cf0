"""ADR001: a decision record is written so that tools and readers can rely on it."""

from collections.abc import Iterator

from archdocs.adr.record import as_element
from archdocs.model.location import SourceLocation
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


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
    for record in ctx.model.decisions:
        for problem in record.problems:
            yield Hit(as_element(record), problem.message,
                      location=SourceLocation(str(record.path), problem.line), hint=problem.hint)
