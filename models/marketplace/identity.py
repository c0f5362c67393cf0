"""Identity: buyer and seller accounts, sign-in and sessions.

Accounts are relational (PostgreSQL): uniqueness of e-mail addresses, consent history kept for
audits, and sellers' payout details need ACID and constraints. Sessions are a key-value
workload with expiry, the textbook fit for Redis.
"""

import uuid
from datetime import datetime

from sqlalchemy import (
    UUID,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import CITEXT
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import (
    Access,
    AccessPattern,
    Backup,
    Classification,
    EvictionPolicy,
    Hosting,
    KeyPattern,
    Mechanism,
    Operation,
    Protection,
    Replication,
    ReplicationMode,
    Requirement,
    Role,
    Scaling,
    ValueType,
    Volume,
    classify,
    strong,
    suppress,
    table_notes,
    tech,
)
from marketplace import system
from marketplace.conventions import conventional_metadata

identity = system.context(
    "Identity",
    domain="Customer",
    team="Identity & Access",
    description=(
        "Who is who: buyer accounts, seller accounts and the people acting for them, sign-in, "
        "sessions and marketing consent. Other contexts hold only the opaque ids it issues."
    ),
)

account_service = identity.service(
    "account-service",
    technology="Kotlin / Spring Boot",
    description=(
        "Sign-up, sign-in, profile and address book, consent, seller onboarding (KYC) and "
        "session validation for the API gateway."
    ),
)


# -- accounts-db (PostgreSQL) -------------------------------------------------------------------


PERSONAL = classify(Classification.PERSONAL, protection=[Protection.ENCRYPTED_AT_REST],
                    erasure="30d", regions=["eu-west-1"])
"""A buyer's identifying data: erased within 30 days of a request (GDPR Art. 17), kept in
eu-west-1."""

class AccountsBase(DeclarativeBase):
    """Tables of accounts-db, the system of record for buyer and seller accounts."""

    metadata = conventional_metadata()


class Customer(AccountsBase):
    __tablename__ = "customers"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'suspended', 'closed')", name="status"),
        {
            "comment": (
                "A buyer account: sign-in identity and profile. Personal data: an erasure "
                "request anonymises the row (orders elsewhere keep the id), it is never deleted."
            ),
            "info": table_notes(
                volume=Volume(rows=18_000_000, rows_per_day=12_000, growth_per_year=0.25),
                access=[
                    AccessPattern(
                        "sign-in by e-mail", equals=["email"], limit=1, per_second=120,
                        latency_ms=20, issued_by="account-service",
                        example="SELECT id, password_hash, status FROM customers WHERE email = $1",
                    ),
                    AccessPattern(
                        "profile by id", equals=["id"], limit=1, per_second=300,
                        latency_ms=10, issued_by="account-service",
                    ),
                ],
            ),
        },
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, server_default=text("gen_random_uuid()"),
        comment="Buyer id, referenced by every other context (carts, orders, payments).",
    )
    email: Mapped[str] = mapped_column(
        CITEXT, unique=True,
        comment="Sign-in e-mail address, case-insensitive and unique.",
        info=PERSONAL,
    )
    password_hash: Mapped[str | None] = mapped_column(
        String(255), comment="Argon2id hash; NULL for accounts that only use social sign-in.",
        info=classify(Classification.CREDENTIALS, protection=[Protection.HASHED]),
    )
    display_name: Mapped[str] = mapped_column(
        String(120), comment="Name shown to sellers and on reviews.", info=PERSONAL
    )
    locale: Mapped[str] = mapped_column(
        String(10), server_default="en-GB", comment="BCP 47 language tag for e-mails and pages."
    )
    status: Mapped[str] = mapped_column(
        String(12), server_default="active",
        comment="active, suspended (fraud review) or closed (erased or closed by the buyer).",
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When the account was opened."
    )
    last_sign_in_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="Last successful sign-in, for dormant-account clean-up."
    )


class CustomerAddress(AccountsBase):
    __tablename__ = "customer_addresses"
    __table_args__ = (
        Index(None, "customer_id", "is_default"),
        {
            "comment": "A buyer's saved delivery addresses; orders copy the address they use.",
            "info": {**PERSONAL, **table_notes(
                volume=Volume(rows=26_000_000, rows_per_day=15_000, growth_per_year=0.25),
                access=[
                    AccessPattern(
                        "address book of a buyer", equals=["customer_id"], limit=20,
                        per_second=80, latency_ms=15, issued_by="account-service",
                    ),
                ],
            )},
        },
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, server_default=text("gen_random_uuid()"),
        comment="Address id.",
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), comment="The buyer owning the address."
    )
    recipient_name: Mapped[str] = mapped_column(String(160), comment="Name on the parcel.")
    line1: Mapped[str] = mapped_column(String(200), comment="Street and number.")
    line2: Mapped[str | None] = mapped_column(String(200), comment="Flat, floor, company.")
    city: Mapped[str] = mapped_column(String(120), comment="City or town.")
    postcode: Mapped[str] = mapped_column(String(20), comment="Postal code as the buyer wrote it.")
    country_code: Mapped[str] = mapped_column(
        String(2), comment="ISO 3166-1 alpha-2 country code."
    )
    is_default: Mapped[bool] = mapped_column(
        Boolean, server_default="false", comment="Pre-selected at checkout."
    )


