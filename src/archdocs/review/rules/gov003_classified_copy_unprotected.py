"""GOV003: classified data is copied into another datastore without its classification,
protection or erasure path."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.governance import Classification, Classified
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import (
    classified_of,
    copies,
    held_kind,
    origin_text,
    period,
)
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._governance_example import CUSTOMERS


@rule(
    "GOV003", "classified-copy-unprotected", Severity.WARNING, family="governance",
    why="Classified data is only as protected as its weakest copy. Personal data copied into a "
        "search index, a cache, an analytics store, a log store or an event keeps every "
        "obligation of the original (GDPR Art. 5(1)(f) integrity and confidentiality, Art. 17 "
        "erasure, Art. 32 security of processing): a copy nobody declared is a copy nobody "
        "encrypts, masks or erases when the person asks. Card data copies are in PCI DSS scope "
        "too (requirement 3.2.1). The review follows the flows: whatever a flow carries into a "
        "datastore (its tables' classifications, or what the flow declares) must be declared "
        "there with the same unreadable protection and an erasure path.",
    fix="Declare the classification where the copy lands (classification=[classified(...)] "
        "on the datastore, or classify(...) on its columns) with the same protection and an "
        "erasure deadline, or stop copying the classified fields (project them out in the flow).",
)
def classified_copy_unprotected(ctx: ReviewContext) -> Iterator[Hit]:
    for copy in copies(ctx):
        seen: set[str] = set()
        for item in copy.carried:
            source = classified_of(item)
            if source.kind is Classification.CARD_SECURITY_CODE:
                continue  # GOV001 reports it: it must not be stored at all
            problem = _problem(copy.target, source)
            if problem is None or (source.kind.value + problem) in seen:
                continue
            seen.add(source.kind.value + problem)
            yield Hit(copy.flow, f"{copy.flow.name!r} copies {source.kind.value} data "
                      f"({origin_text(item, copy.flow)}) into {copy.target.name} "
                      f"({copy.target.role.value}) {problem}")


DOC = RuleDoc(
    checks="""
The review follows every flow that puts data into a datastore: a flow out of a datastore
(CDC, replication, batch, cache fill), a flow that writes, and an event through a broker
(`via`). What it carries is the classification of its tables (`carries=[...]`, read where
they are declared) and what the flow itself declares (`classification=[...]`). For each kind
it reports the target datastore when:

- the target declares nothing of that kind (no classification, so no protection and no
  erasure path);
- the original is unreadable (tokenised, column-encrypted, hashed) and the copy is not;
- the original has an erasure deadline and the copy has none, unless its retention is shorter
  than that deadline (a cache whose entries expire in time).
""",
    example=CUSTOMERS + """\
search = crm.datastore("customer-search", tech.OpenSearch("2"), role=Role.SEARCH_INDEX,
                       region="eu")
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(db, search, Mechanism.CDC, carries=[Customer])
""",
    fixed=CUSTOMERS + """\
search = crm.datastore("customer-search", tech.OpenSearch("2"), role=Role.SEARCH_INDEX,
                       region="eu",
                       classification=[classified(Classification.PERSONAL,
                                                  protection=[Protection.ENCRYPTED_AT_REST],
                                                  erasure="1d")])
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(db, search, Mechanism.CDC, carries=[Customer])
""",
    suppress="""system.flow(db, search, Mechanism.CDC, carries=[Customer],
            suppress=[suppress("GOV003", "the reason")])""",
)


def _problem(target: Datastore, source: Classified) -> str | None:
    declared = held_kind(target, source.kind)
    if not declared:
        return "where it is not declared: no protection, no erasure path"
    unreadable = {p for p in source.protection if p.unreadable}
    have = {p for c in declared for p in c.protection}
    missing = sorted(p.value for p in unreadable - have)
    if missing:
        return f"without its protection ({', '.join(missing)})"
    if source.erasure and not any(c.erasure for c in declared):
        kept = [period(c.retention) for c in declared] + [period(target.retention)]
        deadline = period(source.erasure)
        if deadline is None or not any(k is not None and k <= deadline for k in kept):
            return (f"without an erasure path (the original is erased within "
                    f"{source.erasure})")
    return None
