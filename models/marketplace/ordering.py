"""Ordering: carts and orders.

Carts are documents (MongoDB): a cart is read and written whole, its lines carry whatever the
storefront needs to show them, and abandoned carts expire by themselves (TTL index).

Orders are the business's core records, so they are relational (PostgreSQL): one transaction
writes the order, its lines, its first status and the outbox event. At 400 000 orders a day and
growing, one primary runs out of write capacity in about 16 months, so orders are hash-sharded
on the buyer with Citus: everything a buyer does (order history, order detail, status changes)
stays on one shard. Two queries do not know the buyer. Sellers' order queues are served by the
fulfilment context's shipments instead (see ``fulfilment``); support's look-up by order number
goes through ``order_lookup``, a small table distributed on the order number.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    UUID,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import (
    Access,
    AccessPattern,
    Backup,
    Classification,
    Collection,
    Delivery,
    DeliveryGuarantee,
    DocumentIndex,
    Embedding,
    Hosting,
    Mechanism,
    Operation,
    Partitioning,
    PartitionStrategy,
    Protection,
    Relation,
    Replication,
    ReplicationMode,
    Requirement,
    Scaling,
    Sharding,
    ShardStrategy,
    Volume,
    classify,
    column_notes,
    eventual,
    strong,
    suppress,
    table_notes,
    tech,
)
from marketplace import system
from marketplace.conventions import conventional_metadata
from marketplace.events import ORDER_CANCELLED, ORDER_COMPLETED, ORDER_PLACED
from marketplace.platform import event_bus

ordering = system.context(
    "Ordering",
    domain="Sales",
    team="Checkout",
    description=(
        "From cart to order: carts and wish lists, checkout (pricing, stock reservation, "
        "payment authorisation), the order's lifecycle and the buyer's order history."
    ),
)

cart_service = ordering.service(
    "cart-service",
    technology="Node.js / TypeScript",
    description="Carts and wish lists: add, remove, merge a guest cart on sign-in.",
)
order_service = ordering.service(
    "order-service",
    technology="Java / Spring Boot",
    description=(
        "Checkout and the order lifecycle: re-prices the cart with Catalog, reserves stock "
        "with Fulfilment, authorises payment with Payments, writes the order and its outbox "
        "event in one transaction, then follows payment and shipment events."
    ),
)


# -- carts-db (MongoDB) -------------------------------------------------------------------------


@dataclass
class CartLine:
    """A line of a cart, with the price and title as shown when it was added."""

    variant_id: str
    quantity: int
    unit_price_minor: int
    title: str
    added_at: datetime


@dataclass
class Cart:
    """One cart per buyer (or guest token), read and replaced whole."""

    _id: str
    version: int
    items: list[CartLine]
    currency: str
    updated_at: datetime
    expires_at: datetime


@dataclass
class SavedItem:
    """An item on a wish list, with its price when it was added."""

    variant_id: str
    added_at: datetime
    price_minor_when_added: int


@dataclass
class Wishlist:
    """One list of a buyer; _id is {buyer, list name} so a buyer's lists sort together."""

    _id: str
    name: str
    items: list[SavedItem]
    is_public: bool
    updated_at: datetime


CARTS = Collection(
    "carts", schema=Cart, validation=True,
    description=(
        "One document per buyer (or 'guest:{token}' before sign-in) holding its lines with a "
        "price snapshot; re-priced at checkout. Written whole with optimistic concurrency on "
        "version. Untouched carts disappear after 60 days (TTL index on expires_at)."
    ),
    relations=[Relation("items", Embedding.EMBEDDED, "cart lines",
                        "at most 100 lines; always read with the cart"),
               Relation("items.variant_id", Embedding.REFERENCED, "catalog-db.product_variants",
                        "re-read at checkout")],
    indexes=[DocumentIndex(["expires_at"], ttl="0s", name="expires_at_ttl")],
    documents=9_000_000, document_bytes=3_000,
)
WISHLISTS = Collection(
    "wishlists", schema=Wishlist,
    description="One document per buyer and list name, items embedded (at most 500). "
                "Never expires.",
    relations=[Relation("items", Embedding.EMBEDDED, "saved items", "at most 500")],
    documents=6_000_000, documents_per_day=20_000, document_bytes=2_000,
)


