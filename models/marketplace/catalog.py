"""Catalog: listings, their variants, images and prices; product search and product pages.

The write side is relational (PostgreSQL): sellers edit listings in transactions, variants
reference their product, categories form a tree, and the price history must be exact (the EU
Omnibus rule shows the lowest price of the last 30 days). Category-specific attributes vary per
category, so they sit in one JSONB column rather than in a table per category.

Reads are split off (CQRS): full-text search with facets is Elasticsearch's job, fed from the
write side by change data capture; product pages are served from a Redis read-through cache.
"""

import uuid
from datetime import datetime

from sqlalchemy import (
    UUID,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import (
    Access,
    AccessPattern,
    Backup,
    Delivery,
    DeliveryGuarantee,
    EvictionPolicy,
    FieldMapping,
    Hosting,
    KeyPattern,
    Mechanism,
    Replication,
    ReplicationMode,
    Requirement,
    Retry,
    Role,
    Scaling,
    SearchIndex,
    ValueType,
    Volume,
    column_notes,
    eventual,
    strong,
    table_notes,
    tech,
)
from marketplace import system
from marketplace.catalog_v1 import catalog_release_1
from marketplace.conventions import conventional_metadata
from marketplace.events import PRODUCT_CHANGED
from marketplace.platform import event_bus

catalog = system.context(
    "Catalog",
    domain="Merchandising",
    team="Catalog & Search",
    description=(
        "What is for sale: sellers' listings (products and their variants), categories, "
        "brands, images and prices; and how buyers find them (search, product pages)."
    ),
)

catalog_api = catalog.service(
    "catalog-api",
    technology="Go",
    description=(
        "Listing management for sellers (create, edit, publish), product pages for the "
        "storefront, and authoritative prices for checkout. Emits storefront clickstream."
    ),
)
search_api = catalog.service(
    "search-api",
    technology="Go",
    description="Search, filters and facets, autocomplete: queries the search read model only.",
)
search_indexer = catalog.service(
    "search-indexer",
    technology="Java / Kafka Streams",
    description=(
        "Projects catalog changes into search documents: consumes the Debezium change stream "
        "of catalog-db, joins a product with its variants and prices, and bulk-indexes it."
    ),
)


# -- catalog-db (PostgreSQL, write side) --------------------------------------------------------


class CatalogBase(DeclarativeBase):
    """Tables of catalog-db, the write side of the catalog."""

    metadata = conventional_metadata()


class Category(CatalogBase):
    __tablename__ = "categories"
    __table_args__ = {
        "comment": (
            "The category tree (about 6 000 nodes), curated by merchandisers. Each category "
            "defines the attribute schema its listings must follow."
        ),
        "info": table_notes(volume=Volume(rows=6_000, rows_per_day=5)),
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Category id.")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id"), index=True, comment="Parent category; NULL for the roots."
    )
    slug: Mapped[str] = mapped_column(
        String(120), unique=True, comment="URL segment, unique across the tree."
    )
    name: Mapped[str] = mapped_column(String(120), comment="Display name (English master).")
    path: Mapped[str] = mapped_column(
        Text, comment="Materialised path of ids from the root, e.g. '/3/41/977/', for subtree filters."
    )
    attribute_schema: Mapped[dict[str, object]] = mapped_column(
        JSONB, comment="JSON Schema the attributes of listings in this category must satisfy."
    )


class Brand(CatalogBase):
    __tablename__ = "brands"
    __table_args__ = {
        "comment": "Brands listings can be attributed to; merged by merchandisers when duplicated.",
        "info": table_notes(volume=Volume(rows=220_000, rows_per_day=200)),
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Brand id.")
    slug: Mapped[str] = mapped_column(String(120), unique=True, comment="URL name, unique.")
    name: Mapped[str] = mapped_column(String(120), comment="Display name.")
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("brands.id"), index=True,
        comment="When merged: the surviving brand; listings are re-pointed in the background.",
    )


