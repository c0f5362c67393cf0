"""GOV005: classified data is stored, or copied, outside the regions it may live in."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import classified_of, copies, origin_text, region_of
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.rules._governance_example import CUSTOMERS


@rule(
    "GOV005", "classified-data-leaves-region", Severity.WARNING, family="governance",
    why="Data residency rules (GDPR chapter V transfers, national health and payment "
        "regulations, customer contracts) say where some data may be stored. A replica, "
        "cache or analytics copy in another region moves the data even when the system of "
        "record stays put.",
    fix="Keep the copy in an allowed region (declare region= on the datastore or its server), "
        "remove the classified fields from what is copied, or widen regions=[...] if the "
        "transfer is lawful.",
)
def classified_data_leaves_region(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        region = region_of(datastore)
        for holding in ctx.holdings(datastore):
            allowed = holding.classified.regions
            if allowed and region is not None and region not in allowed:
                yield Hit(datastore, f"{holding.where} holds {holding.classified.kind.value} "
                          f"data in region {region}, outside {', '.join(allowed)}",
                          target=holding.target, location=holding.classified.declared_at)
    for copy in copies(ctx):
        region = region_of(copy.target)
        for item in copy.carried:
            allowed = classified_of(item).regions
            if allowed and region is not None and region not in allowed:
                yield Hit(copy.flow, f"{copy.flow.name!r} copies "
                          f"{classified_of(item).kind.value} data ({origin_text(item, copy.flow)})"
                          f" into {copy.target.name} in region {region}, outside "
                          f"{', '.join(allowed)}")


DOC = RuleDoc(
    checks="""
- classified data with `regions=[...]` held in a datastore whose region (its `region=`, or
  its server's) is not one of them;
- a flow copying such data into a datastore in another region.
""",
    example=CUSTOMERS + """\
search = crm.datastore("customer-search", tech.OpenSearch("2"), role=Role.SEARCH_INDEX,
                       region="us-east",
                       classification=[classified(Classification.PERSONAL,
                                                  protection=[Protection.ENCRYPTED_AT_REST],
                                                  erasure="1d")])
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
            suppress=[suppress("GOV005", "the reason")])""",
)