carts_db = ordering.datastore(
    "carts-db",
    tech.MongoDB("7.0"),
    structures=[CARTS, WISHLISTS],
    access_patterns=[
        AccessPattern(
            "cart of the current buyer", table="carts", equals=["_id"], limit=1,
            per_second=1_200, latency_ms=10, issued_by="cart-service",
            example="db.carts.findOne({_id: buyerId})",
        ),
        AccessPattern(
            "replace cart", table="carts", operation=Operation.WRITE, equals=["_id", "version"],
            limit=1, per_second=400, latency_ms=15, issued_by="cart-service",
            example="db.carts.replaceOne({_id: buyerId, version: v}, cart)",
        ),
        AccessPattern(
            "wish lists of a buyer", table="wishlists", equals=["_id"], limit=20,
            per_second=150, latency_ms=15, issued_by="cart-service",
            example="db.wishlists.find({_id: {$gte: [buyerId], $lt: [buyerId, {}]}})",
        ),
    ],
    description=(
        "System of record for carts and wish lists. Document store: a cart is one aggregate "
        "read and replaced whole, its line shape changes with storefront features, and "
        "abandoned carts must expire without a clean-up job (TTL index). Losing a cart is "
        "annoying, not costly, so majority writes but no multi-document transactions."
    ),
    requirements=[Requirement.FLEXIBLE_SCHEMA, Requirement.TTL, Requirement.DURABILITY],
    scaling=Scaling(replication=Replication(replicas=2, mode=ReplicationMode.ASYNC,
                                            regions=["eu-west-1b", "eu-west-1c"])),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="continuous cloud backup", retention="7 days", point_in_time=True),
    high_availability="3-member replica set across zones, writeConcern majority.",
    retention="60 days after the last change (TTL index)",
)


SHIPPING_ADDRESS = classify(Classification.PERSONAL, protection=[Protection.ENCRYPTED_AT_REST],
                            retention="10 years", regions=["eu-west-1"])
"""The address an order ships to: part of the invoice, kept for the 10-year legal retention of
accounting records (an erasure request does not remove it, GDPR Art. 17(3)(b))."""


# -- orders-db (PostgreSQL + Citus, sharded on buyer_id) ----------------------------------------


class OrdersBase(DeclarativeBase):
    """Tables of orders-db. Distributed tables carry buyer_id, the distribution column."""

    metadata = conventional_metadata()


class Currency(OrdersBase):
    __tablename__ = "currencies"
    __table_args__ = (
        CheckConstraint("minor_units BETWEEN 0 AND 4", name="minor_units"),
        {
            "comment": "Currencies the marketplace sells in. Citus reference table: on every shard.",
            "info": table_notes(volume=Volume(rows=30)),
        },
    )

    code: Mapped[str] = mapped_column(String(3), primary_key=True, comment="ISO 4217 code.")
    name: Mapped[str] = mapped_column(String(60), comment="English name.")
    minor_units: Mapped[int] = mapped_column(
        SmallInteger, comment="Digits after the decimal point (2 for EUR, 0 for JPY)."
    )


class Country(OrdersBase):
    __tablename__ = "countries"
    __table_args__ = {
        "comment": "Countries the marketplace ships to. Citus reference table: on every shard.",
        "info": table_notes(volume=Volume(rows=60)),
    }

    code: Mapped[str] = mapped_column(
        String(2), primary_key=True, comment="ISO 3166-1 alpha-2 code."
    )
    name: Mapped[str] = mapped_column(String(80), comment="English name.")
    vat_region: Mapped[str] = mapped_column(
        String(8), comment="EU, UK or OTHER: selects the VAT rules applied at checkout."
    )


REFERENCE_FK_REASON = (
    "References a Citus reference table whose rows are never deleted or re-keyed (a retired "
    "currency or country is flagged, not removed), so no foreign-key check ever scans orders; "
    "an index on a 30-value column of a 420 M-row table would cost every checkout a write."
)

ORDER_STATUSES = "('placed', 'paid', 'partially_shipped', 'shipped', 'delivered', 'cancelled', 'refunded')"


