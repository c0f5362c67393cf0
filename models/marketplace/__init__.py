"""Marketplace: an online marketplace where independent sellers list products and buyers order them.

This is archdocs' flagship example, the model the project's own site renders. It is a polyglot
system of seven bounded contexts, each owning its datastores (database per service):

- ``identity``: buyer and seller accounts (PostgreSQL) and sessions (Redis);
- ``catalog``: listings (PostgreSQL) with a CQRS search read model (Elasticsearch) and a page
  cache (Redis);
- ``ordering``: carts (MongoDB) and orders (PostgreSQL sharded with Citus, with an outbox);
- ``payments``: an event-sourced payment ledger with its projections;
- ``fulfilment``: stock and shipments (PostgreSQL, with an outbox);
- ``insights``: listing traffic (TimescaleDB) and the analytics warehouse (a star schema);
- ``platform``: the Kafka event bus every context publishes to.

The System is declared here; each context module adds itself to it. ``flows`` wires the contexts
together, ``patterns`` declares what the review must verify, ``migrations`` holds the
architecture migrations under way.
"""

from archdocs import System

system = System(
    "Marketplace",
    description=(
        "An online marketplace for independent sellers: 18 million buyer accounts, 90 000 "
        "active sellers, 40 million listings, about 400 000 orders a day with peaks of 300 "
        "orders a second on sale days. Every bounded context owns its data; contexts exchange "
        "facts through Kafka, published from transactional outboxes or the payment ledger."
    ),
)

buyer = system.actor(
    "Buyer",
    description="Browses and searches listings, keeps a cart, places and tracks orders.",
)
seller = system.actor(
    "Seller",
    description="Lists products, manages stock, ships orders and reads sales dashboards.",
)
support_agent = system.actor(
    "Support agent",
    description="Looks orders up for buyers and sellers, cancels and refunds on their behalf.",
)
data_analyst = system.actor(
    "Data analyst",
    description="Answers business questions with SQL against the analytics warehouse.",
)

payment_provider = system.external(
    "Payment provider",
    description=(
        "The payment service provider (card acquiring, wallets, 3-D Secure). Authorises and "
        "captures payments synchronously and reports settlements and chargebacks by webhook."
    ),
)
carrier_network = system.external(
    "Carrier network",
    description=(
        "Parcel carriers reached through a shipping aggregator API: label booking, then "
        "tracking scans pushed back by webhook."
    ),
)
