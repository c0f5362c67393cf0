"""Platform: the Kafka event bus that carries domain events between contexts.

The platform team runs the cluster; the topics belong to the contexts that publish them. Each
topic is declared in Kafka's own terms (partitions, key, retention, replication factor,
consumer groups) with the contracts of the events it carries (``marketplace.events``).
"""

from archdocs import (
    Backup,
    ConsumerGroup,
    Hosting,
    Replication,
    ReplicationMode,
    Requirement,
    Retention,
    Role,
    Scaling,
    Topic,
    tech,
)
from marketplace import system
from marketplace.events import (
    ADDED_TO_CART,
    CHARGEBACK_OPENED,
    LISTING_VIEWED,
    ORDER_CANCELLED,
    ORDER_COMPLETED,
    ORDER_PLACED,
    PAYMENT_AUTHORISED,
    PAYMENT_CAPTURED,
    PAYMENT_FAILED,
    PRODUCT_CHANGED,
    REFUND_ISSUED,
    SELLER_SUSPENDED,
    SELLER_UPDATED,
    SHIPMENT_DELIVERED,
    SHIPMENT_DISPATCHED,
    STOCK_DEPLETED,
)

platform = system.context(
    "Platform",
    domain="Infrastructure",
    team="Platform engineering",
    description=(
        "Shared runtime for the domain teams. It owns no business data: it runs the event bus, "
        "its schema registry and the Debezium connectors that relay outboxes into it."
    ),
)

REPLICATION_FACTOR = 3
DOMAIN_EVENTS = Retention(time="7d")


def dead_letters(consumer: str) -> Topic:
    """The dead-letter topic of one consuming service: messages that failed every retry."""
    return Topic(
        f"{consumer}.dlq", partitions=3, retention=Retention(time="14d"),
        replication_factor=REPLICATION_FACTOR, min_insync_replicas=2,
        consumer_groups=[ConsumerGroup(f"{consumer}-dlq-replay", consumer)],
        messages_per_day=200, message_bytes=1_200,
        description=(
            f"Messages {consumer} gave up on after its retries, with the error in the headers; "
            "an on-call engineer replays them once the cause is fixed. Alerted on any message."
        ),
    )


TOPICS = [
    Topic(
        "orders.events", partitions=24, key="order_id", retention=DOMAIN_EVENTS,
        replication_factor=REPLICATION_FACTOR, min_insync_replicas=2,
        events=[ORDER_PLACED, ORDER_CANCELLED, ORDER_COMPLETED],
        consumer_groups=[ConsumerGroup("shipping-service", "shipping-service"),
                         ConsumerGroup("inventory-service", "inventory-service"),
                         ConsumerGroup("clickstream-ingestor", "clickstream-ingestor")],
        messages_per_day=3_000_000, message_bytes=900, peak_per_second=1_200,
        growth_per_year=0.3,
        description="Order lifecycle events from the orders outbox, keyed by order id so an "
                    "order's events stay in order in one partition.",
    ),
    Topic(
        "payments.events", partitions=12, key="payment_id", retention=DOMAIN_EVENTS,
        replication_factor=REPLICATION_FACTOR, min_insync_replicas=2,
        events=[PAYMENT_AUTHORISED, PAYMENT_CAPTURED, PAYMENT_FAILED, REFUND_ISSUED,
                CHARGEBACK_OPENED],
        consumer_groups=[ConsumerGroup("order-service", "order-service")],
        messages_per_day=2_500_000, message_bytes=800, peak_per_second=900,
        growth_per_year=0.3,
        description="Every event appended to the payment ledger, keyed by payment id.",
    ),
    Topic(
        "fulfilment.events", partitions=12, key="order_id", retention=DOMAIN_EVENTS,
        replication_factor=REPLICATION_FACTOR, min_insync_replicas=2,
        events=[SHIPMENT_DISPATCHED, SHIPMENT_DELIVERED, STOCK_DEPLETED],
        consumer_groups=[ConsumerGroup("order-service", "order-service"),
                         ConsumerGroup("payment-service", "payment-service")],
        messages_per_day=3_400_000, message_bytes=700, peak_per_second=500,
        growth_per_year=0.3,
        description="Shipment and stock events from the fulfilment outbox.",
    ),
    Topic(
        "accounts.events", partitions=3, key="seller_id", retention=DOMAIN_EVENTS,
        replication_factor=REPLICATION_FACTOR, min_insync_replicas=2,
        events=[SELLER_UPDATED, SELLER_SUSPENDED],
        consumer_groups=[ConsumerGroup("search-indexer-sellers", "search-indexer")],
        messages_per_day=86_400, message_bytes=600, peak_per_second=5,
        description="Public seller changes, published after commit (no outbox).",
    ),
    Topic(
        "catalog.cdc.products", partitions=12, key="id", retention=Retention(time="3d"),
        replication_factor=REPLICATION_FACTOR, min_insync_replicas=2,
        events=[PRODUCT_CHANGED],
        consumer_groups=[ConsumerGroup("search-indexer", "search-indexer")],
        messages_per_day=8_000_000, message_bytes=2_000, peak_per_second=1_500,
        growth_per_year=0.3,
        description="Debezium row changes of catalog-db, private to Catalog (topic ACLs). "
                    "A full reindex reads catalog-db, not this topic, so 3 days suffice.",
    ),
    Topic(
        "storefront.clickstream", partitions=48, key="listing_id",
        retention=Retention(time="3d"), replication_factor=REPLICATION_FACTOR,
        min_insync_replicas=1, events=[LISTING_VIEWED, ADDED_TO_CART],
        consumer_groups=[ConsumerGroup("clickstream-ingestor", "clickstream-ingestor")],
        messages_per_day=120_000_000, message_bytes=350, peak_per_second=6_000,
        growth_per_year=0.4,
        description="Storefront behaviour events: high volume, loss-tolerant (producers use "
                    "acks=1 and may drop events under back-pressure).",
    ),
    *(dead_letters(consumer) for consumer in (
        "clickstream-ingestor", "inventory-service", "order-service", "payment-service", "search-indexer",
        "shipping-service")),
]


event_bus = platform.datastore(
    "event-bus",
    tech.Kafka("3.7"),
    role=Role.BROKER,
    structures=TOPICS,
    nodes=3,
    description=(
        "Kafka cluster carrying domain events between contexts and the storefront clickstream. "
        "Chosen for an append-only, replayable log: a new consumer (the warehouse, a new read "
        "model) can rebuild from history, and per-key ordering keeps an order's events in sequence."
    ),
    requirements=[Requirement.APPEND_ONLY, Requirement.DURABILITY,
                  Requirement.HIGH_WRITE_THROUGHPUT],
    scaling=Scaling(
        replication=Replication(replicas=2, mode=ReplicationMode.SYNC,
                                regions=["eu-west-1a", "eu-west-1b", "eu-west-1c"],
                                readable=True),
    ),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="continuous (MirrorMaker 2 to the DR region)", retention="7 days",
                  tested_restore="quarterly consumer-offset failover drill"),
    high_availability=(
        "3 brokers across 3 zones, replication factor 3, min.insync.replicas=2: survives the "
        "loss of one zone without losing acknowledged events."
    ),
)
