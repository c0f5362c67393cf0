"""catalog-db as it was at release 1 (before the EU Omnibus price rules), kept in the model so
the site can show the migration plan from it to today's schema.

What changed since: ``products.name`` became ``title`` (declared with ``renamed_from``) and
gained ``published_at`` and a status check; variants gained a unique SKU, a weight, an active
flag and a price check; images gained alt text and a unique display position; and
``price_history`` is new. ``archdocs plan`` turns that into expand / backfill / contract steps.
"""

from sqlalchemy import (
    UUID,
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from archdocs import SchemaVersion
from marketplace.conventions import NAMING_CONVENTION


def _comment(table: Table, column: str) -> str | None:
    """Today's comment of a column whose meaning has not changed since release 1."""
    return table.c[column].comment


def catalog_release_1(current: MetaData) -> SchemaVersion:
    """catalog-db at release 1, built beside ``current`` (today's catalog-db tables)."""
    catalog_v1 = MetaData(naming_convention=NAMING_CONVENTION)
    # Unchanged since release 1.
    current.tables["categories"].to_metadata(catalog_v1)
    current.tables["brands"].to_metadata(catalog_v1)

    products = current.tables["products"]
    Table(
        "products",
        catalog_v1,
        Column("id", UUID, primary_key=True, server_default=text("gen_random_uuid()"),
               comment=_comment(products, "id")),
        Column("seller_id", UUID, nullable=False, comment=_comment(products, "seller_id")),
        Column("category_id", Integer, ForeignKey("categories.id"), nullable=False, index=True,
               comment=_comment(products, "category_id")),
        Column("brand_id", Integer, ForeignKey("brands.id"), index=True,
               comment=_comment(products, "brand_id")),
        Column("name", String(200), nullable=False, comment="Listing title (searchable)."),
        Column("description", Text, nullable=False, comment=_comment(products, "description")),
        Column("attributes", JSONB, nullable=False, server_default=text("'{}'::jsonb"),
               comment=_comment(products, "attributes")),
        Column("status", String(10), nullable=False, server_default="draft",
               comment=_comment(products, "status")),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now(),
               comment=_comment(products, "created_at")),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now(),
               comment=_comment(products, "updated_at")),
        Index(None, "seller_id"),
        comment=products.comment,
    )

    variants = current.tables["product_variants"]
    Table(
        "product_variants",
        catalog_v1,
        Column("id", UUID, primary_key=True, server_default=text("gen_random_uuid()"),
               comment=_comment(variants, "id")),
        Column("product_id", UUID, ForeignKey("products.id", ondelete="CASCADE"), nullable=False,
               index=True, comment=_comment(variants, "product_id")),
        Column("sku", String(64), nullable=False, index=True,
               comment="Stock-keeping unit (unique per seller only, by convention)."),
        Column("option_values", JSONB, nullable=False, comment=_comment(variants, "option_values")),
        Column("price_minor", BigInteger, nullable=False, comment=_comment(variants, "price_minor")),
        Column("currency", String(3), nullable=False, comment=_comment(variants, "currency")),
        comment=variants.comment,
    )

    images = current.tables["product_images"]
    Table(
        "product_images",
        catalog_v1,
        Column("id", UUID, primary_key=True, server_default=text("gen_random_uuid()"),
               comment=_comment(images, "id")),
        Column("product_id", UUID, ForeignKey("products.id", ondelete="CASCADE"), nullable=False,
               index=True, comment="The listing shown."),
        Column("position", SmallInteger, nullable=False, comment=_comment(images, "position")),
        Column("storage_key", String(200), nullable=False, comment=_comment(images, "storage_key")),
        Column("width_px", Integer, nullable=False, comment=_comment(images, "width_px")),
        Column("height_px", Integer, nullable=False, comment=_comment(images, "height_px")),
        comment=images.comment,
    )

    return SchemaVersion(
        "release 1",
        catalog_v1,
        description=(
            "The catalog at launch: no price history, SKUs unique only by convention, listing "
            "titles called 'name'."
        ),
    )
