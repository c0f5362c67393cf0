"""SUP003: a suppression that matches no finding."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


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
