"""Payments: authorisation, capture, refunds and what sellers are owed.

Money is event-sourced. The ledger is an append-only stream of facts per payment
(``PaymentAuthorised``, ``PaymentCaptured``, ``RefundIssued`` …): nothing is ever updated, so
every balance can be explained and replayed, which auditors and chargeback disputes need.
The store is PostgreSQL: ACID appends with optimistic concurrency on (stream, version), and the
team already runs it. Current state is read from projections kept by ledger-projector: payment
summaries, refunds and seller balances in payment-views.
"""

import uuid
from datetime import datetime

from sqlalchemy import (
    UUID,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import (
    Access,
    AccessPattern,
    Backup,
    Delivery,
    DeliveryGuarantee,
    Constraints,
    Hosting,
    Mechanism,
    Operation,
    Partitioning,
    PartitionStrategy,
    Replication,
    ReplicationMode,
    Requirement,
    Role,
    Scaling,
    Volume,
    eventual,
    strong,
    suppress,
    table_notes,
    tech,
)
from marketplace import payment_provider, system
from marketplace.conventions import conventional_metadata
from marketplace.events import (
    CHARGEBACK_OPENED,
    PAYMENT_AUTHORISED,
    PAYMENT_CAPTURED,
    PAYMENT_FAILED,
    REFUND_ISSUED,
)
from marketplace.platform import event_bus

payments = system.context(
    "Payments",
    domain="Finance",
    team="Payments",
    description=(
        "Taking the buyer's money and owing it to sellers: authorisation and capture with the "
        "payment provider, refunds, chargebacks, and each seller's balance before payout."
    ),
)

payment_service = payments.service(
    "payment-service",
    technology="Java / Spring Boot",
    description=(
        "Command side of the ledger: authorises and captures through the payment provider, "
        "handles its webhooks, and appends the resulting events to the payment's stream."
    ),
)
ledger_projector = payments.service(
    "ledger-projector",
    technology="Java",
    description=(
        "Reads the ledger in global order and maintains payment-views; each batch updates the "
        "views and its checkpoint in one transaction, so projections are exactly-once."
    ),
)


# -- payment-ledger (event store) ---------------------------------------------------------------


class LedgerBase(DeclarativeBase):
    """Tables of payment-ledger. INSERT only: UPDATE and DELETE are revoked from every role."""

    metadata = conventional_metadata()


class PaymentStream(LedgerBase):
    __tablename__ = "payment_streams"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        {
            "comment": (
                "One stream per payment: the immutable facts fixed when it was opened. Its "
                "events are in payment_events."
            ),
            "info": table_notes(
                volume=Volume(rows=300_000_000, rows_per_day=420_000, growth_per_year=0.35),
                access=[
                    AccessPattern(
                        "payment of an order", equals=["order_id"], limit=5, per_second=150,
                        latency_ms=10, issued_by="payment-service",
                    ),
                ],
            ),
        },
    )

    stream_id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True,
        comment="Payment id (UUIDv7 from payment-service), the stream id of its events.",
    )
    order_id: Mapped[uuid.UUID] = mapped_column(
        UUID, index=True, comment="The order paid (Ordering's orders.id)."
    )
    buyer_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="The paying buyer.")
    amount_minor: Mapped[int] = mapped_column(BigInteger, comment="Amount to collect, minor units.")
    currency: Mapped[str] = mapped_column(String(3), comment="ISO 4217 currency.")
    opened_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When checkout started paying."
    )


