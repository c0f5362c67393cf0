"""Insights: listing traffic for sellers, and the analytics warehouse.

Listing traffic (views, add-to-carts, purchases per listing per minute) is a time series:
append-only, queried by time range, worth little after a few months at minute resolution. That
is TimescaleDB: a hypertable chunked by day, a continuous aggregate per day, and retention
policies that drop old chunks; and it is still SQL for the seller dashboards.

The analytics warehouse is a star schema in PostgreSQL, loaded nightly: order lines and daily
listing traffic as facts, date, product, seller and buyer as dimensions. At its size (under a
TB, for about two more years) it does not need a columnar engine yet; that is the next step on
its scalability path.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import (
    UUID,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import (
    Access,
    AccessPattern,
    Backup,
    ContinuousAggregate,
    Dimension,
    Fact,
    Hosting,
    Hypertable,
    Mechanism,
    Partitioning,
    PartitionStrategy,
    Requirement,
    Retention,
    Role,
    Scaling,
    Volume,
    eventual,
    strong,
    table_notes,
    tech,
)
from marketplace import data_analyst, seller, system
from marketplace.conventions import conventional_metadata

insights = system.context(
    "Insights",
    domain="Analytics",
    team="Data platform",
    description=(
        "Numbers about the marketplace: near-real-time listing traffic for sellers' "
        "dashboards, and the warehouse analysts and finance report from."
    ),
)

clickstream_ingestor = insights.service(
    "clickstream-ingestor",
    technology="Go",
    description=(
        "Consumes storefront clickstream and order events, aggregates them per listing and "
        "minute in memory, and writes one row per listing-minute."
    ),
)
insights_api = insights.service(
    "insights-api",
    technology="Python / FastAPI",
    description="Seller dashboards: traffic, conversion and sales per listing and day.",
)


# -- listing-metrics (TimescaleDB) --------------------------------------------------------------


class MetricsBase(DeclarativeBase):
    """Hypertables and continuous aggregates of listing-metrics."""

    metadata = conventional_metadata()


class ListingTrafficMinute(MetricsBase):
    __tablename__ = "listing_traffic"
    __table_args__ = (
        PrimaryKeyConstraint("listing_id", "bucket"),
        Index(None, "seller_id", "bucket"),
        {
            "comment": (
                "Hypertable: views, add-to-carts and purchases per listing per minute. Chunks "
                "of 1 day, compressed after 7 days, dropped after 90 days."
            ),
            "info": table_notes(
                volume=Volume(rows=2_600_000_000, rows_per_day=30_000_000, row_bytes=70,
                              growth_per_year=0.4, peak_writes_per_second=2_000),
                access=[
                    AccessPattern(
                        "traffic of a listing over a period", equals=["listing_id"],
                        range="bucket", per_second=40, latency_ms=100,
                        issued_by="insights-api",
                    ),
                    AccessPattern(
                        "live traffic of a shop", equals=["seller_id"], range="bucket",
                        per_second=20, latency_ms=200, issued_by="insights-api",
                    ),
                ],
            ),
        },
    )

    listing_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Catalog listing id.")
    bucket: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="Start of the minute (UTC); the hypertable time column."
    )
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="The listing's seller.")
    views: Mapped[int] = mapped_column(Integer, comment="Product page views in the minute.")
    add_to_carts: Mapped[int] = mapped_column(Integer, comment="Add-to-cart clicks.")
    purchases: Mapped[int] = mapped_column(Integer, comment="Units in orders placed.")


class ListingTrafficDay(MetricsBase):
    __tablename__ = "listing_traffic_daily"
    __table_args__ = (
        PrimaryKeyConstraint("listing_id", "day"),
        Index(None, "seller_id", "day"),
        {
            "comment": (
                "Continuous aggregate of listing_traffic per day (refreshed every 30 min). "
                "Kept 3 years: dashboards beyond 90 days read this."
            ),
            "info": table_notes(
                volume=Volume(rows=3_500_000_000, rows_per_day=6_000_000, row_bytes=70,
                              growth_per_year=0.4),
                access=[
                    AccessPattern(
                        "daily traffic of a shop", equals=["seller_id"], range="day",
                        per_second=20, latency_ms=150, issued_by="insights-api",
                    ),
                ],
            ),
        },
    )

    listing_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Catalog listing id.")
    day: Mapped[date] = mapped_column(Date, comment="Calendar day (UTC); the time column.")
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="The listing's seller.")
    views: Mapped[int] = mapped_column(BigInteger, comment="Views in the day.")
    add_to_carts: Mapped[int] = mapped_column(BigInteger, comment="Add-to-cart clicks.")
    purchases: Mapped[int] = mapped_column(BigInteger, comment="Units in orders placed.")


listing_metrics = insights.datastore(
    "listing-metrics",
    tech.TimescaleDB("2.14"),
    role=Role.READ_MODEL,
    schema=MetricsBase,
    description=(
        "Time series of listing traffic, derived from the clickstream. TimescaleDB: sustained "
        "inserts, time-range queries, compression, continuous aggregates and retention "
        "policies, in SQL the dashboards already speak. Derived data: losing it loses "
        "minute-level history only (daily figures are also in the warehouse), so backups are "
        "kept short."
    ),
    requirements=[Requirement.TIME_SERIES_RETENTION, Requirement.HIGH_WRITE_THROUGHPUT],
    structures=[
        Hypertable(
            "listing_traffic", time_column="bucket", chunk_interval="1d",
            retention=Retention(time="90d"), compress_after="7d", compression_ratio=10,
            segment_by=["listing_id"], rows_per_day=30_000_000, row_bytes=70,
            aggregates=[ContinuousAggregate("listing_traffic_daily", bucket="1d",
                                            group_by=["listing_id", "seller_id"],
                                            retention=Retention(time="3y"))],
            description="Minute rows per listing, upserted by clickstream-ingestor.",
        ),
    ],
    scaling=Scaling(
        partitioning=[
            Partitioning(table="listing_traffic", key="bucket", strategy=PartitionStrategy.RANGE,
                         interval="1 day", retention="90 days"),
            Partitioning(table="listing_traffic_daily", key="day",
                         strategy=PartitionStrategy.RANGE, interval="30 days",
                         retention="3 years"),
        ],
    ),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="daily snapshot", retention="7 days"),
    high_availability="One HA replica; dashboards tolerate a minute of failover.",
)


# -- analytics-warehouse (PostgreSQL, star schema) ----------------------------------------------


class WarehouseBase(DeclarativeBase):
    """The star schema of analytics-warehouse."""

    metadata = conventional_metadata()


class DimDate(WarehouseBase):
    __tablename__ = "dim_date"
    __table_args__ = {
        "comment": "Date dimension: one row per calendar day 2015–2035, with fiscal periods.",
        "info": table_notes(volume=Volume(rows=7_700), dimension=Dimension(scd_type=0)),
    }

    date_key: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Smart key yyyymmdd, e.g. 20261126."
    )
    calendar_date: Mapped[date] = mapped_column(Date, unique=True, comment="The day.")
    iso_week: Mapped[int] = mapped_column(SmallInteger, comment="ISO 8601 week number.")
    month: Mapped[int] = mapped_column(SmallInteger, comment="Calendar month 1–12.")
    fiscal_quarter: Mapped[str] = mapped_column(String(7), comment="Fiscal quarter, e.g. FY26-Q3.")
    is_sale_event: Mapped[bool] = mapped_column(
        Boolean, comment="True on marketplace-wide sale days (Black Friday …)."
    )


class DimProduct(WarehouseBase):
    __tablename__ = "dim_product"
    __table_args__ = (
        UniqueConstraint("product_id", "valid_from"),
        {
            "comment": (
                "Product dimension, type 2: a new row whenever category, brand or title "
                "changes, so sales stay attributed to the category they were made in."
            ),
            "info": table_notes(
                volume=Volume(rows=55_000_000, rows_per_day=80_000, growth_per_year=0.3),
                dimension=Dimension(scd_type=2),
            ),
        },
    )

    product_key: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=True, comment="Surrogate key."
    )
    product_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Natural key: catalog listing id.")
    title: Mapped[str] = mapped_column(String(200), comment="Title in this version.")
    category_path: Mapped[str] = mapped_column(
        String(400), comment="Category names from the root, e.g. Home > Kitchen > Knives."
    )
    brand: Mapped[str | None] = mapped_column(String(120), comment="Brand name in this version.")
    valid_from: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="Start of this version's validity."
    )
    valid_to: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="End of validity; NULL for the current version."
    )
    is_current: Mapped[bool] = mapped_column(Boolean, comment="True for the current version.")


class DimSeller(WarehouseBase):
    __tablename__ = "dim_seller"
    __table_args__ = (
        UniqueConstraint("seller_id", "valid_from"),
        {
            "comment": "Seller dimension, type 2: country and tier changes start a new version.",
            "info": table_notes(
                volume=Volume(rows=300_000, rows_per_day=300), dimension=Dimension(scd_type=2),
            ),
        },
    )

    seller_key: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=True, comment="Surrogate key."
    )
    seller_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Natural key: Identity's seller id.")
    shop_name: Mapped[str] = mapped_column(String(120), comment="Shop name in this version.")
    country_code: Mapped[str] = mapped_column(String(2), comment="Country of registration.")
    tier: Mapped[str] = mapped_column(
        String(12), comment="Commission tier (standard, plus, pro) in this version."
    )
    valid_from: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="Start of validity."
    )
    valid_to: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="End of validity; NULL when current."
    )
    is_current: Mapped[bool] = mapped_column(Boolean, comment="True for the current version.")


class DimBuyer(WarehouseBase):
    __tablename__ = "dim_buyer"
    __table_args__ = {
        "comment": (
            "Buyer dimension, type 1 (overwritten): pseudonymous, no name or address; an "
            "erased account becomes 'erased' in every attribute."
        ),
        "info": table_notes(
            volume=Volume(rows=18_000_000, rows_per_day=12_000, growth_per_year=0.25),
            dimension=Dimension(scd_type=1),
        ),
    }

    buyer_key: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=True, comment="Surrogate key."
    )
    buyer_id: Mapped[uuid.UUID] = mapped_column(
        UUID, unique=True, comment="Natural key: Identity's customer id."
    )
    country_code: Mapped[str | None] = mapped_column(
        String(2), comment="Country of the default address."
    )
    signup_cohort: Mapped[str] = mapped_column(String(7), comment="Month of sign-up, yyyy-mm.")
    is_erased: Mapped[bool] = mapped_column(Boolean, comment="The buyer asked to be forgotten.")


class FactOrderLine(WarehouseBase):
    __tablename__ = "fact_order_lines"
    __table_args__ = (
        PrimaryKeyConstraint("order_date_key", "order_id", "line_no"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index(None, "product_key"),
        Index(None, "seller_key", "order_date_key"),
        Index(None, "buyer_key"),
        {
            "comment": (
                "Sales fact: one row per order line as placed, in EUR and in the order's "
                "currency. Loaded nightly; refunds arrive as separate negative facts in the "
                "finance mart, never as updates here."
            ),
            "postgresql_partition_by": "RANGE (order_date_key)",
            "info": table_notes(
                volume=Volume(rows=1_050_000_000, rows_per_day=1_000_000, row_bytes=120,
                              growth_per_year=0.35),
                fact=Fact(grain="one row per order line, at the time the order was placed"),
                access=[
                    AccessPattern(
                        "seller sales by day", equals=["seller_key"], range="order_date_key",
                        per_second=5, latency_ms=2_000, issued_by="insights-api",
                    ),
                ],
            ),
        },
    )

    order_date_key: Mapped[int] = mapped_column(
        ForeignKey("dim_date.date_key"), comment="Day the order was placed; the partition key."
    )
    order_id: Mapped[uuid.UUID] = mapped_column(UUID, comment="Degenerate dimension: the order.")
    line_no: Mapped[int] = mapped_column(SmallInteger, comment="Degenerate dimension: the line.")
    product_key: Mapped[int] = mapped_column(
        ForeignKey("dim_product.product_key"), comment="Product version current at order time."
    )
    seller_key: Mapped[int] = mapped_column(
        ForeignKey("dim_seller.seller_key"), comment="Seller version current at order time."
    )
    buyer_key: Mapped[int] = mapped_column(ForeignKey("dim_buyer.buyer_key"), comment="The buyer.")
    quantity: Mapped[int] = mapped_column(Integer, comment="Units ordered (additive).")
    revenue_minor: Mapped[int] = mapped_column(
        BigInteger, comment="Line total in the order's currency, minor units (additive per currency)."
    )
    revenue_eur_cents: Mapped[int] = mapped_column(
        BigInteger, comment="Line total converted to EUR at the ECB rate of the day (additive)."
    )
    currency: Mapped[str] = mapped_column(String(3), comment="The order's currency.")


class FactListingTrafficDay(WarehouseBase):
    __tablename__ = "fact_listing_traffic_daily"
    __table_args__ = (
        PrimaryKeyConstraint("date_key", "product_key"),
        Index(None, "product_key"),
        Index(None, "seller_key", "date_key"),
        {
            "comment": (
                "Traffic fact: one row per listing per day with views, add-to-carts and "
                "purchases, for conversion funnels joined with sales."
            ),
            "info": table_notes(
                volume=Volume(rows=2_000_000_000, rows_per_day=6_000_000, row_bytes=60,
                              growth_per_year=0.4),
                fact=Fact(grain="one row per listing per calendar day (UTC)"),
            ),
        },
    )

    date_key: Mapped[int] = mapped_column(ForeignKey("dim_date.date_key"), comment="The day.")
    product_key: Mapped[int] = mapped_column(
        ForeignKey("dim_product.product_key"), comment="Product version current that day."
    )
    seller_key: Mapped[int] = mapped_column(
        ForeignKey("dim_seller.seller_key"), comment="Seller version current that day."
    )
    views: Mapped[int] = mapped_column(BigInteger, comment="Page views (additive).")
    add_to_carts: Mapped[int] = mapped_column(BigInteger, comment="Add-to-cart clicks (additive).")
    purchases: Mapped[int] = mapped_column(BigInteger, comment="Units purchased (additive).")


analytics_warehouse = insights.datastore(
    "analytics-warehouse",
    tech.PostgreSQL("16"),
    role=Role.ANALYTICS,
    schema=WarehouseBase,
    description=(
        "Star schema for analysts, finance and seller sales reports, loaded nightly from the "
        "operational stores. PostgreSQL with monthly partitions on the sales fact is enough "
        "at today's 560 GB, and for about two years at current growth; then the path is a "
        "columnar engine behind the same star schema, not sharding."
    ),
    requirements=[Requirement.JOINS],
    scaling=Scaling(
        partitioning=[
            Partitioning(table="fact_order_lines", key="order_date_key",
                         strategy=PartitionStrategy.RANGE, interval="1 month"),
        ],
    ),
    hosting=Hosting.MANAGED,
    backup=Backup(schedule="weekly snapshot", retention="4 weeks",
                  tested_restore="reload from the operational stores is the fallback"),
    high_availability="Single instance: a day's outage delays reports, nothing else.",
)


# -- flows inside the context -------------------------------------------------------------------

system.flow(
    clickstream_ingestor, listing_metrics, Mechanism.QUERY, access=Access.WRITE,
    carries=[ListingTrafficMinute], consistency=eventual("1m"), per_second=2_000,
    description="One multi-row INSERT per second per partition consumer, minute rows upserted.",
)
system.flow(
    insights_api, listing_metrics, Mechanism.QUERY, access=Access.READ,
    carries=[ListingTrafficMinute, ListingTrafficDay], consistency=eventual("1m"),
    per_second=80,
    description="Dashboard queries: the last 90 days per minute or hour, older data per day.",
)
system.flow(
    insights_api, analytics_warehouse, Mechanism.QUERY, access=Access.READ,
    carries=[FactOrderLine, DimDate, DimSeller, DimProduct], consistency=eventual("1d"),
    per_second=5,
    description="Seller sales reports, cached per seller and day.",
)
system.flow(
    listing_metrics, analytics_warehouse, Mechanism.BATCH, name="nightly traffic load",
    carries=[ListingTrafficDay], consistency=eventual("1d"),
    derives={"fact_listing_traffic_daily": ["listing_traffic_daily"]},
    description="Airflow copies yesterday's daily aggregate into fact_listing_traffic_daily.",
)
system.flow(
    data_analyst, analytics_warehouse, Mechanism.QUERY, access=Access.READ,
    carries=[FactOrderLine, FactListingTrafficDay, DimDate, DimProduct, DimSeller, DimBuyer],
    consistency=eventual("1d"), per_second=1,
    description="Ad-hoc SQL and BI dashboards, through a read-only role with a 5-minute timeout.",
)
system.flow(
    seller, insights_api, Mechanism.SYNC_REQUEST, access=Access.READ, consistency=strong(),
    per_second=20, description="Sellers open their dashboards.",
)
