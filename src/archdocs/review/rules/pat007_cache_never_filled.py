"""PAT007: a cache that nothing fills from a source of truth."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore, Role
from archdocs.model.flow import Mechanism
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PAT007", "cache-never-filled", Severity.WARNING, family="patterns",
    why="Calling a store a cache tells the review (and the on-call engineer) that it can be "
        "flushed: its data can be rebuilt from elsewhere, so backups and durability are not "
        "asked for. If nothing fills it from a source of truth (a cache-fill flow, or a flow "
        "from another datastore), the data exists only there, and a flush loses it.",
    fix="Declare how it is filled: a Mechanism.CACHE_FILL flow from the service that reads "
        "the source of truth (cache-aside, read-through), or a CDC/batch flow from the source "
        "datastore. If it really is the only copy, give it another role and a backup.",
)
def cache_never_filled(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for datastore in system.datastores:
        if datastore.role is not Role.CACHE:
            continue
        fillers = [f for f in ctx.flows_into(datastore)
                   if f.mechanism is Mechanism.CACHE_FILL
                   or isinstance(ctx.resolve(f.source), Datastore)]
        if fillers:
            continue
        writers = sorted({who.name for who, _ in system.writers(datastore)})
        by = f"only {', '.join(writers)} write{'s' if len(writers) == 1 else ''} it" \
            if writers else "nothing writes it"
        yield Hit(datastore, f"cache {datastore.name}: no cache-fill flow or source datastore "
                             f"fills it ({by}), so it is the only copy of its data")


DOC = RuleDoc(
    checks="""
- every datastore with `role=Role.CACHE` that no `cache-fill` flow targets and no flow from
  another datastore (CDC, batch, replication) feeds.
""",
    example="""
system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
catalog_db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
cache = catalog.datastore("page-cache", tech.Redis("7.2"), role=Role.CACHE)
system.flow(api, catalog_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, cache, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
catalog_db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
cache = catalog.datastore("page-cache", tech.Redis("7.2"), role=Role.CACHE)
system.flow(api, catalog_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, cache, Mechanism.CACHE_FILL, access=Access.READ_WRITE,
            description="cache-aside: on a miss, build from catalog-db and SET with a TTL")
""",
    suppress="""
catalog.datastore("session-store", tech.Redis("7.2"), role=Role.CACHE, suppress=[
    suppress("PAT007", "the only copy on purpose: losing it signs users out")])
""",
)