class MarketingConsent(AccountsBase):
    __tablename__ = "marketing_consents"
    __table_args__ = (
        CheckConstraint("channel IN ('email', 'sms', 'push')", name="channel"),
        Index(None, "customer_id", "channel", "recorded_at"),
        {
            "comment": (
                "Append-only history of consent given and withdrawn, per channel: the latest "
                "row per channel is the current state; the history is the GDPR proof of consent."
            ),
            "info": table_notes(
                volume=Volume(rows=40_000_000, rows_per_day=30_000, growth_per_year=0.2),
                access=[
                    AccessPattern(
                        "current consent of a buyer", equals=["customer_id", "channel"],
                        order_by=["recorded_at desc"], limit=1, per_second=50, latency_ms=15,
                        issued_by="account-service",
                    ),
                ],
            ),
        },
    )

    id: Mapped[int] = mapped_column(
        primary_key=True, autoincrement=True, comment="Surrogate key (identity)."
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), comment="The buyer who decided."
    )
    channel: Mapped[str] = mapped_column(String(8), comment="email, sms or push.")
    granted: Mapped[bool] = mapped_column(Boolean, comment="True when given, false when withdrawn.")
    source: Mapped[str] = mapped_column(
        String(40), comment="Where it was recorded: signup form, settings page, unsubscribe link."
    )
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When the buyer decided."
    )


class Seller(AccountsBase):
    __tablename__ = "sellers"
    __table_args__ = (
        CheckConstraint(
            "kyc_status IN ('pending', 'verified', 'rejected', 'suspended')", name="kyc_status"
        ),
        {
            "comment": (
                "A seller's shop: the business selling on the marketplace, its verification "
                "(KYC) state and its public shop name."
            ),
            "info": table_notes(
                volume=Volume(rows=140_000, rows_per_day=150, growth_per_year=0.3),
                access=[
                    AccessPattern(
                        "shop by slug", equals=["shop_slug"], limit=1, per_second=200,
                        latency_ms=10, issued_by="account-service",
                    ),
                ],
            ),
        },
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, server_default=text("gen_random_uuid()"),
        comment="Seller id, referenced by listings, order lines and balances.",
    )
    shop_name: Mapped[str] = mapped_column(String(120), comment="Public shop name.")
    shop_slug: Mapped[str] = mapped_column(
        String(120), unique=True, comment="URL name of the shop, unique: /shop/{slug}."
    )
    legal_name: Mapped[str] = mapped_column(
        String(200), comment="Registered business name, printed on invoices."
    )
    vat_number: Mapped[str | None] = mapped_column(
        String(20), comment="EU VAT id, when the seller is VAT registered."
    )
    country_code: Mapped[str] = mapped_column(
        String(2), comment="Country of registration (ISO 3166-1 alpha-2)."
    )
    kyc_status: Mapped[str] = mapped_column(
        String(12), server_default="pending",
        comment="pending, verified, rejected or suspended; only verified sellers are paid out.",
    )
    owner_customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customers.id"), index=True,
        comment="The person who opened the shop (a customer account).",
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), comment="When the shop was opened."
    )


class SellerPayoutAccount(AccountsBase):
    __tablename__ = "seller_payout_accounts"
    __table_args__ = (
        Index(None, "seller_id", unique=True, postgresql_where=text("is_active")),
        {
            "comment": (
                "Bank accounts a seller is paid to. At most one active per seller (partial "
                "unique index); old ones stay for the payout audit trail."
            ),
            "info": table_notes(volume=Volume(rows=160_000, rows_per_day=120)),
        },
    )

    id: Mapped[uuid.UUID] = mapped_column(
        UUID, primary_key=True, server_default=text("gen_random_uuid()"),
        comment="Payout account id.",
    )
    seller_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sellers.id"), comment="The seller paid to this account."
    )
    iban_token: Mapped[str] = mapped_column(
        String(64),
        comment="Token of the IBAN in the payment provider's vault; the IBAN is not stored here.",
    )
    iban_last4: Mapped[str] = mapped_column(String(4), comment="Last four digits, for display.")
    is_active: Mapped[bool] = mapped_column(
        Boolean, server_default="true", comment="Whether payouts currently go here."
    )
    verified_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="When the provider confirmed the account holder."
    )


