"""Non-relational stores and asynchronous flows on the flagship's site, in their own terms."""

from __future__ import annotations

from archdocs.model.physical import Topic
from archdocs.pages.paths import SitePaths
from archdocs.pages.physical import structure_path
from archdocs.website.build import SiteResult

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
    # the flows that go through it link here, and its diagram shows producers, consumers and
    # their dead-letter topics
    assert "[orders to shipping]" in page and "[orders outbox relay]" in page
    assert "diagrams/structure-event-bus-topic-orders-events.svg" in page
    svg = flagship.files()["architecture/diagrams/structure-event-bus-topic-orders-events.svg"]
    for label in (b"shipping&#45;service", b"shipping&#45;service.dlq", b"orders&#45;db",
                  b"at&#45;least&#45;once"):
        assert label in svg


def test_redis_mongo_and_elasticsearch_are_described_in_their_own_terms(
        flagship: SiteResult) -> None:
    files = flagship.files()
    cache = _page(flagship, "architecture/datastores/product-cache.md")
    assert "### Key patterns" in cache and "| string | 10m | 4,000,000 | 12 kB |" in cache
    assert "eviction <code>allkeys-lru</code>" in cache
    assert not any(p.startswith("architecture/datastores/product-cache/tables/") for p in files)
    carts = _page(flagship, "architecture/datastores/carts-db/collection/carts.md")
    assert "## Embedded and referenced" in carts and "| embedded |" in carts
    # Braces are written as character references, so no template engine reads them.
    assert "<code>&#123;expires_at: 1&#125; TTL 0s</code>" in carts
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


def test_lineage_page_shows_the_end_to_end_path_and_where_derived_data_comes_from(
        flagship: SiteResult) -> None:
    page = _page(flagship, "architecture/lineage.md")
    paths = page.split("## End-to-end paths", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in paths.splitlines() if "search-api" in line)
    for part in ("[catalog-db.products](datastores/catalog-db/tables/products.md)",
                 "[event-bus.catalog.cdc.products](datastores/event-bus/topic/catalog-cdc-products.md)",
                 "[search-indexer](contexts/catalog.md)",
                 "[product-search.products](datastores/product-search/index/products.md)",
                 "[search-api](contexts/catalog.md)", "| 4 |"):
        assert part in row
    derived = page.split("## Where derived data comes from", 1)[1].split("\n## ", 1)[0]
    fact = next(line for line in derived.splitlines() if "fact\\_order\\_lines" in line)
    assert "[orders-db.orders]" in fact and "[batch](flows/nightly-orders-load.md)" in fact


HOSTILE_BROKER = '''
from archdocs import *
from archdocs import tech
system = System("Shop")
ctx = system.context("Sales")
svc = ctx.service("svc")
bus = ctx.datastore("rabbit", tech.RabbitMQ("3.13"), role=Role.BROKER, structures=[
    Queue("<script>alert(1)</script>|q", dead_letter_exchange="dlx", message_ttl="1h",
          description="*bold* <img src=x>"),
    Exchange("orders", bindings=[Binding("<script>alert(1)</script>|q", "order.*")]),
])
system.flow(svc, svc, Mechanism.ASYNC_EVENT, via=bus, events=[EventContract(
                "E", schema={"type": "object", "properties": {"a```b": {"type": "string"}}})],
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE,
                              channel="<script>alert(1)</script>|q", idempotency_key="id",
                              dead_letter=DeadLetter(discard=True, reason="<b>ok</b>")))
'''


def test_rabbitmq_queues_exchanges_and_user_text_are_escaped(write_model) -> None:
    from archdocs.website.build import SiteOptions, build_site

    site = build_site(SiteOptions(models=write_model({"m.py": HOSTILE_BROKER}),
                                  use_cache=False))
    files = {path: data.decode() for path, data in site.files().items()
             if not path.endswith(".png")}  # the diagrams' icons are PNG files
    store = files["architecture/datastores/rabbit.md"]
    assert "### Queues" in store and "### Exchanges" in store
    assert "<script>" not in store and "&lt;script&gt;alert(1)&lt;/script&gt;\\|q" in store
    [queue] = [text for path, text in files.items() if "/rabbit/queue/" in path]
    assert "| **Replayable** | no: a consumed message is gone |" in queue
    assert "<img" not in queue and "\\*bold\\* &lt;img src=x&gt;" in queue
    flow = next(text for path, text in files.items() if path.startswith("architecture/flows/")
                and "Delivery contract" in text)
    assert "discarded (&lt;b&gt;ok&lt;/b&gt;)" in flow
    # a backtick run inside the schema cannot close the fence around it
    assert "````json" in flow and '"a```b"' in flow
