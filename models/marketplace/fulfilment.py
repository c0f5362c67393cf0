"""Fulfilment: stock and shipments.

Stock must never be oversold: reservations and stock levels change together in one
transaction, with a check that reserved stock never exceeds what is on hand. Shipments follow
parcels through carrier scans. Both are relational (PostgreSQL); carrier scans grow like a time
series, so that one table is partitioned by month and old months are dropped.

Fulfilment also owns the sellers' view of their orders: shipments are created per seller from
``OrderPlaced`` events, so a seller's queue is a single-node query here instead of a
scatter-gather over every orders shard.
"""

import uuid
from datetime import datetime

from sqlalchemy import (
    UUID,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
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
    Hosting,
    Mechanism,
    Operation,
    Partitioning,
    PartitionStrategy,
    Replication,
    ReplicationMode,
    Requirement,
    Scaling,
    Volume,
    constraint,
    eventual,
    strong,
    table_notes,
    tech,
)
from marketplace import carrier_network, system
from marketplace.conventions import conventional_metadata
from marketplace.events import SHIPMENT_DELIVERED, SHIPMENT_DISPATCHED, STOCK_DEPLETED
from marketplace.platform import event_bus

fulfilment = system.context(
    "Fulfilment",
    domain="Operations",
    team="Logistics",
    description=(
        "Getting goods to buyers: stock per location, reservations at checkout, shipments per "
        "seller, carrier labels and tracking."
    ),
)

inventory_service = fulfilment.service(
    "inventory-service",
    technology="Go",
    description=(
        "Stock levels per location and reservations: reserves at checkout (synchronously), "
        "commits or releases on order events, expires forgotten reservations."
    ),
)
shipping_service = fulfilment.service(
    "shipping-service",
    technology="Python / FastAPI",
    description=(
        "Creates a shipment per seller for each order, books labels with carriers, records "
        "tracking scans, and serves sellers' order queues."
    ),
)


class FulfilmentBase(DeclarativeBase):
    """Tables of fulfilment-db."""

    metadata = conventional_metadata()


class StockLocation(FulfilmentBase):
    __tablename__ = "stock_locations"
    __table_args__ = (
        CheckConstraint("kind IN ('seller', 'fulfilment_centre')", name="kind"),
        {
            "comment": (
                "Where stock is held: a seller's own premises or one of the marketplace's "
                "fulfilment centres."
            ),
            "info": table_notes(volume=Volume(rows=150_000, rows_per_day=150)),
        },
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Location id.")
    code: Mapped[str] = mapped_column(
        String(20), unique=True, comment="Short code printed on labels, unique."
    )
    kind: Mapped[str] = mapped_column(String(20), comment="seller or fulfilment_centre.")
    seller_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID, index=True, comment="Owning seller for seller locations; NULL for centres."
    )
    country_code: Mapped[str] = mapped_column(String(2), comment="ISO 3166-1 alpha-2.")
    timezone: Mapped[str] = mapped_column(
        String(40), comment="IANA zone, for cut-off times and dispatch promises."
    )


class StockLevel(FulfilmentBase):
    __tablename__ = "stock_levels"
    __table_args__ = (
        PrimaryKeyConstraint("variant_id", "location_id"),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reserved BETWEEN 0 AND on_hand", name="reserved_within_on_hand"),
        Index(None, "location_id"),
        {
            "comment": (
                "Units of a variant at a location. reserved ≤ on_hand is enforced by a check, "
                "so concurrent checkouts cannot oversell: the losing UPDATE fails."
            ),
            "info": table_notes(
                volume=Volume(rows=120_000_000, rows_per_day=150_000, growth_per_year=0.3,
                              peak_writes_per_second=600),
                access=[
                    AccessPattern(
                        "availability of a variant", equals=["variant_id"], limit=10,
                        per_second=800, latency_ms=10, issued_by="inventory-service",
                    ),
                    AccessPattern(
                        "reserve units", operation=Operation.WRITE,
                        equals=["variant_id", "location_id"], limit=1, per_second=450,
                        latency_ms=15, issued_by="inventory-service",
                        example="UPDATE stock_levels SET reserved = reserved + $3 "
                                "WHERE variant_id = $1 AND location_id = $2",
                        invariant="reserved never above on_hand: no oversell",
                        concurrency=constraint("reserved_within_on_hand"),
                    ),
                ],
            ),
        },
    )

    variant_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Catalog variant id.")
    location_id: Mapped[int] = mapped_column(
        ForeignKey("stock_locations.id"), comment="Where the units are."
    )
    on_hand: Mapped[int] = mapped_column(Integer, comment="Physical units counted at the location.")
    reserved: Mapped[int] = mapped_column(
        Integer, server_default="0", comment="Units held for placed but unshipped orders."
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="Last change."
    )