accounts_db = identity.datastore(
    "accounts-db",
    tech.PostgreSQL("16"),
    schema=AccountsBase,
    tags=["personal-data"],
    description=(
        "System of record for accounts. Relational because identity needs hard guarantees: "
        "unique e-mail addresses and shop names, consent history for audits, foreign keys "
        "between sellers and their payout accounts. Small (tens of GB): one primary is enough "
        "for years, so the scaling path stops at a read replica."
    ),
    requirements=[Requirement.ACID, Requirement.STRONG_CONSISTENCY, Requirement.DURABILITY],
    scaling=Scaling(replication=Replication(replicas=1, mode=ReplicationMode.SYNC,
                                            regions=["eu-west-1b"], readable=False)),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="daily snapshot + continuous WAL archiving", retention="35 days",
                  point_in_time=True, tested_restore="monthly restore into staging"),
    high_availability="Multi-AZ: synchronous standby, automatic failover in about 60 s.",
)


# -- session-store (Redis) ----------------------------------------------------------------------


SESSION_KEY = KeyPattern(
    "session:{token}", ValueType.HASH, ttl="30m", count=2_500_000, value_bytes=400,
    fields=["customer_id", "seller_id", "csrf_secret", "created_at", "attributes"],
    description=(
        "One hash per session; token is 256 random bits, base64url, also the cookie value. "
        "Sliding expiry: EXPIRE 1800 on every request; 'remember me' sessions keep an "
        "absolute limit of 30 days in created_at. Losing the store signs everybody out, "
        "nothing else."
    ),
)
LOGIN_THROTTLE_KEY = KeyPattern(
    "throttle:login:{email_hash}", ValueType.STRING, ttl="15m", count=50_000, value_bytes=80,
    description=(
        "Counter of failed sign-ins for SHA-256 of the normalised e-mail (no address is "
        "stored), INCR + EXPIRE 900: more than 10 in 15 minutes requires a captcha."
    ),
)


session_store = identity.datastore(
    "session-store",
    tech.Redis("7.2"),
    role=Role.CACHE,
    structures=[SESSION_KEY, LOGIN_THROTTLE_KEY],
    suppress=[suppress(
        "PAT007",
        "The only copy on purpose: a session lives 30 minutes and a throttle counter 15, and "
        "losing them all signs buyers out and resets the counters, nothing else (see the "
        "description). Nothing could fill them from elsewhere.",
    )],
    memory="2GB", eviction=EvictionPolicy.VOLATILE_TTL,
    access_patterns=[
        AccessPattern(
            "validate session", table="session:{token}", equals=["token"], limit=1,
            per_second=4_000, latency_ms=2, issued_by="account-service",
            example="HGETALL session:{token}",
        ),
        AccessPattern(
            "count failed sign-ins", table="throttle:login:{email_hash}",
            operation=Operation.WRITE, equals=["email_hash"], limit=1, per_second=150,
            latency_ms=2, issued_by="account-service", example="INCR throttle:login:{hash}",
        ),
    ],
    description=(
        "Sessions and sign-in throttling: tiny values read on every request, expiring on their "
        "own. Key-value with TTL is exactly Redis. It holds nothing that cannot be lost: losing "
        "it signs users out, so it is treated as a cache, not a system of record."
    ),
    requirements=[Requirement.TTL],
    scaling=Scaling(replication=Replication(replicas=1, mode=ReplicationMode.ASYNC,
                                            regions=["eu-west-1b"], readable=False)),
    hosting=Hosting.MANAGED,
    high_availability="Primary with one replica in another zone; automatic failover.",
)


# -- flows inside the context -------------------------------------------------------------------

system.flow(
    account_service, accounts_db, Mechanism.QUERY, access=Access.READ_WRITE,
    carries=[Customer, CustomerAddress, MarketingConsent, Seller, SellerPayoutAccount],
    consistency=strong(), per_second=500,
    description="Accounts are read and written in transactions on the primary.",
)
system.flow(
    account_service, session_store, Mechanism.QUERY, access=Access.READ_WRITE,
    carries=["session:{token}", "throttle:login:{email_hash}"], consistency=strong(), per_second=4_200,
    description=(
        "Every API request validates its session here (HGETALL + EXPIRE); sign-in writes the "
        "session and the throttle counters. Reads go to the primary only."
    ),
)