class PaymentEvent(LedgerBase):
    __tablename__ = "payment_events"
    __table_args__ = (
        PrimaryKeyConstraint("stream_id", "stream_version"),
        CheckConstraint("stream_version > 0", name="version_positive"),
        Index(None, "global_position"),
        {
            "comment": (
                "The event store: every fact about every payment, append-only. The primary key "
                "(stream_id, stream_version) makes a concurrent append fail, which is the "
                "optimistic concurrency check; global_position orders all events for "
                "projectors. Range-partitioned by month on stream_id: ids are UUIDv7, so a "
                "partition holds the events of the payments opened that month. A month past "
                "the 540-day chargeback window is detached, archived to object storage as "
                "Parquet for the 10-year legal retention, and dropped: no mass DELETE."
            ),
            "postgresql_partition_by": "RANGE (stream_id)",
            "info": table_notes(
                suppress=[
                    suppress(
                        "PRF004",
                        "The projector reads the ledger's tail in global_position order and "
                        "cannot bound stream_id: a refund or chargeback can arrive up to 540 "
                        "days after its payment opened. 20 polls a second each probe the "
                        "global_position index of 24 partitions (about 500 index probes a "
                        "second, all but the newest empty), which is cheap.",
                    ),
                ],
                volume=Volume(rows=1_500_000_000, rows_per_day=1_700_000, row_bytes=700,
                              growth_per_year=0.35, peak_writes_per_second=900),
                access=[
                    AccessPattern(
                        "load a payment's stream", equals=["stream_id"],
                        order_by=["stream_version"], limit=200, per_second=400, latency_ms=10,
                        issued_by="payment-service",
                    ),
                    AccessPattern(
                        "append event", operation=Operation.WRITE,
                        equals=["stream_id", "stream_version"], limit=1, per_second=900,
                        latency_ms=10, issued_by="payment-service",
                        example="INSERT ... (stream_id, stream_version, ...) VALUES ($1, "
                                "$expected + 1, ...): a duplicate key means a concurrent writer",
                    ),
                    AccessPattern(
                        "catch-up subscription", range="global_position",
                        order_by=["global_position"], limit=1_000, per_second=20, latency_ms=50,
                        issued_by="ledger-projector",
                        example="SELECT * FROM payment_events WHERE global_position > $1 "
                                "ORDER BY global_position LIMIT 1000",
                    ),
                ],
            ),
        },
    )

    global_position: Mapped[int] = mapped_column(
        BigInteger, Identity(always=True),
        comment="Identity column: total order of the ledger, the projectors' checkpoint unit.",
    )
    stream_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("payment_streams.stream_id"),
        comment="The payment; UUIDv7, so it also says which month's partition holds the event.",
    )
    stream_version: Mapped[int] = mapped_column(
        Integer, comment="1, 2, 3 … within the stream; the expected-version check."
    )
    event_type: Mapped[str] = mapped_column(
        String(60), comment="PaymentAuthorised, PaymentCaptured, RefundIssued, ChargebackOpened …"
    )
    payload: Mapped[dict[str, object]] = mapped_column(
        JSONB, comment="Event body; amounts in minor units, provider references."
    )
    metadata_: Mapped[dict[str, object]] = mapped_column(
        "metadata", JSONB,
        comment="Causation and correlation ids, the provider webhook id, the acting user.",
    )
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="Commit time of the append."
    )


class PaymentSnapshot(LedgerBase):
    __tablename__ = "payment_snapshots"
    __table_args__ = (
        PrimaryKeyConstraint("stream_id", "stream_version"),
        {
            "comment": (
                "State of a long stream (disputes, partial refunds) folded up to a version, so "
                "loading it replays only later events. Disposable: rebuilt from events."
            ),
            "info": table_notes(volume=Volume(rows=2_000_000, rows_per_day=3_000)),
        },
    )

    stream_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("payment_streams.stream_id"), comment="The payment."
    )
    stream_version: Mapped[int] = mapped_column(
        Integer, comment="Last event folded into the snapshot."
    )
    state: Mapped[dict[str, object]] = mapped_column(JSONB, comment="The folded aggregate state.")
    taken_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When it was taken."
    )


payment_ledger = payments.datastore(
    "payment-ledger",
    tech.PostgreSQL("16"),
    role=Role.EVENT_STORE,
    schema=LedgerBase,
    tags=["financial-record"],
    description=(
        "Event store of payments. PostgreSQL rather than a dedicated event store: appends are "
        "ACID with an expected-version check, the team runs PostgreSQL already, and the "
        "relay to Kafka is the same Debezium set-up as the outboxes. Append-only is enforced "
        "by the database: UPDATE, DELETE and TRUNCATE are revoked and a trigger rejects them. "
        "The hot store keeps 24 months: monthly partitions of closed payments are archived, "
        "so the node stays within budget while the business grows."
    ),
    requirements=[Requirement.ACID, Requirement.APPEND_ONLY, Requirement.STRONG_CONSISTENCY,
                  Requirement.DURABILITY],
    # Every payment state change is kept for audit and disputes ("what did we know on the
    # day of the chargeback?"): the reason event sourcing pays here (archdocs advise).
    constraints=Constraints(audit_trail=True, temporal_queries=True),
    scaling=Scaling(
        replication=Replication(replicas=1, mode=ReplicationMode.SYNC, regions=["eu-west-1b"],
                                readable=False),
        partitioning=[
            Partitioning(table="payment_events", key="stream_id",
                         strategy=PartitionStrategy.RANGE, interval="1 month",
                         retention="24 months"),
        ],
    ),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="daily snapshot + continuous WAL archiving", retention="35 days; "
                  "archived partitions are kept 10 years in object storage with object lock",
                  point_in_time=True,
                  tested_restore="quarterly restore and full replay of the projections"),
    high_availability="Synchronous standby in a second zone; no acknowledged event is lost.",
    retention=(
        "24 months in the store, then 10 years in the archive (legal retention of "
        "accounting records)"
    ),
    suppress=[
        suppress(
            "PAT002",
            "Append-only is enforced in PostgreSQL: UPDATE, DELETE and TRUNCATE are revoked "
            "from every application role and a BEFORE UPDATE OR DELETE trigger raises (only "
            "the archiving job may detach a closed month's partition); the primary key "
            "(stream_id, stream_version) gives optimistic concurrency. A dedicated event store "
            "would add a technology for no capability the team lacks.",
        ),
    ],
)


