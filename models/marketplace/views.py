"""Views: diagrams that each answer one question, beside the default ones the site draws for
every level (landscape, context map, each context, each flow, each datastore's tables).

A view names what it shows; the site draws those elements and every flow between them, and
gives the view a page linked from the views index and from the pages of what it shows.
"""

from marketplace import buyer, payment_provider, system
from marketplace.ordering import order_service, orders_db
from marketplace.payments import ledger_projector, payment_views, payments
from marketplace.platform import event_bus

system.view(
    "Checkout payment path",
    include=[buyer, order_service, orders_db, payments, payment_provider, event_bus],
    exclude=[payment_views, ledger_projector],
    description=(
        "What a card payment at checkout touches: the order service asks Payments to "
        "authorise with the provider before it writes the order, and the ledger's events "
        "come back through the bus to move the order to paid. The read-side projection is "
        "left out: it answers queries, not checkouts."
    ),
)

orders_db.er_view(
    "Order history",
    around="orders", depth=1, exclude=["countries", "currencies"],
    description=(
        "An order, its lines and its status history: the tables an order's page and the "
        "support tools read together. The reference tables it points at are left out."
    ),
)