class Product(CatalogBase):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'active', 'paused', 'removed')", name="status"),
        Index(None, "seller_id", "updated_at"),
        {
            "comment": (
                "A listing: one product offered by one seller, with category-specific "
                "attributes. Sold through its variants (size, colour)."
            ),
            "info": table_notes(
                volume=Volume(rows=40_000_000, rows_per_day=60_000, growth_per_year=0.3,
                              peak_writes_per_second=400),
                access=[
                    AccessPattern(
                        "product page by id", equals=["id"], limit=1, per_second=600,
                        latency_ms=15, issued_by="catalog-api",
                        example="cache miss on pdp:{id}:{locale}",
                    ),
                    AccessPattern(
                        "seller console: my listings", equals=["seller_id"],
                        order_by=["updated_at desc"], limit=50, per_second=40, latency_ms=50,
                        issued_by="catalog-api",
                    ),
                ],
            ),
        },
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, server_default=text("gen_random_uuid()"),
        comment="Listing id, also the product id in search, carts and orders.",
    )
    seller_id: Mapped[uuid.UUID] = mapped_column(
        UUID,
        comment=(
            "The selling shop (Identity's sellers.id). Not a foreign key: sellers live in "
            "another context's database; seller closure arrives as an event."
        ),
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("categories.id"), index=True, comment="Leaf category the listing is in."
    )
    brand_id: Mapped[int | None] = mapped_column(
        ForeignKey("brands.id"), index=True, comment="Brand, when the seller gave one."
    )
    title: Mapped[str] = mapped_column(
        String(200), comment="Listing title (searchable).",
        info=column_notes(renamed_from="name"),
    )
    description: Mapped[str] = mapped_column(Text, comment="Seller's description, Markdown.")
    attributes: Mapped[dict[str, object]] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb"),
        comment="Category-specific attributes (material, dimensions …), validated against the category's schema.",
    )
    status: Mapped[str] = mapped_column(
        String(10), server_default="draft",
        comment="draft, active (visible), paused by the seller, removed by moderation.",
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When the listing was created."
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(),
        comment="Last change; drives the seller console's ordering.",
    )
    published_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="First time the listing became active."
    )


class ProductVariant(CatalogBase):
    __tablename__ = "product_variants"
    __table_args__ = (
        CheckConstraint("price_minor >= 0", name="price_not_negative"),
        {
            "comment": (
                "A purchasable variant of a listing (size M in blue): what carts, stock and "
                "order lines refer to."
            ),
            "info": table_notes(
                volume=Volume(rows=110_000_000, rows_per_day=150_000, growth_per_year=0.3),
                access=[
                    AccessPattern(
                        "variants of a product", equals=["product_id"], limit=100,
                        per_second=600, latency_ms=15, issued_by="catalog-api",
                    ),
                    AccessPattern(
                        "checkout price check by SKU", equals=["sku"], limit=1,
                        per_second=450, latency_ms=10, issued_by="catalog-api",
                    ),
                ],
            ),
        },
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, server_default=text("gen_random_uuid()"), comment="Variant id."
    )
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), index=True,
        comment="The listing this variant belongs to.",
    )
    sku: Mapped[str] = mapped_column(
        String(64), unique=True, comment="Stock-keeping unit, unique across the marketplace."
    )
    option_values: Mapped[dict[str, str]] = mapped_column(
        JSONB, comment="The options that make this variant, e.g. {\"size\": \"M\", \"colour\": \"blue\"}."
    )
    price_minor: Mapped[int] = mapped_column(
        BigInteger, comment="Current price in minor units of currency (cents)."
    )
    currency: Mapped[str] = mapped_column(String(3), comment="ISO 4217 currency of the price.")
    weight_grams: Mapped[int | None] = mapped_column(
        Integer, comment="Shipping weight, used for postage quotes."
    )
    is_active: Mapped[bool] = mapped_column(
        Boolean, server_default="true", comment="False when the seller discontinued the variant."
    )


class ProductImage(CatalogBase):
    __tablename__ = "product_images"
    __table_args__ = (
        UniqueConstraint("product_id", "position"),
        {
            "comment": "Images of a listing in display order; files live on the CDN origin bucket.",
            "info": table_notes(
                volume=Volume(rows=240_000_000, rows_per_day=350_000, growth_per_year=0.3),
                access=[
                    AccessPattern(
                        "gallery of a product", equals=["product_id"], order_by=["position"],
                        limit=20, per_second=600, latency_ms=15, issued_by="catalog-api",
                    ),
                ],
            ),
        },
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, server_default=text("gen_random_uuid()"), comment="Image id."
    )
    product_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"),
        comment="The listing shown (indexed by the unique (product_id, position)).",
    )
    position: Mapped[int] = mapped_column(SmallInteger, comment="Display order, 0 is the cover.")
    storage_key: Mapped[str] = mapped_column(
        String(200), comment="Object key of the original in the image bucket."
    )
    alt_text: Mapped[str | None] = mapped_column(String(300), comment="Accessibility text.")
    width_px: Mapped[int] = mapped_column(Integer, comment="Original width in pixels.")
    height_px: Mapped[int] = mapped_column(Integer, comment="Original height in pixels.")


