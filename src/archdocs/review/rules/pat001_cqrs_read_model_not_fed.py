"""PAT001: a CQRS read model that no flow feeds from the write side."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.patterns import CQRS
from archdocs.model.system import Service
from archdocs.review.dataflow import reachable
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PAT001", "cqrs-read-model-not-fed", Severity.ERROR, family="patterns",
    why="In CQRS the read models are derived data: they are only as correct as the projection "
        "that keeps them up to date from the write store. A read model with no path from the "
        "write side is either filled by something the model does not show (so nobody can reason "
        "about its staleness or rebuild it) or it is not filled at all.",
    fix="Declare the projection: a CDC flow from the write store, or events published by the "
        "writing service through a broker and consumed by a projector that writes the read "
        "model; name those flows in CQRS(..., projections=[...]).",
)
def cqrs_read_model_not_fed(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for pattern in system.patterns:
        if not isinstance(pattern, CQRS):
            continue
        write_store = ctx.find_datastore(pattern.write_store)
        if write_store is None:
            continue  # INT002 reports the unknown store
        write_side: list[Element] = [write_store]
        for writer, flow in system.writers(write_store):
            if isinstance(writer, Service) and flow.via is None:
                write_side.append(writer)
        fed = reachable(ctx, write_side)
        for ref in pattern.read_models:
            read_model = ctx.find_datastore(ref)
            if not isinstance(read_model, Datastore) or id(read_model) in fed:
                continue
            writers = ", ".join(sorted(e.name for e in write_side[1:])) or "no service"
            yield Hit(
                pattern,
                f"CQRS {pattern.name}: no flow carries data from the write store "
                f"{write_store.name} (written by {writers}) to the read model "
                f"{read_model.name}, so nothing keeps it up to date",
            )


DOC = RuleDoc(
    checks="""
For every `CQRS` pattern and each of its read models: whether data can travel from the write
store, or from the services that write it, to the read model along the declared flows
(CDC, events through a broker, a projector that writes the read model). Reads of the read
model do not count.
""",
    example="""
system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, index, Mechanism.QUERY)
system.pattern(CQRS("product search", write_store=db, read_models=[index]))
""",
    fixed="""
system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
indexer = catalog.service("search-indexer")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
bus = catalog.datastore("catalog-events", tech.Kafka("3.7"), role=Role.BROKER)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, index, Mechanism.QUERY)
cdc = system.flow(db, indexer, Mechanism.CDC, via=bus, consistency=eventual("5s"))
load = system.flow(indexer, index, Mechanism.QUERY, access=Access.WRITE)
system.pattern(CQRS("product search", write_store=db, read_models=[index],
                    projections=[cdc, load]))
""",
    suppress="""
system.pattern(CQRS("product search", write_store=db, read_models=[index],
                    suppress=[suppress("PAT001", "the vendor's connector fills it; not modelled")]))
""",
)
