"""TEC005: a search engine as the system of record."""

from collections.abc import Iterator

from archdocs.model.datastore import Role
from archdocs.model.technology import Kind
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "TEC005", "search-index-as-system-of-record", Severity.WARNING, family="technology",
    why="Search engines are built to be rebuilt: near-real-time refresh means a write is not "
        "visible at once, there are no multi-document transactions, mapping changes require a "
        "full reindex, and split-brain or a lost shard is repaired by reindexing from the "
        "source. With the index as the record there is no source to reindex from.",
    fix="Keep the record in a transactional store (relational or document) and feed the "
        "index from it by CDC or events, as a read model (role=Role.SEARCH_INDEX).",
)
def search_index_as_system_of_record(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if datastore.technology.kind is Kind.SEARCH and datastore.role is Role.SYSTEM_OF_RECORD:
            yield Hit(
                datastore,
                f"{datastore.name} keeps the system of record in {datastore.technology.label}, "
                "a search engine: no transactions, near-real-time visibility, and no source "
                "to reindex from after a mapping change or a lost shard",
            )


DOC = RuleDoc(
    checks="""
- datastores whose technology is a search engine (Elasticsearch, OpenSearch) with
  `role=Role.SYSTEM_OF_RECORD`.
""",
    example="""
system = System("Shop")
system.context("Catalog").datastore("products", tech.OpenSearch("2.13"))
""",
    fixed="""
system = System("Shop")
catalog = system.context("Catalog")
db = catalog.datastore("products", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.OpenSearch("2.13"), role=Role.SEARCH_INDEX)
system.flow(db, index, Mechanism.CDC, consistency=eventual("5s"))
""",
    suppress="""
catalog.datastore("logs", tech.OpenSearch("2.13"),
                  suppress=[suppress("TEC005", "application logs; losing a shard is acceptable")])
""",
)
