"""PRF007: a text-search pattern on a store without full-text search."""

from collections.abc import Iterator

from archdocs.model.technology import Capability
from archdocs.perf.describe import frequency, pattern_label
from archdocs.perf.serving import Status, assess_all
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PRF007", "text-search-without-full-text", Severity.WARNING, family="access patterns",
    why="Matching words in text needs an inverted index: stemming, ranking, tokenising. A "
        "store without full-text search answers it with LIKE '%word%' or a scan, which no "
        "ordinary index can serve and which gets slower with every row.",
    fix="Route the pattern to a store with full-text search (a search index fed by CDC or "
        "events, or PostgreSQL/MySQL full-text indexes) and declare it there.",
)
def text_search_without_full_text(ctx: ReviewContext) -> Iterator[Hit]:
    search_stores = sorted(
        d.name for d in ctx.sys.datastores if d.has(Capability.FULL_TEXT_SEARCH)
    )
    for datastore in ctx.sys.datastores:
        for assessment in assess_all(datastore):
            if assessment.status is not Status.NO_FULL_TEXT:
                continue
            pattern = assessment.pattern
            where = pattern.table or "?"
            others = [name for name in search_stores if name != datastore.name]
            hint = (f"serve it from {', '.join(others)} (full-text search, already in the system)"
                    if others else "add a search index (Elasticsearch, OpenSearch) fed by CDC, "
                                   "or keep the text in a store with full-text search")
            yield Hit(
                datastore,
                f"{pattern_label(pattern)}{frequency(pattern)} searches text in {where} "
                f"({', '.join(pattern.equals)}), but {datastore.technology.name} has no "
                f"full-text search",
                target=pattern.table,
                location=pattern.declared_at,
                hint=hint,
            )


DOC = RuleDoc(
    checks="""
An access pattern with `text_search=True` on a datastore whose technology lacks
full-text search (Redis, Memcached, DynamoDB, Cassandra, SQLite …). The hint names the stores
of the system that do have it.
""",
    example="""
metadata = MetaData()
Table("products", metadata,
      Column("sku", String(20), primary_key=True),
      Column("title", String(200)))

system = System("Shop")
catalog = system.context("Catalog")
catalog.datastore("catalog-cache", tech.Redis("7"), schema=metadata, role=Role.CACHE,
    access_patterns=[AccessPattern("search products", table="products", equals=["title"],
                                   text_search=True)])
""",
    fixed="""
metadata = MetaData()
Table("products", metadata,
      Column("sku", String(20), primary_key=True),
      Column("title", String(200)))

system = System("Shop")
catalog = system.context("Catalog")
catalog.datastore("catalog-cache", tech.Redis("7"), schema=metadata, role=Role.CACHE,
    access_patterns=[AccessPattern("product by sku", table="products", equals=["sku"])])
catalog.datastore("search", tech.Elasticsearch("8"), schema=metadata,
    role=Role.SEARCH_INDEX,
    access_patterns=[AccessPattern("search products", table="products", equals=["title"],
                                   text_search=True)])
""",
    suppress="""
catalog.datastore("catalog-cache", tech.Redis("7"), schema=metadata, role=Role.CACHE,
    access_patterns=[...],
    suppress=[suppress("PRF007", "RediSearch is loaded on this cluster", target="products")])
""",
    notes="""
A PostgreSQL or MySQL table with a full-text index (`postgresql_using="gin"`,
`mysql_prefix="FULLTEXT"`) serves text search too; [PRF001](PRF001.md) then checks that
the index is there.
""",
)