# -- payment-views (projections) ----------------------------------------------------------------


class PaymentViewsBase(DeclarativeBase):
    """Tables of payment-views: current state derived from the ledger, rebuildable by replay."""

    metadata = conventional_metadata()


class PaymentSummary(PaymentViewsBase):
    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(
            "status IN ('authorised', 'captured', 'failed', 'partially_refunded', 'refunded', "
            "'charged_back')",
            name="status",
        ),
        {
            "comment": "Projection: the current state of each payment, one row per stream.",
            "info": table_notes(
                volume=Volume(rows=300_000_000, rows_per_day=420_000, growth_per_year=0.35),
                access=[
                    AccessPattern(
                        "payment status of an order", equals=["order_id"], limit=5,
                        per_second=200, latency_ms=10, issued_by="payment-service",
                    ),
                    AccessPattern(
                        "webhook lookup by provider reference", equals=["provider_reference"],
                        limit=1, per_second=200, latency_ms=10, issued_by="payment-service",
                    ),
                ],
            ),
        },
    )

    payment_id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, comment="The payment (ledger stream id)."
    )
    order_id: Mapped[uuid.UUID] = mapped_column(UUID, index=True, comment="The order paid.")
    status: Mapped[str] = mapped_column(String(20), comment="State after the last event.")
    amount_minor: Mapped[int] = mapped_column(BigInteger, comment="Amount authorised.")
    captured_minor: Mapped[int] = mapped_column(BigInteger, comment="Amount captured so far.")
    refunded_minor: Mapped[int] = mapped_column(BigInteger, comment="Amount refunded so far.")
    currency: Mapped[str] = mapped_column(String(3), comment="ISO 4217 currency.")
    provider_reference: Mapped[str | None] = mapped_column(
        String(64), unique=True, comment="The provider's payment reference, for webhooks."
    )
    last_position: Mapped[int] = mapped_column(
        BigInteger, comment="global_position of the last event applied (idempotent replays)."
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="recorded_at of the last event applied."
    )


class RefundView(PaymentViewsBase):
    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        {
            "comment": "Projection: each refund with its state, for support and seller screens.",
            "info": table_notes(
                volume=Volume(rows=15_000_000, rows_per_day=20_000, growth_per_year=0.35),
                access=[
                    AccessPattern(
                        "refunds of a payment", equals=["payment_id"], limit=20,
                        per_second=30, latency_ms=20, issued_by="payment-service",
                    ),
                ],
            ),
        },
    )

    refund_id: Mapped[uuid.UUID] = mapped_column(UUID, primary_key=True, comment="Refund id.")
    payment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("payments.payment_id"), index=True, comment="The payment refunded."
    )
    seller_id: Mapped[uuid.UUID] = mapped_column(
        UUID, comment="Seller whose balance the refund is debited from."
    )
    amount_minor: Mapped[int] = mapped_column(
        BigInteger, comment="Amount refunded (a part of the payment, or all of it)."
    )
    status: Mapped[str] = mapped_column(
        String(12), comment="requested, sent or settled by the provider."
    )
    requested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="When the refund was requested."
    )


class SellerBalance(PaymentViewsBase):
    __tablename__ = "seller_balances"
    __table_args__ = (
        PrimaryKeyConstraint("seller_id", "currency"),
        {
            "comment": (
                "Projection: what the marketplace owes each seller, pending (within the "
                "14-day return window) and available for the next payout."
            ),
            "info": table_notes(
                volume=Volume(rows=200_000, rows_per_day=300),
                access=[
                    AccessPattern(
                        "balance of a seller", equals=["seller_id"], limit=5, per_second=40,
                        latency_ms=10, issued_by="payment-service",
                    ),
                ],
            ),
        },
    )

    seller_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="The seller.")
    currency: Mapped[str] = mapped_column(String(3), comment="One balance per currency.")
    pending_minor: Mapped[int] = mapped_column(
        BigInteger, comment="Captured but still refundable (return window open)."
    )
    available_minor: Mapped[int] = mapped_column(BigInteger, comment="Payable at the next payout.")
    last_position: Mapped[int] = mapped_column(
        BigInteger, comment="global_position of the last event applied."
    )


