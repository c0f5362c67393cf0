"""Scenarios: use cases told as ordered steps over the flows declared in the other modules.

Checkout is the path that must not lose money or oversell: everything up to the order write is
synchronous and strongly consistent, everything after it travels as events from the outbox.
"""

from archdocs import step
from marketplace import system
from marketplace.flows import (
    authorise_payment,
    order_events_to_fulfilment,
    reprice_at_checkout,
    reserve_stock,
)
from marketplace.ordering import checkout_write, outbox_relay

checkout = system.scenario(
    "Checkout",
    description=(
        "A buyer pays for the cart: the order is written only once the prices are current, "
        "the units are held and the payment is authorised; fulfilment learns of it from the "
        "orders outbox."
    ),
    steps=[
        step("Buyer → order-service (sync-request)", "the buyer confirms the cart"),
        step("order-service → cart-service (sync-request)", "reads the cart to place"),
        step(reprice_at_checkout, "one batched call for the cart's current prices"),
        step(reserve_stock, "holds the units for 15 minutes"),
        step(authorise_payment, "opens the payment stream"),
        step("authorise and capture", "the provider authorises (3-D Secure when asked)"),
        step(checkout_write,
             "order, lines, first status and outbox row in one transaction"),
        step(outbox_relay, "CDC publishes OrderPlaced to the bus"),
        step(order_events_to_fulfilment, "shipping opens a shipment for the seller"),
    ],
)
