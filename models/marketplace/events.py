"""The public contracts of the marketplace's events: payload, version and message key.

Payloads are dataclasses; archdocs turns them into JSON Schema for the site and the AsyncAPI
document (``archdocs export --format asyncapi``). Every event travels in the same envelope
(``event_id``, ``occurred_at``, ``schema_version`` as Kafka headers), so the payloads here
hold the business fields only; ``event_id`` is repeated in the payload where consumers
deduplicate on it.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from archdocs import EventContract

# -- ordering -----------------------------------------------------------------------------------


@dataclass
class OrderLinePayload:
    """One line of a placed order."""

    variant_id: str
    seller_id: str
    quantity: int
    unit_price_minor: int


@dataclass
class OrderPlacedPayload:
    """A buyer placed an order; its stock is reserved and its payment authorised."""

    event_id: str
    order_id: str
    buyer_id: str
    order_number: str
    currency: str
    total_minor: int
    lines: list[OrderLinePayload]
    placed_at: datetime


@dataclass
class OrderCancelledPayload:
    """An order was cancelled before it shipped (by the buyer, support or a failed payment)."""

    event_id: str
    order_id: str
    buyer_id: str
    reason: Literal["buyer", "support", "payment_failed", "out_of_stock"]
    cancelled_at: datetime


@dataclass
class OrderCompletedPayload:
    """Every parcel of an order was delivered and the return window has closed."""

    event_id: str
    order_id: str
    buyer_id: str
    completed_at: datetime


ORDER_PLACED = EventContract("OrderPlaced", version=2, key="order_id",
                             schema=OrderPlacedPayload)
ORDER_CANCELLED = EventContract("OrderCancelled", key="order_id", schema=OrderCancelledPayload)
ORDER_COMPLETED = EventContract("OrderCompleted", key="order_id", schema=OrderCompletedPayload)

# -- payments -----------------------------------------------------------------------------------


@dataclass
class PaymentPayload:
    """A payment changed state; ``amount_minor`` is what this event moved."""

    event_id: str
    payment_id: str
    order_id: str
    amount_minor: int
    currency: str
    occurred_at: datetime
    provider_reference: str | None = None


PAYMENT_AUTHORISED = EventContract("PaymentAuthorised", key="payment_id", schema=PaymentPayload)
PAYMENT_CAPTURED = EventContract("PaymentCaptured", key="payment_id", schema=PaymentPayload)
PAYMENT_FAILED = EventContract("PaymentFailed", key="payment_id", schema=PaymentPayload)
REFUND_ISSUED = EventContract("RefundIssued", key="payment_id", schema=PaymentPayload)
CHARGEBACK_OPENED = EventContract("ChargebackOpened", key="payment_id", schema=PaymentPayload)

# -- fulfilment ---------------------------------------------------------------------------------


@dataclass
class ShipmentPayload:
    """A parcel of one seller's part of an order moved."""

    event_id: str
    shipment_id: str
    order_id: str
    seller_id: str
    carrier: str
    tracking_number: str | None
    occurred_at: datetime


@dataclass
class StockDepletedPayload:
    """A variant's available stock at a location reached zero."""

    event_id: str
    variant_id: str
    location_id: str
    occurred_at: datetime


SHIPMENT_DISPATCHED = EventContract("ShipmentDispatched", key="order_id",
                                    schema=ShipmentPayload)
SHIPMENT_DELIVERED = EventContract("ShipmentDelivered", key="order_id", schema=ShipmentPayload)
STOCK_DEPLETED = EventContract("StockDepleted", key="variant_id", schema=StockDepletedPayload)

# -- identity -----------------------------------------------------------------------------------


@dataclass
class SellerPayload:
    """A seller's public shop details changed, or the shop was suspended."""

    event_id: str
    seller_id: str
    shop_name: str
    status: Literal["active", "suspended"]
    occurred_at: datetime


SELLER_UPDATED = EventContract("SellerUpdated", key="seller_id", schema=SellerPayload)
SELLER_SUSPENDED = EventContract("SellerSuspended", key="seller_id", schema=SellerPayload)

# -- catalog change stream (Debezium) -----------------------------------------------------------

PRODUCT_CHANGED = EventContract(
    "ProductChanged", key="id",
    description="Debezium change event of one catalog-db row (products and the rows that "
                "belong to a product), keyed by the product id.",
    schema={
        "type": "object",
        "properties": {
            "id": {"type": "string", "description": "Product id (the message key)."},
            "op": {"enum": ["c", "u", "d", "r"],
                   "description": "create, update, delete or snapshot read."},
            "table": {"type": "string"},
            "before": {"type": ["object", "null"]},
            "after": {"type": ["object", "null"]},
            "ts_ms": {"type": "integer", "description": "Commit time, ms since the epoch."},
        },
        "required": ["id", "op", "table", "ts_ms"],
    },
)

# -- storefront clickstream ---------------------------------------------------------------------


@dataclass
class ClickPayload:
    """A storefront interaction with a listing; no personal data."""

    event_id: str
    listing_id: str
    action: Literal["view", "add_to_cart", "purchase"]
    occurred_at: datetime
    device: Literal["desktop", "mobile", "app"]
    referrer: str | None = None


LISTING_VIEWED = EventContract("ListingViewed", key="listing_id", schema=ClickPayload)
ADDED_TO_CART = EventContract("AddedToCart", key="listing_id", schema=ClickPayload)
