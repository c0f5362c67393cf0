"""GOV004: a copy of classified data is kept longer than the original's erasure deadline."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import classified_of, copies, held_kind, origin_text, period
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._governance_example import CUSTOMERS


@rule(
    "GOV004", "copy-outlives-erasure", Severity.WARNING, family="governance",
    why="When a person asks for erasure (GDPR Art. 17) or the purpose ends (Art. 5(1)(e) "
        "storage limitation), every copy has to go within the deadline. A copy whose own "
        "erasure deadline is longer, or which keeps data longer than the deadline and declares "
        "no erasure, still holds the data after the original is gone.",
    fix="Give the copy an erasure deadline no longer than the original's (delete or "
        "re-project on the erasure event), or a retention no longer than that deadline.",
)
def copy_outlives_erasure(ctx: ReviewContext) -> Iterator[Hit]:
    for copy in copies(ctx):
        for item in copy.carried:
            source = classified_of(item)
            deadline = period(source.erasure)
            if deadline is None:
                continue
            for declared in held_kind(copy.target, source.kind):
                erasure = period(declared.erasure)
                kept = period(declared.retention) or period(copy.target.retention)
                if erasure is not None and erasure > deadline:
                    why = f"erases it within {declared.erasure}"
                elif erasure is None and kept is not None and kept > deadline:
                    why = f"keeps it {declared.retention or copy.target.retention} with no erasure"
                else:
                    continue
                yield Hit(copy.flow, f"{copy.target.name} {why}, but the {source.kind.value} "
                          f"data it copies ({origin_text(item, copy.flow)}) must be erased "
                          f"within {source.erasure}", location=declared.declared_at)
                break


DOC = RuleDoc(
    checks="""
For each flow that copies classified data with an erasure deadline into a datastore that
declares that kind of data (see [GOV003](GOV003.md)): the copy's erasure deadline is longer
than the original's, or the copy declares no erasure and keeps the data (its `retention`, or
the datastore's) longer than the deadline. Periods are written `"30d"`, `"6 months"`,
`"7 years"`.
""",
    example=CUSTOMERS + """\
search = crm.datastore("customer-search", tech.OpenSearch("2"), role=Role.SEARCH_INDEX,
                       region="eu",
                       classification=[classified(Classification.PERSONAL,
                                                  protection=[Protection.ENCRYPTED_AT_REST],
                                                  retention="1 year")])
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(db, search, Mechanism.CDC, carries=[Customer])
""",
    fixed=CUSTOMERS + """\
search = crm.datastore("customer-search", tech.OpenSearch("2"), role=Role.SEARCH_INDEX,
                       region="eu",
                       classification=[classified(Classification.PERSONAL,
                                                  protection=[Protection.ENCRYPTED_AT_REST],
                                                  retention="1 year", erasure="7d")])
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(db, search, Mechanism.CDC, carries=[Customer])
""",
    suppress="""system.flow(db, search, Mechanism.CDC, carries=[Customer],
            suppress=[suppress("GOV004", "the reason")])""",
)