class Order(OrdersBase):
    __tablename__ = "orders"
    __table_args__ = (
        PrimaryKeyConstraint("buyer_id", "id"),
        UniqueConstraint("buyer_id", "order_number"),
        CheckConstraint(f"status IN {ORDER_STATUSES}", name="status"),
        CheckConstraint(
            "total_minor = subtotal_minor + shipping_minor + tax_minor", name="total_adds_up"
        ),
        Index(None, "buyer_id", "placed_at"),
        {
            "comment": (
                "An order placed by a buyer: one checkout, possibly lines from several "
                "sellers. Distributed on buyer_id: a buyer's orders live on one shard."
            ),
            "info": table_notes(
                volume=Volume(rows=420_000_000, rows_per_day=400_000, growth_per_year=0.35,
                              peak_writes_per_second=300),
                access=[
                    AccessPattern(
                        "order history of a buyer", equals=["buyer_id"],
                        order_by=["placed_at desc"], limit=20, per_second=180, latency_ms=30,
                        issued_by="order-service",
                        example="SELECT * FROM orders WHERE buyer_id = $1 "
                                "ORDER BY placed_at DESC LIMIT 20",
                    ),
                    AccessPattern(
                        "order detail",
                        equals=["buyer_id", "id"], limit=1, per_second=250, latency_ms=20,
                        issued_by="order-service",
                        example=(
                            "An order id alone would be a scatter-gather over all 32 shards. "
                            "The API route is /buyers/me/orders/{id}: the buyer id comes from "
                            "the session, so the query filters on the shard key too and Citus "
                            "routes it to one shard: SELECT * FROM orders WHERE buyer_id = $1 "
                            "AND id = $2"
                        ),
                    ),
                    AccessPattern(
                        "status update", operation=Operation.WRITE, equals=["buyer_id", "id"],
                        limit=1, per_second=200, latency_ms=20, issued_by="order-service",
                        example="Consumers of payment and shipment events read buyer_id from "
                                "the event key, so updates are single-shard as well.",
                    ),
                ],
            ),
        },
    )

    buyer_id: Mapped[uuid.UUID] = mapped_column(
        UUID, comment="Distribution column: the buyer (Identity's customers.id)."
    )
    id: Mapped[uuid.UUID] = mapped_column(
        UUID, comment="Order id, a UUIDv7 generated by order-service (time-ordered, no sequence)."
    )
    order_number: Mapped[str] = mapped_column(
        String(20), comment="Human-readable number printed on e-mails, e.g. M-26-4F7Q2K9D."
    )
    status: Mapped[str] = mapped_column(
        String(20), comment="Current lifecycle state; history in order_status_history."
    )
    currency: Mapped[str] = mapped_column(
        ForeignKey("currencies.code"), comment="Currency of every amount on the order.",
        info=column_notes(suppress=[suppress("SCH002", REFERENCE_FK_REASON)]),
    )
    subtotal_minor: Mapped[int] = mapped_column(BigInteger, comment="Sum of the line totals.")
    shipping_minor: Mapped[int] = mapped_column(BigInteger, comment="Postage charged.")
    tax_minor: Mapped[int] = mapped_column(BigInteger, comment="VAT included in the total.")
    total_minor: Mapped[int] = mapped_column(
        BigInteger, comment="Amount charged: subtotal + shipping + tax (checked)."
    )
    ship_to_name: Mapped[str] = mapped_column(
        String(160), comment="Recipient, copied at checkout.", info=SHIPPING_ADDRESS
    )
    ship_to_line1: Mapped[str] = mapped_column(
        String(200), comment="Street, copied at checkout.", info=SHIPPING_ADDRESS
    )
    ship_to_city: Mapped[str] = mapped_column(
        String(120), comment="City, copied at checkout.", info=SHIPPING_ADDRESS
    )
    ship_to_postcode: Mapped[str] = mapped_column(
        String(20), comment="Postal code.", info=SHIPPING_ADDRESS
    )
    ship_to_country: Mapped[str] = mapped_column(
        ForeignKey("countries.code"), comment="Destination country.",
        info=column_notes(suppress=[suppress("SCH002", REFERENCE_FK_REASON)]),
    )
    placed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When the buyer paid."
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="Last status change."
    )


class OrderLine(OrdersBase):
    __tablename__ = "order_lines"
    __table_args__ = (
        PrimaryKeyConstraint("buyer_id", "order_id", "line_no"),
        ForeignKeyConstraint(
            ["buyer_id", "order_id"], ["orders.buyer_id", "orders.id"], ondelete="CASCADE"
        ),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_minor >= 0", name="price_not_negative"),
        {
            "comment": (
                "One line of an order: a variant, its quantity and the price paid. Title and "
                "seller are copied from the catalog at checkout: the order must show what was "
                "bought even after the listing changes. Co-located with its order."
            ),
            "info": table_notes(
                volume=Volume(rows=1_050_000_000, rows_per_day=1_000_000, growth_per_year=0.35,
                              peak_writes_per_second=750),
                access=[
                    AccessPattern(
                        "lines of an order", equals=["buyer_id", "order_id"],
                        order_by=["line_no"], limit=50, per_second=250, latency_ms=20,
                        issued_by="order-service",
                    ),
                ],
            ),
        },
    )

    buyer_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Distribution column.")
    order_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="The order.")
    line_no: Mapped[int] = mapped_column(SmallInteger, comment="Position in the order, from 1.")
    seller_id: Mapped[uuid.UUID] = mapped_column(
        UUID, comment="Seller of the variant at checkout (Identity's sellers.id)."
    )
    product_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Catalog listing id.")
    variant_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Catalog variant id.")
    sku: Mapped[str] = mapped_column(String(64), comment="SKU at checkout.")
    title: Mapped[str] = mapped_column(String(200), comment="Listing title at checkout.")
    quantity: Mapped[int] = mapped_column(SmallInteger, comment="Units ordered.")
    unit_price_minor: Mapped[int] = mapped_column(
        BigInteger, comment="Price per unit charged, authoritative from catalog-api at checkout."
    )
    line_total_minor: Mapped[int] = mapped_column(
        BigInteger, comment="quantity × unit price, after line-level discounts."
    )