class PriceChange(CatalogBase):
    __tablename__ = "price_history"
    __table_args__ = (
        CheckConstraint("price_minor >= 0", name="price_not_negative"),
        {
            "comment": (
                "Every price a variant has had and from when. Feeds the EU Omnibus 'lowest "
                "price in the last 30 days' shown next to a discount, and price disputes."
            ),
            "info": table_notes(
                volume=Volume(rows=600_000_000, rows_per_day=900_000, growth_per_year=0.3),
                access=[
                    AccessPattern(
                        "lowest price in the last 30 days", equals=["variant_id"],
                        range="valid_from", per_second=300, latency_ms=20,
                        issued_by="catalog-api",
                        example="SELECT min(price_minor) FROM price_history WHERE variant_id = $1 "
                                "AND valid_from > now() - interval '30 days'",
                    ),
                ],
            ),
        },
    )

    variant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("product_variants.id", ondelete="CASCADE"), primary_key=True,
        comment="The variant whose price changed.",
    )
    valid_from: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), primary_key=True, comment="When this price took effect."
    )
    price_minor: Mapped[int] = mapped_column(
        BigInteger, comment="Price in minor units, in effect from valid_from."
    )
    currency: Mapped[str] = mapped_column(String(3), comment="ISO 4217 currency of that price.")
    changed_by: Mapped[str] = mapped_column(
        String(40), comment="seller, promotion engine or support (who set the price)."
    )


catalog_db = catalog.datastore(
    "catalog-db",
    tech.PostgreSQL("16"),
    schema=CatalogBase,
    previous_schema=catalog_release_1(CatalogBase.metadata),
    description=(
        "Write side of the catalog (CQRS). Relational for transactional listing edits, "
        "referential integrity between products, variants, images and prices, and exact price "
        "history. Its WAL feeds the search index through Debezium; product pages are served "
        "from the page cache, so the primary carries writes and cache misses only."
    ),
    requirements=[Requirement.ACID, Requirement.JOINS, Requirement.FLEXIBLE_SCHEMA],
    scaling=Scaling(
        replication=Replication(replicas=2, mode=ReplicationMode.ASYNC,
                                regions=["eu-west-1b", "eu-west-1c"], readable=True),
    ),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="daily snapshot + continuous WAL archiving", retention="35 days",
                  point_in_time=True, tested_restore="monthly restore into staging"),
    high_availability="Synchronous standby in a second zone (Multi-AZ) plus two async readers.",
)


# -- product-search (Elasticsearch, read model) -------------------------------------------------


PRODUCT_INDEX = SearchIndex(
    "products",
    description=(
        "One document per active listing (about 80 % of catalog-db's products), denormalised "
        "with its variants, prices and shop name. Served through the alias products over "
        "products_vN, so a mapping change is a reindex into a new index and an alias swap."
    ),
    source="catalog-db.products", documents_per_source_row=0.8, document_bytes=4_000,
    shards=6, replicas=1, aliases=["products"], refresh_interval="1s",
    lifecycle="none: rebuilt behind the alias (reindex into 12 shards past 50 GB a shard)",
    mappings=[
        FieldMapping("product_id", "keyword", note="document _id: the listing id"),
        FieldMapping("title", "text", "per-locale language analyser",
                     note="keyword subfield for sorting; boosted ^3"),
        FieldMapping("description", "text", "html_strip + language analyser"),
        FieldMapping("category_path", "keyword", "path_hierarchy tokenizer",
                     note="filters a whole category subtree"),
        FieldMapping("brand", "keyword", note="facet"),
        FieldMapping("shop_name", "text", note="keyword subfield; from Identity's seller events"),
        FieldMapping("price_min_minor", "long", note="lowest active variant price"),
        FieldMapping("price_max_minor", "long"),
        FieldMapping("currency", "keyword"),
        FieldMapping("in_stock", "boolean"),
        FieldMapping("rating_avg", "scaled_float", note="boosts relevance"),
        FieldMapping("attributes", "flattened",
                     note="category attributes as facets without a mapping explosion"),
        FieldMapping("published_at", "date", note="the 'newest' sort"),
    ],
)
SUGGESTION_INDEX = SearchIndex(
    "search_suggestions",
    description="Completion-suggester entries built nightly from popular queries and "
                "category names.",
    source="popular queries of the last 28 days (nightly job)",
    documents=3_000_000, document_bytes=300, shards=1, replicas=1,
    lifecycle="rebuilt nightly into a new index, alias swapped, old index deleted",
    mappings=[
        FieldMapping("input", "completion", "simple"),
        FieldMapping("weight", "integer", note="popularity over the last 28 days"),
        FieldMapping("category_slug", "keyword",
                     note="completion context: suggestions scoped to a category page"),
    ],
)


