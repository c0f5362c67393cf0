"""Flows between contexts: the requests buyers and sellers make, synchronous calls where an
answer is needed now, domain events through the bus, and the nightly loads into the warehouse.

Flows inside a context (a service and its own stores) are declared in the context's module.
"""

from archdocs import (
    Access,
    DeadLetter,
    Delivery,
    DeliveryGuarantee,
    Mechanism,
    Retry,
    eventual,
    strong,
)
from marketplace import buyer, seller, support_agent, system
from marketplace.catalog import (
    Brand,
    Category,
    Product,
    ProductVariant,
    catalog_api,
    catalog_db,
    search_api,
    search_indexer,
)
from marketplace.events import (
    ADDED_TO_CART,
    LISTING_VIEWED,
    ORDER_CANCELLED,
    ORDER_PLACED,
    PAYMENT_CAPTURED,
    PAYMENT_FAILED,
    REFUND_ISSUED,
    SELLER_SUSPENDED,
    SELLER_UPDATED,
    SHIPMENT_DELIVERED,
    SHIPMENT_DISPATCHED,
)
from marketplace.fulfilment import inventory_service, shipping_service
from marketplace.identity import Customer, Seller, account_service, accounts_db
from marketplace.insights import analytics_warehouse, clickstream_ingestor
from marketplace.ordering import Order, OrderLine, cart_service, order_service, orders_db
from marketplace.payments import payment_service
from marketplace.platform import event_bus

# -- people -------------------------------------------------------------------------------------

search_queries = system.flow(
    buyer, search_api, Mechanism.SYNC_REQUEST, access=Access.READ, consistency=eventual("5s"),
    per_second=2_400, description="Search, category pages and autocomplete.",
)
system.flow(
    buyer, catalog_api, Mechanism.SYNC_REQUEST, access=Access.READ, consistency=eventual("10m"),
    per_second=2_500, description="Product pages, served from the page cache.",
)
system.flow(
    buyer, cart_service, Mechanism.SYNC_REQUEST, access=Access.READ_WRITE, consistency=strong(),
    per_second=1_600, description="Cart and wish lists.",
)
system.flow(
    buyer, order_service, Mechanism.SYNC_REQUEST, access=Access.READ_WRITE,
    consistency=strong(), per_second=430,
    description="Checkout (150/s at peak), order history and order detail.",
)
system.flow(
    buyer, account_service, Mechanism.SYNC_REQUEST, access=Access.READ_WRITE,
    consistency=strong(), per_second=300, description="Sign-in, profile, addresses, consent.",
)
system.flow(
    seller, catalog_api, Mechanism.SYNC_REQUEST, access=Access.READ_WRITE, consistency=strong(),
    per_second=60, description="The seller console: create, edit and publish listings.",
)
system.flow(
    seller, shipping_service, Mechanism.SYNC_REQUEST, access=Access.READ_WRITE,
    consistency=strong(), per_second=60,
    description="The seller's order queue, packing lists and label printing.",
)
system.flow(
    seller, inventory_service, Mechanism.SYNC_REQUEST, access=Access.READ_WRITE,
    consistency=strong(), per_second=40, description="Stock counts per location.",
)
system.flow(
    support_agent, order_service, Mechanism.SYNC_REQUEST, access=Access.READ_WRITE,
    consistency=strong(), per_second=3,
    description="Order look-up (by buyer), cancellation and refunds on a buyer's behalf.",
)

# -- synchronous calls at checkout --------------------------------------------------------------

reprice_at_checkout = system.flow(
    order_service, catalog_api, Mechanism.SYNC_REQUEST, name="re-price at checkout",
    access=Access.READ, consistency=strong(), per_second=150,
    description=(
        "The price charged must be the seller's current price, so checkout asks Catalog for "
        "the authoritative prices of the cart's SKUs (one batched call per checkout) instead "
        "of trusting a copy."
    ),
)
reserve_stock = system.flow(
    order_service, inventory_service, Mechanism.SYNC_REQUEST, name="reserve stock",
    access=Access.WRITE, consistency=strong(), per_second=150,
    description="Holds the units for 15 minutes; the order is only written once they are held.",
)
authorise_payment = system.flow(
    order_service, payment_service, Mechanism.SYNC_REQUEST, name="authorise payment",
    access=Access.WRITE, consistency=strong(), per_second=150,
    description="Opens the payment stream and authorises with the provider before the order is placed.",
)

# -- domain events through the bus --------------------------------------------------------------
#
# Every consumer of a domain event reads at least once and deduplicates on the event id (its
# inbox table, or an idempotent upsert), retries with backoff, then parks the message in its
# own dead-letter topic.

RETRY = Retry(attempts=8, backoff="500ms", max_backoff="5m")


def consumed_by(consumer: str, topic: str, *, key: str = "order_id") -> Delivery:
    """At-least-once delivery from ``topic`` into ``consumer``'s group, deduplicated on the
    event id, ordered by ``key``, retried, then dead-lettered."""
    return Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel=topic, ordering_key=key,
                    idempotency_key="event_id", consumer_group=consumer, retry=RETRY,
                    dead_letter=f"{consumer}.dlq")