class OrderStatusChange(OrdersBase):
    __tablename__ = "order_status_history"
    __table_args__ = (
        PrimaryKeyConstraint("buyer_id", "order_id", "changed_at"),
        ForeignKeyConstraint(["buyer_id", "order_id"], ["orders.buyer_id", "orders.id"]),
        CheckConstraint(f"status IN {ORDER_STATUSES}", name="status"),
        {
            "comment": (
                "Every status an order went through, with who changed it and why. Range-"
                "partitioned by month on changed_at; partitions older than 36 months are "
                "detached and archived."
            ),
            "postgresql_partition_by": "RANGE (changed_at)",
            "info": table_notes(
                volume=Volume(rows=2_000_000_000, rows_per_day=2_000_000, row_bytes=120,
                              growth_per_year=0.35, peak_writes_per_second=1_500),
                access=[
                    AccessPattern(
                        "timeline of an order", equals=["buyer_id", "order_id"],
                        range="changed_at", order_by=["changed_at"], limit=50, per_second=120,
                        latency_ms=30, issued_by="order-service",
                        example=(
                            "No change precedes the order, so the query bounds changed_at by "
                            "the order's placed_at and only the months since are read: ... "
                            "WHERE buyer_id = $1 AND order_id = $2 AND changed_at >= $3"
                        ),
                    ),
                ],
            ),
        },
    )

    buyer_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Distribution column.")
    order_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="The order.")
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="When the status changed; the partition key."
    )
    status: Mapped[str] = mapped_column(String(20), comment="The new status.")
    changed_by: Mapped[str] = mapped_column(
        String(40), comment="buyer, seller, support:{agent id} or the event that caused it."
    )
    reason: Mapped[str | None] = mapped_column(
        String(200), comment="Free text for cancellations and refunds."
    )


class OrderLookup(OrdersBase):
    __tablename__ = "order_lookup"
    __table_args__ = {
        "comment": (
            "Global secondary index of orders by their printed number, distributed on "
            "order_number rather than buyer_id: support's look-up by number reaches one shard "
            "here, reads the buyer, then one shard of orders, instead of asking all 32. Filled "
            "by order-service from its own OrderPlaced events, so checkout stays a single-shard "
            "transaction; a new order is findable by number within seconds."
        ),
        "info": table_notes(
            suppress=[
                suppress(
                    "SCH003",
                    "A foreign key to orders would join two distributions (order_number here, "
                    "buyer_id there), which Citus rejects: every lookup row is written from an "
                    "OrderPlaced event of an order that exists, and a nightly job compares counts.",
                ),
            ],
            volume=Volume(rows=420_000_000, rows_per_day=400_000, growth_per_year=0.35,
                          peak_writes_per_second=300),
            access=[
                AccessPattern(
                    "support look-up by order number", equals=["order_number"], limit=1,
                    per_second=3, latency_ms=30, issued_by="order-service",
                    example="SELECT buyer_id, order_id FROM order_lookup WHERE order_number = $1",
                ),
            ],
        ),
    }

    order_number: Mapped[str] = mapped_column(
        String(20), primary_key=True, comment="Distribution column: the number on e-mails."
    )
    buyer_id: Mapped[uuid.UUID] = mapped_column(
        UUID, comment="The order's buyer: its shard key in orders."
    )
    order_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="The order's id.")