product_search = catalog.datastore(
    "product-search",
    tech.Elasticsearch("8.13"),
    role=Role.SEARCH_INDEX,
    structures=[PRODUCT_INDEX, SUGGESTION_INDEX],
    nodes=6,
    access_patterns=[
        AccessPattern(
            "full-text search with filters", table="products",
            equals=["title", "description"], text_search=True, limit=48, per_second=900,
            latency_ms=150, issued_by="search-api",
            example="multi_match on title^3, description; filter category_path, "
                    "price range, in_stock; aggregations on brand and attributes",
        ),
        AccessPattern(
            "autocomplete", table="search_suggestions", equals=["input"], text_search=True,
            limit=10, per_second=1_500, latency_ms=30, issued_by="search-api",
        ),
    ],
    description=(
        "Search read model (CQRS): full-text relevance, facets and autocomplete, which a "
        "relational store does poorly at this size. Never written by the storefront, only by "
        "search-indexer; it can be rebuilt from catalog-db at any time (reindex in about 3 h)."
    ),
    requirements=[Requirement.FULL_TEXT, Requirement.FLEXIBLE_SCHEMA],
    scaling=Scaling(
        replication=Replication(replicas=1, mode=ReplicationMode.ASYNC,
                                regions=["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
    ),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="nightly snapshot to object storage", retention="7 days",
                  tested_restore="rebuild from catalog-db is the real recovery path"),
    high_availability="6 data nodes over 3 zones, 1 replica per shard.",
)


# -- product-cache (Redis) ----------------------------------------------------------------------


PRODUCT_PAGE_KEY = KeyPattern(
    "pdp:{product_id}:{locale}", ValueType.STRING, ttl="10m", value_bytes=12_000,
    count=4_000_000,
    description=(
        "Serialised product page model (listing, variants, images, 30-day lowest price), "
        "MessagePack-encoded. Deleted by catalog-api on every edit of the listing."
    ),
)


product_cache = catalog.datastore(
    "product-cache",
    tech.Redis("7.2"),
    role=Role.CACHE,
    structures=[PRODUCT_PAGE_KEY],
    access_patterns=[
        AccessPattern(
            "product page", table="pdp:{product_id}:{locale}",
            equals=["product_id", "locale"], limit=1, per_second=2_500, latency_ms=3,
            issued_by="catalog-api", example="GET pdp:{id}:en-GB",
        ),
    ],
    memory="8GB", eviction=EvictionPolicy.ALLKEYS_LRU,
    description=(
        "Read-through cache of product pages: 2 500 reads a second at peak, 95 % hit rate, so "
        "catalog-db sees about 125 page builds a second. allkeys-lru eviction; safe to flush."
    ),
    requirements=[Requirement.TTL],
    hosting=Hosting.MANAGED,
    high_availability="One replica; a failover costs a cold cache for a few minutes, not an outage.",
)


# -- flows inside the context -------------------------------------------------------------------

system.flow(
    catalog_api, catalog_db, Mechanism.QUERY, access=Access.READ_WRITE,
    carries=[Product, ProductVariant, ProductImage, PriceChange, Category, Brand],
    consistency=strong(), per_second=700,
    description=(
        "Listing edits in one transaction per listing; page builds on cache misses and "
        "authoritative price checks for checkout read the primary."
    ),
)
system.flow(
    catalog_api, product_cache, Mechanism.CACHE_FILL, access=Access.READ_WRITE,
    carries=["pdp:{product_id}:{locale}"], consistency=eventual("10m"), per_second=2_500,
    description=(
        "Cache-aside: GET, on a miss build from catalog-db and SET with a 10-minute TTL. An "
        "edit deletes the listing's keys, so staleness is usually under a second and at most "
        "the TTL when a delete is lost."
    ),
)
search_projection_cdc = system.flow(
    catalog_db, search_indexer, Mechanism.CDC, name="catalog changes to search-indexer",
    carries=[Product, ProductVariant, ProductImage, PriceChange, Category, Brand],
    via=event_bus, consistency=eventual("5s"), per_second=1_500, events=[PRODUCT_CHANGED],
    delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="catalog.cdc.products",
                      ordering_key="id", idempotency_key="id", consumer_group="search-indexer",
                      retry=Retry(attempts=8, backoff="500ms", max_backoff="5m"),
                      dead_letter="search-indexer.dlq"),
    description=(
        "Debezium reads catalog-db's WAL (logical replication slot) and publishes row changes "
        "to catalog.cdc.* topics on the event bus; search-indexer consumes them. The raw "
        "change stream is private to Catalog (topic ACLs): other contexts get domain events."
    ),
)
search_projection_index = system.flow(
    search_indexer, product_search, Mechanism.QUERY, name="search-indexer bulk-indexes products",
    access=Access.WRITE, carries=["products", "search_suggestions"],
    consistency=eventual("5s"), per_second=800,
    description=(
        "Bulk requests of up to 1 000 documents; a listing visible in search within about "
        "5 s of the seller's edit (CDC lag + 1 s refresh)."
    ),
)
search_read = system.flow(
    search_api, product_search, Mechanism.QUERY, access=Access.READ,
    carries=["products", "search_suggestions"], consistency=eventual("1s"),
    per_second=2_400,
    description="Search and autocomplete queries; results lag writes by the 1 s refresh interval.",
)