class ProjectionCheckpoint(PaymentViewsBase):
    __tablename__ = "projection_checkpoints"
    __table_args__ = {
        "comment": (
            "How far each projection has read the ledger; updated in the same transaction as "
            "the rows it projected, which makes the projection exactly-once."
        ),
        "info": table_notes(volume=Volume(rows=5)),
    }

    projection: Mapped[str] = mapped_column(
        String(60), primary_key=True, comment="Projection name, e.g. seller_balances."
    )
    position: Mapped[int] = mapped_column(
        BigInteger, comment="Last global_position applied."
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When it last advanced."
    )


payment_views = payments.datastore(
    "payment-views",
    tech.PostgreSQL("16"),
    role=Role.READ_MODEL,
    schema=PaymentViewsBase,
    description=(
        "Projections of the ledger: current payment state, refunds and seller balances. "
        "Relational because support and finance query them ad hoc with joins. Can be dropped "
        "and rebuilt by replaying the ledger from position 0 (about 6 hours)."
    ),
    requirements=[Requirement.ACID, Requirement.JOINS],
    scaling=Scaling(replication=Replication(replicas=1, mode=ReplicationMode.ASYNC,
                                            regions=["eu-west-1b"], readable=True)),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="daily snapshot", retention="7 days",
                  tested_restore="replay from the ledger is the real recovery path"),
    high_availability="Multi-AZ standby; a lost replica is rebuilt by replay.",
)


# -- flows inside the context -------------------------------------------------------------------

ledger_append = system.flow(
    payment_service, payment_ledger, Mechanism.QUERY, name="payment-service appends events",
    access=Access.READ_WRITE, carries=[PaymentStream, PaymentEvent, PaymentSnapshot],
    consistency=strong(), per_second=1_300,
    description=(
        "Load a stream (snapshot + later events), decide, append with the expected version; "
        "a unique violation means a concurrent writer, and the command is retried."
    ),
)
projection_read = system.flow(
    ledger_projector, payment_ledger, Mechanism.QUERY, name="ledger-projector reads the ledger",
    access=Access.READ, carries=[PaymentEvent], consistency=strong(), per_second=20,
    description=(
        "Catch-up subscription: polls batches of 1 000 events after its checkpoint, in "
        "global_position order (reads the primary: a replica could skip in-flight positions)."
    ),
)
projection_write = system.flow(
    ledger_projector, payment_views, Mechanism.QUERY, name="ledger-projector updates the views",
    access=Access.WRITE, carries=[PaymentSummary, RefundView, SellerBalance, ProjectionCheckpoint],
    consistency=eventual("2s"), per_second=900,
    description="Views and checkpoint in one transaction per batch; typically 1 s behind the ledger.",
)
system.flow(
    payment_service, payment_views, Mechanism.QUERY, access=Access.READ,
    carries=[PaymentSummary, RefundView, SellerBalance], consistency=eventual("2s"),
    per_second=470,
    description=(
        "Queries (order payment status, webhook look-ups, seller balances) read the views; "
        "decisions never do, they load the stream."
    ),
)
ledger_relay = system.flow(
    payment_ledger, event_bus, Mechanism.CDC, name="payment ledger relay",
    carries=[PaymentEvent],
    events=[PAYMENT_AUTHORISED, PAYMENT_CAPTURED, PAYMENT_FAILED, REFUND_ISSUED,
            CHARGEBACK_OPENED],
    consistency=eventual("2s"), per_second=900,
    delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="payments.events",
                      ordering_key="payment_id"),
    description=(
        "The ledger is its own outbox: Debezium publishes each appended event to "
        "payments.events keyed by payment id, with no second write to keep consistent."
    ),
)
system.flow(
    payment_service, payment_provider, Mechanism.SYNC_REQUEST, name="authorise and capture",
    access=Access.READ_WRITE, consistency=strong(), per_second=150,
    description=(
        "Authorise at checkout (3-D Secure when asked), capture on dispatch, refund on "
        "request; idempotency keys make retries safe."
    ),
)
system.flow(
    payment_provider, payment_service, Mechanism.SYNC_REQUEST, name="provider webhooks",
    access=Access.WRITE, consistency=strong(), per_second=200,
    description=(
        "Asynchronous outcomes (settlement, chargeback, late 3-D Secure result) arrive as "
        "signed webhooks; each is appended to its payment's stream before it is acknowledged."
    ),
)