order_events_to_fulfilment = system.flow(
    order_service, shipping_service, Mechanism.ASYNC_EVENT, name="orders to shipping",
    via=event_bus, events=[ORDER_PLACED, ORDER_CANCELLED], consistency=eventual("5s"),
    per_second=300, delivery=consumed_by("shipping-service", "orders.events"),
    description=(
        "Published from the order outbox. shipping-service creates one shipment per seller, "
        "which becomes that seller's order queue."
    ),
)
system.flow(
    order_service, inventory_service, Mechanism.ASYNC_EVENT, name="orders to inventory",
    via=event_bus, events=[ORDER_PLACED, ORDER_CANCELLED], consistency=eventual("5s"),
    per_second=300, delivery=consumed_by("inventory-service", "orders.events"),
    description="Commits the checkout's reservations, or releases them on cancellation.",
)
payment_events_to_orders = system.flow(
    payment_service, order_service, Mechanism.ASYNC_EVENT, name="payments to orders",
    via=event_bus, events=[PAYMENT_CAPTURED, PAYMENT_FAILED, REFUND_ISSUED],
    consistency=eventual("5s"), per_second=300,
    delivery=consumed_by("order-service", "payments.events", key="payment_id"),
    description="Published by the ledger relay; moves the order to paid, cancelled or refunded.",
)
system.flow(
    shipping_service, order_service, Mechanism.ASYNC_EVENT, name="shipments to orders",
    via=event_bus, events=[SHIPMENT_DISPATCHED, SHIPMENT_DELIVERED],
    consistency=eventual("5s"), per_second=400,
    delivery=consumed_by("order-service", "fulfilment.events"),
    description="Published from the fulfilment outbox; moves the order to shipped and delivered.",
)
system.flow(
    shipping_service, payment_service, Mechanism.ASYNC_EVENT, name="capture on dispatch",
    via=event_bus, events=[SHIPMENT_DISPATCHED], consistency=eventual("1m"), per_second=200,
    delivery=consumed_by("payment-service", "fulfilment.events"),
    description="A payment is captured when its first parcel ships, as card rules require.",
)
shop_names_to_search = system.flow(
    account_service, search_indexer, Mechanism.ASYNC_EVENT, name="shop names to search",
    via=event_bus, events=[SELLER_UPDATED, SELLER_SUSPENDED], consistency=eventual("1m"),
    per_second=1,
    delivery=Delivery(DeliveryGuarantee.AT_MOST_ONCE, channel="accounts.events",
                      ordering_key="seller_id", idempotency_key="seller_id",
                      consumer_group="search-indexer-sellers", retry=RETRY,
                      dead_letter="search-indexer.dlq"),
    description=(
        "Keeps shop names in search documents current and hides suspended shops. Published "
        "after commit without an outbox (about one a second): a lost event only delays a "
        "rename or a suspension in search until the nightly job republishes every seller "
        "changed that day."
    ),
)
system.flow(
    catalog_api, clickstream_ingestor, Mechanism.ASYNC_EVENT, name="storefront clickstream",
    via=event_bus, events=[LISTING_VIEWED, ADDED_TO_CART], consistency=eventual("1m"),
    per_second=6_000,
    delivery=Delivery(
        DeliveryGuarantee.AT_MOST_ONCE, channel="storefront.clickstream",
        ordering_key="listing_id", consumer_group="clickstream-ingestor",
        dead_letter=DeadLetter(discard=True, reason=(
            "a malformed view event is counted in a metric and dropped: analytics tolerate "
            "small loss"))),
    description=(
        "Fire-and-forget (acks=1): a lost view event skews a dashboard by a fraction of a "
        "percent, which is cheaper than an outbox at 6 000 events a second."
    ),
)
system.flow(
    order_service, clickstream_ingestor, Mechanism.ASYNC_EVENT, name="purchases to metrics",
    via=event_bus, events=[ORDER_PLACED], consistency=eventual("1m"), per_second=300,
    delivery=consumed_by("clickstream-ingestor", "orders.events"),
    description="Purchases per listing, counted from the order events.",
)

# -- loads into the warehouse -------------------------------------------------------------------

orders_to_warehouse = system.flow(
    orders_db, analytics_warehouse, Mechanism.BATCH, name="nightly orders load",
    carries=[Order, OrderLine], consistency=eventual("1d"),
    derives={"fact_order_lines": {
        "order_date_key": "to_char(orders.placed_at, 'YYYYMMDD')::int",
        "order_id": "order_lines.order_id",
        "line_no": "order_lines.line_no",
        "quantity": "order_lines.quantity",
        "revenue_minor": "order_lines.line_total_minor",
        "revenue_eur_cents": "round(order_lines.line_total_minor * ecb_rate(orders.currency, "
                             "orders.placed_at))",
        "currency": "orders.currency",
    }},
    description=(
        "Airflow + dbt, 02:00 UTC: yesterday's orders and lines, read from the Citus workers' "
        "standbys in parallel per shard, become fact_order_lines rows."
    ),
)
system.flow(
    catalog_db, analytics_warehouse, Mechanism.BATCH, name="nightly catalog load",
    carries=[Product, Category, Brand, ProductVariant], consistency=eventual("1d"),
    derives={"dim_product": ["products", "categories", "brands", "product_variants"]},
    description="Listings changed yesterday become new dim_product versions (SCD type 2).",
)
system.flow(
    accounts_db, analytics_warehouse, Mechanism.REPLICATION, name="accounts replication",
    carries=[Customer, Seller], consistency=eventual("1m"), per_second=30,
    derives={"dim_buyer": ["customers"], "dim_seller": ["sellers"]},
    description=(
        "PostgreSQL logical replication of a publication with pseudonymous columns only (no "
        "names, e-mails or addresses) into the warehouse's staging schema; dim_buyer and "
        "dim_seller are built from it at night."
    ),
)
