"""Non-relational stores and asynchronous flows on the flagship's site, in their own terms."""

from __future__ import annotations

from archdocs.model.physical import Topic
from archdocs.website.build import SiteResult
from archdocs.website.paths import SitePaths
from archdocs.website.physical_pages import structure_path

PATHS = SitePaths()


def _page(site: SiteResult, path: str) -> str:
    return site.files()[path].decode()


def test_kafka_topics_have_pages_with_partitions_retention_and_replication(
        flagship: SiteResult) -> None:
    assert flagship.model is not None
    system = flagship.model.systems[0]
    bus = next(d for d in system.datastores if d.name == "event-bus")
    store = _page(flagship, PATHS.datastore(system, bus))
    assert "## Physical structures" in store and "### Topics" in store
    assert "Entity-relationship diagram" not in store and "VARCHAR" not in store
    row = next(line for line in store.splitlines() if "[storefront.clickstream]" in line)
    assert "| 48 | <code>listing\\_id</code> | 3d | 3 |" in row.replace("listing_id", "listing\\_id")
    topic = next(t for t in bus.structures_of(Topic) if t.name == "orders.events")
    page = _page(flagship, structure_path(PATHS, system, bus, topic))
    for fact in ("| **Partitions** | 24 |", "| **Retention** | 7d |",
                 "| **Replication factor** | 3 |", "| **min.insync.replicas** | 2 |"):
        assert fact in page
    assert '??? note "OrderPlaced v2 payload (JSON Schema)"' in page
    assert '"placed_at": {' in page and '"format": "date-time"' in page
    # the flows that go through it link here
    assert "[orders to shipping]" in page and "[orders outbox relay]" in page


def test_redis_mongo_and_elasticsearch_are_described_in_their_own_terms(
        flagship: SiteResult) -> None:
    files = flagship.files()
    cache = _page(flagship, "architecture/datastores/product-cache.md")
    assert "### Key patterns" in cache and "| string | 10m | 4,000,000 | 12 kB |" in cache
    assert "eviction <code>allkeys-lru</code>" in cache
    assert not any(p.startswith("architecture/datastores/product-cache/tables/") for p in files)
    carts = _page(flagship, "architecture/datastores/carts-db/collection/carts.md")
    assert "## Embedded and referenced" in carts and "| embedded |" in carts
    assert "<code>{expires_at: 1} TTL 0s</code>" in carts
    assert "## Document shape (JSON Schema)" in carts
    index = _page(flagship, "architecture/datastores/product-search/index/products.md")
    assert "| **Shards** | 6 |" in index and "| **Derived from** | catalog-db.products |" in index
    assert "| <code>category_path</code> | <code>keyword</code> | path\\_hierarchy tokenizer |" \
        in index
    metrics = _page(flagship, "architecture/datastores/listing-metrics.md")
    assert "### Hypertables" in metrics and "| after 7d |" in metrics


def test_async_flow_pages_show_their_delivery_contract(flagship: SiteResult) -> None:
    page = _page(flagship, "architecture/flows/orders-to-shipping.md")
    contract = page.split("## Delivery contract", 1)[1].split("\n## ", 1)[0]
    assert "| **Guarantee** | at-least-once |" in contract
    assert "[orders.events](../datastores/event-bus/topic/orders-events.md)" in contract
    assert "| **Idempotency** | consumer deduplicates on <code>event_id</code> |" in contract
    assert "| **Dead letters** | shipping-service.dlq |" in contract
    assert "8 attempts, exponential backoff from 500ms up to 5m" in contract
    events = page.split("## Event contracts", 1)[1]
    assert "| <code>OrderPlaced</code> | 2 | <code>order_id</code> |" in events
    # a flow carrying an index or a collection links to its page, not "not found"
    indexer = _page(flagship, "architecture/flows/search-indexer-bulk-indexes-products.md")
    assert "not found in any datastore" not in indexer
    assert "(../datastores/product-search/index/products.md)" in indexer
