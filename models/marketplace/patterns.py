"""The architecture patterns the marketplace follows, declared so ``archdocs check`` verifies them."""

from archdocs import (
    CQRS,
    DatabasePerService,
    EventSourcing,
    PublishAfterCommit,
    TransactionalOutbox,
)
from marketplace import system
from marketplace.catalog import (
    catalog_db,
    product_search,
    search_projection_cdc,
    search_projection_index,
)
from marketplace.flows import shop_names_to_search
from marketplace.fulfilment import fulfilment_db, fulfilment_relay
from marketplace.ordering import orders_db, outbox_relay
from marketplace.payments import payment_ledger, payment_views

system.pattern(
    DatabasePerService(
        "Database per service",
        description=(
            "Every datastore is written only by the services of the context that owns it. "
            "Other contexts learn about its data through APIs and domain events."
        ),
    )
)
system.pattern(
    CQRS(
        "Catalog search CQRS",
        write_store=catalog_db,
        read_models=[product_search],
        projections=[search_projection_cdc, search_projection_index],
        description=(
            "Sellers write listings to catalog-db; buyers search product-search, a denormalised "
            "index fed from catalog-db's change stream within about 5 seconds."
        ),
    )
)
system.pattern(
    EventSourcing(
        "Payment ledger event sourcing",
        event_store=payment_ledger,
        projections=[payment_views],
        description=(
            "A payment's state is the fold of its events; payment-views holds projections "
            "(payment status, refunds, seller balances) rebuilt by replay."
        ),
    )
)
system.pattern(
    TransactionalOutbox(
        "Orders outbox",
        datastore=orders_db,
        table="order_outbox",
        relay=outbox_relay,
        description="Order events commit with the order and reach Kafka through Debezium.",
    )
)
system.pattern(
    TransactionalOutbox(
        "Fulfilment outbox",
        datastore=fulfilment_db,
        table="fulfilment_outbox",
        relay=fulfilment_relay,
        description="Shipment and stock events commit with the change that caused them.",
    )
)
system.pattern(
    PublishAfterCommit(
        "Seller changes published after commit",
        [shop_names_to_search],
        recovery="a nightly job republishes every seller changed that day",
        description=(
            "account-service publishes SellerUpdated and SellerSuspended after its commit, "
            "with no outbox: about one a second, and a lost event only delays a rename or a "
            "suspension in search until the nightly republish."
        ),
    )
)