class StockReservation(FulfilmentBase):
    __tablename__ = "stock_reservations"
    __table_args__ = (
        ForeignKeyConstraint(
            ["variant_id", "location_id"], ["stock_levels.variant_id", "stock_levels.location_id"]
        ),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("status IN ('held', 'committed', 'released')", name="status"),
        Index(None, "variant_id", "location_id"),
        Index(None, "order_id"),
        Index(None, "expires_at", postgresql_where=text("status = 'held'")),
        {
            "comment": (
                "Units held for one order line. Held at checkout, committed by OrderPlaced, "
                "released by OrderCancelled or when expires_at passes without an order. "
                "Rows are deleted 7 days after release or dispatch."
            ),
            "info": table_notes(
                # Steady state: rows are deleted 7 days after release or dispatch.
                volume=Volume(rows=7_000_000, peak_writes_per_second=450),
                access=[
                    AccessPattern(
                        "reservations of an order", equals=["order_id"], limit=50,
                        per_second=300, latency_ms=15, issued_by="inventory-service",
                    ),
                    AccessPattern(
                        "expire forgotten holds", range="expires_at", limit=500,
                        per_second=1, latency_ms=500, issued_by="inventory-service",
                    ),
                ],
            ),
        },
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, server_default=text("gen_random_uuid()"), comment="Reservation id."
    )
    variant_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Variant reserved.")
    location_id: Mapped[int] = mapped_column(Integer, comment="Location reserved at.")
    order_id: Mapped[uuid.UUID] = mapped_column(
        UUID, comment="Order (or checkout attempt) the units are held for."
    )
    quantity: Mapped[int] = mapped_column(SmallInteger, comment="Units held.")
    status: Mapped[str] = mapped_column(String(10), comment="held, committed or released.")
    expires_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="A held reservation is released after this (15 min)."
    )


class Shipment(FulfilmentBase):
    __tablename__ = "shipments"
    __table_args__ = (
        UniqueConstraint("carrier", "tracking_number"),
        UniqueConstraint("order_id", "seller_id"),
        CheckConstraint(
            "status IN ('awaiting_dispatch', 'label_created', 'in_transit', 'delivered', "
            "'returned', 'cancelled')",
            name="status",
        ),
        Index(None, "seller_id", "status", "created_at"),
        Index(None, "location_id"),
        {
            "comment": (
                "One parcel flow per order and seller: what the seller must ship, and its "
                "journey. Created from OrderPlaced; this is the sellers' order queue."
            ),
            "info": table_notes(
                volume=Volume(rows=600_000_000, rows_per_day=550_000, growth_per_year=0.35,
                              peak_writes_per_second=400),
                access=[
                    AccessPattern(
                        "seller's order queue", equals=["seller_id", "status"],
                        order_by=["created_at"], limit=50, per_second=60, latency_ms=40,
                        issued_by="shipping-service",
                    ),
                    AccessPattern(
                        "shipments of an order", equals=["order_id"], limit=10,
                        per_second=150, latency_ms=15, issued_by="shipping-service",
                    ),
                    AccessPattern(
                        "carrier webhook", equals=["carrier", "tracking_number"], limit=1,
                        per_second=200, latency_ms=15, issued_by="shipping-service",
                    ),
                ],
            ),
        },
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, server_default=text("gen_random_uuid()"), comment="Shipment id."
    )
    order_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="The order (Ordering's orders.id).")
    buyer_id: Mapped[uuid.UUID] = mapped_column(
        UUID, comment="The buyer: the key to reach the order's shard when updating it."
    )
    seller_id: Mapped[uuid.UUID] = mapped_column(
        UUID,
        comment=(
            "The seller whose goods these are (not the location's owner: fulfilment centres "
            "ship for many sellers)."
        ),
    )
    location_id: Mapped[int] = mapped_column(
        ForeignKey("stock_locations.id"), comment="Dispatch location."
    )
    status: Mapped[str] = mapped_column(String(20), comment="Where the parcel is in its journey.")
    carrier: Mapped[str | None] = mapped_column(String(30), comment="Carrier code once booked.")
    tracking_number: Mapped[str | None] = mapped_column(
        String(40), comment="Carrier's tracking number once a label exists."
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When the order reached us."
    )
    dispatch_by: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="Promised dispatch deadline shown to the seller."
    )
    dispatched_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="First carrier scan."
    )
    delivered_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="Delivery scan."
    )


