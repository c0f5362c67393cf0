"""The context map: how the marketplace's contexts (and the outside systems they depend on)
relate, in DDD's terms. ``archdocs check`` holds each relationship to the flows and event
contracts declared elsewhere (CTX001).

In Context Mapper's notation::

    Catalog          [U,S,OHS]     -> [D,C]    Ordering
    Payments         [U,S,OHS,PL]  -> [D,C]    Ordering
    Ordering         [P]                       Fulfilment
    Fulfilment       [U,PL]        -> [D,CF]   Payments
    Identity         [U,PL]        -> [D,ACL]  Catalog
    Catalog, Identity, Ordering [U] -> [D,CF]  Insights
    Platform         [U,OHS]       -> [D,CF]   Ordering, Payments, Fulfilment
    Payment provider [U,OHS,PL]    -> [D,ACL]  Payments
    Carrier network  [U,OHS]       -> [D,ACL]  Fulfilment
"""

from archdocs import ACL, CF, CUSTOMER_SUPPLIER, OHS, PARTNERSHIP, PL
from marketplace import carrier_network, payment_provider, system
from marketplace.catalog import catalog
from marketplace.fulfilment import fulfilment
from marketplace.identity import identity
from marketplace.insights import insights
from marketplace.ordering import ordering
from marketplace.payments import payments
from marketplace.platform import platform

# -- checkout -----------------------------------------------------------------------------------

system.relationship(
    catalog, ordering, kind=CUSTOMER_SUPPLIER, upstream_roles=[OHS],
    description=(
        "Checkout needs authoritative prices; Catalog's price API (batched by SKU) was built "
        "for it and Ordering's needs are on Catalog's roadmap."
    ),
)
system.relationship(
    payments, ordering, kind=CUSTOMER_SUPPLIER, upstream_roles=[OHS, PL],
    description=(
        "Ordering opens and authorises payments through the payment API and follows them "
        "through the ledger's versioned payment events."
    ),
)
system.relationship(
    ordering, fulfilment, kind=PARTNERSHIP,
    description=(
        "Stock is reserved at checkout, orders become shipments, shipments move orders on: "
        "the two teams plan their releases together and change the events in step."
    ),
)
system.relationship(
    fulfilment, payments, downstream_roles=[CF], upstream_roles=[PL],
    description="A payment is captured when ShipmentDispatched says the first parcel left.",
)

# -- seller data and search ---------------------------------------------------------------------

system.relationship(
    identity, catalog, upstream_roles=[PL], downstream_roles=[ACL],
    description=(
        "search-indexer translates seller events into the shop fields of search documents; "
        "Catalog keeps no copy of Identity's seller model."
    ),
)

# -- analytics ----------------------------------------------------------------------------------

for upstream in (catalog, identity, ordering):
    system.relationship(
        upstream, insights, downstream_roles=[CF],
        description="The warehouse loads the upstream's rows and events as they are, then "
                    "builds its dimensions and facts from them.",
    )

# -- the event bus ------------------------------------------------------------------------------

for publisher in (ordering, payments, fulfilment):
    system.relationship(
        platform, publisher, upstream_roles=[OHS], downstream_roles=[CF],
        description="Topics, the event envelope and retention are Platform's conventions; "
                    "every publisher follows them.",
    )

# -- outside the marketplace --------------------------------------------------------------------

system.relationship(
    payment_provider, payments, upstream_roles=[OHS, PL], downstream_roles=[ACL],
    description="The provider's API and webhook payloads are translated into ledger events "
                "at the edge of Payments.",
)
system.relationship(
    carrier_network, fulfilment, upstream_roles=[OHS], downstream_roles=[ACL],
    description="The aggregator's booking API and tracking scans are mapped to shipments.",
)