class OrderOutboxMessage(OrdersBase):
    __tablename__ = "order_outbox"
    __table_args__ = (
        PrimaryKeyConstraint("buyer_id", "id"),
        {
            "comment": (
                "Transactional outbox: the order's domain events, inserted in the same "
                "transaction as the change. Debezium's outbox event router reads inserts from "
                "the WAL of every worker node and publishes them to orders.events; a job "
                "deletes rows older than 24 h."
            ),
            "info": table_notes(
                # Steady state: about a day of events, inserted and deleted at the same rate.
                volume=Volume(rows=2_500_000, row_bytes=800, peak_writes_per_second=1_200),
            ),
        },
    )

    buyer_id: Mapped[uuid.UUID] = mapped_column(
        UUID, comment="Distribution column: the outbox row lives on its order's shard."
    )
    id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Event id (UUIDv7), the consumers' dedup key.")
    aggregate_id: Mapped[uuid.UUID] = mapped_column(
        UUID, comment="The order the event is about; becomes the Kafka message key."
    )
    event_type: Mapped[str] = mapped_column(
        String(80), comment="OrderPlaced, OrderCancelled, OrderCompleted …"
    )
    payload: Mapped[dict[str, object]] = mapped_column(
        JSONB, comment="The event body as published (public contract, versioned)."
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="Insert time, for clean-up."
    )


orders_db = ordering.datastore(
    "orders-db",
    tech.PostgreSQL("16"),
    schema=OrdersBase,
    tags=["personal-data", "financial-record"],
    description=(
        "System of record for orders. Relational for ACID checkout (order, lines, first status "
        "and outbox event in one transaction) and checked money arithmetic. Sharded with "
        "Citus on buyer_id into 32 shards on 4 worker nodes: every buyer-facing query and "
        "every event consumer knows the buyer, so all of them hit a single shard. Support's "
        "look-up by order number goes through order_lookup, distributed on the number. "
        "Currencies and countries are reference tables copied to every node so foreign keys "
        "stay local."
    ),
    requirements=[Requirement.ACID, Requirement.STRONG_CONSISTENCY, Requirement.DURABILITY,
                  Requirement.JOINS],
    scaling=Scaling(
        replication=Replication(replicas=1, mode=ReplicationMode.SYNC,
                                regions=["eu-west-1b"], readable=False),
        sharding=[
            Sharding(
                key="buyer_id", shards=32, strategy=ShardStrategy.HASH,
                tables=["orders", "order_lines", "order_status_history", "order_outbox"],
                reference_tables=["currencies", "countries"],
            ),
            # The look-up table is its own distribution: keyed by what support types in.
            Sharding(key="order_number", shards=32, strategy=ShardStrategy.HASH,
                     tables=["order_lookup"]),
        ],
        partitioning=[
            Partitioning(
                table="order_status_history", key="changed_at",
                strategy=PartitionStrategy.RANGE, interval="1 month", retention="36 months",
            ),
        ],
    ),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="daily snapshot + continuous WAL archiving per node",
                  retention="35 days", point_in_time=True,
                  tested_restore="monthly cluster-wide PITR drill into staging"),
    high_availability=(
        "Coordinator and each worker have a synchronous standby in another zone; automatic "
        "failover per node."
    ),
)


# -- flows inside the context -------------------------------------------------------------------

system.flow(
    cart_service, carts_db, Mechanism.QUERY, access=Access.READ_WRITE,
    carries=["carts", "wishlists"], consistency=strong(), per_second=1_600,
    description="Reads and replaces whole cart documents with writeConcern majority.",
)
checkout_write = system.flow(
    order_service, orders_db, Mechanism.QUERY, name="order-service writes orders",
    access=Access.READ_WRITE,
    carries=[Order, OrderLine, OrderStatusChange, OrderOutboxMessage, OrderLookup, Currency,
             Country],
    consistency=strong(), per_second=900,
    description=(
        "Checkout inserts the order, its lines, the first status and an OrderPlaced outbox "
        "row in one single-shard transaction; reads for order history and detail filter by "
        "buyer_id, so Citus routes them to one shard. Its OrderPlaced consumer fills "
        "order_lookup; support finds an order by number through it in two single-shard reads."
    ),
)
system.flow(
    order_service, cart_service, Mechanism.SYNC_REQUEST, access=Access.READ_WRITE,
    consistency=strong(), per_second=150,
    description="Checkout reads the cart to place, and empties it once the order is written.",
)
outbox_relay = system.flow(
    orders_db, event_bus, Mechanism.CDC, name="orders outbox relay",
    carries=[OrderOutboxMessage],
    events=[ORDER_PLACED, ORDER_CANCELLED, ORDER_COMPLETED],
    consistency=eventual("2s"), per_second=1_200,
    delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="orders.events",
                      ordering_key="order_id"),
    description=(
        "Debezium with the outbox event router, one connector per Citus worker, publishes "
        "order_outbox inserts to orders.events keyed by order id: at-least-once, in commit "
        "order per order. Consumers deduplicate on the event id."
    ),
)