class ShipmentItem(FulfilmentBase):
    __tablename__ = "shipment_items"
    __table_args__ = (
        PrimaryKeyConstraint("shipment_id", "line_no"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        {
            "comment": "Order lines packed in a shipment (a line may be split over two parcels).",
            "info": table_notes(
                volume=Volume(rows=1_100_000_000, rows_per_day=1_000_000, growth_per_year=0.35),
                access=[
                    AccessPattern(
                        "packing list", equals=["shipment_id"], limit=50, per_second=100,
                        latency_ms=15, issued_by="shipping-service",
                    ),
                ],
            ),
        },
    )

    shipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), comment="The parcel."
    )
    line_no: Mapped[int] = mapped_column(SmallInteger, comment="Order line number packed.")
    variant_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Variant packed.")
    quantity: Mapped[int] = mapped_column(SmallInteger, comment="Units in this parcel.")


class TrackingScan(FulfilmentBase):
    __tablename__ = "tracking_scans"
    __table_args__ = (
        PrimaryKeyConstraint("shipment_id", "scanned_at", "code"),
        {
            "comment": (
                "Carrier scans of a parcel (collected, hub, out for delivery …), as the "
                "carrier sent them. Partitioned by month on scanned_at; 13 months kept (carrier "
                "claims close after 12), older months are in the warehouse."
            ),
            "postgresql_partition_by": "RANGE (scanned_at)",
            "info": table_notes(
                volume=Volume(rows=1_300_000_000, rows_per_day=3_300_000, row_bytes=300,
                              growth_per_year=0.35, peak_writes_per_second=900),
                access=[
                    AccessPattern(
                        "tracking page", equals=["shipment_id"], range="scanned_at",
                        order_by=["scanned_at"], limit=50, per_second=300, latency_ms=20,
                        issued_by="shipping-service",
                        example=(
                            "No scan precedes its shipment, so the query bounds scanned_at by "
                            "the shipment's created_at and only recent partitions are read: "
                            "... WHERE shipment_id = $1 AND scanned_at >= $2 ORDER BY scanned_at"
                        ),
                    ),
                ],
            ),
        },
    )

    shipment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("shipments.id"), comment="The parcel scanned."
    )
    scanned_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="Scan time reported by the carrier; the partition key."
    )
    code: Mapped[str] = mapped_column(String(30), comment="Normalised scan code.")
    location_text: Mapped[str | None] = mapped_column(
        String(120), comment="Where, as the carrier reports it."
    )
    raw: Mapped[dict[str, object]] = mapped_column(
        JSONB, comment="The carrier's original payload, for disputes."
    )


class FulfilmentOutboxMessage(FulfilmentBase):
    __tablename__ = "fulfilment_outbox"
    __table_args__ = {
        "comment": (
            "Transactional outbox of Fulfilment's events (ShipmentDispatched, "
            "ShipmentDelivered, StockDepleted), relayed by Debezium to fulfilment.events; "
            "rows older than 24 h are deleted."
        ),
        "info": table_notes(
            # Steady state: about a day of events, inserted and deleted at the same rate.
            volume=Volume(rows=1_000_000, row_bytes=700, peak_writes_per_second=500),
        ),
    }

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, comment="Event id (UUIDv7), the consumers' dedup key."
    )
    aggregate_id: Mapped[str] = mapped_column(
        String(64), comment="Shipment id or variant id: the Kafka message key."
    )
    event_type: Mapped[str] = mapped_column(String(80), comment="Event name.")
    payload: Mapped[dict[str, object]] = mapped_column(JSONB, comment="The event body.")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="Insert time, for clean-up."
    )


fulfilment_db = fulfilment.datastore(
    "fulfilment-db",
    tech.PostgreSQL("16"),
    schema=FulfilmentBase,
    description=(
        "System of record for stock and shipments. Relational: reservations and stock levels "
        "change atomically under check constraints (no overselling), shipments join their "
        "items and scans. Tracking scans, the only time-series-like table, are partitioned by "
        "month and kept 13 months, so old months drop instantly. Even so, one primary reaches "
        "its write budget in about two and a half years at +35 % a year, scans being the "
        "largest part of both writes and storage: the "
        "next step is moving them to a compressed TimescaleDB hypertable, the technology "
        "Insights already runs, before sharding anything."
    ),
    requirements=[Requirement.ACID, Requirement.STRONG_CONSISTENCY, Requirement.DURABILITY],
    scaling=Scaling(
        # Reservations must read their own writes: every read goes to the primary, the
        # standby is for failover only.
        replication=Replication(replicas=1, mode=ReplicationMode.SYNC, regions=["eu-west-1b"],
                                readable=False),
        partitioning=[
            Partitioning(table="tracking_scans", key="scanned_at",
                         strategy=PartitionStrategy.RANGE, interval="1 month",
                         retention="13 months"),
        ],
    ),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="daily snapshot + continuous WAL archiving", retention="35 days",
                  point_in_time=True, tested_restore="monthly restore into staging"),
    high_availability="Multi-AZ synchronous standby, automatic failover.",
)


# -- flows inside the context -------------------------------------------------------------------

system.flow(
    inventory_service, fulfilment_db, Mechanism.QUERY, access=Access.READ_WRITE,
    carries=[StockLevel, StockReservation, StockLocation, FulfilmentOutboxMessage],
    consistency=strong(), per_second=1_500,
    description="Reservation and stock update in one transaction; the check constraint arbitrates races.",
)
system.flow(
    shipping_service, fulfilment_db, Mechanism.QUERY, access=Access.READ_WRITE,
    carries=[Shipment, ShipmentItem, TrackingScan, FulfilmentOutboxMessage],
    consistency=strong(), per_second=900,
    description="Shipments, scans and their outbox events are written together.",
)
fulfilment_relay = system.flow(
    fulfilment_db, event_bus, Mechanism.CDC, name="fulfilment outbox relay",
    carries=[FulfilmentOutboxMessage],
    events=[SHIPMENT_DISPATCHED, SHIPMENT_DELIVERED, STOCK_DEPLETED],
    consistency=eventual("2s"), per_second=500,
    delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="fulfilment.events",
                      ordering_key="order_id"),
    description="Debezium outbox event router to fulfilment.events, keyed by aggregate id.",
)
system.flow(
    shipping_service, carrier_network, Mechanism.SYNC_REQUEST, name="book labels",
    access=Access.READ_WRITE, consistency=strong(), per_second=60,
    description="Rate quotes and label booking through the shipping aggregator.",
)
system.flow(
    carrier_network, shipping_service, Mechanism.SYNC_REQUEST, name="tracking webhooks",
    access=Access.WRITE, consistency=strong(), per_second=250,
    description="Tracking scans pushed by carriers; stored, then acknowledged.",
)
