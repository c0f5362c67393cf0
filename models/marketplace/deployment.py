"""Where the marketplace's datastores run, how they recover, and who may log in to them.

Every store is a managed service in AWS eu-west-1 (Frankfurt is the disaster-recovery region
for backups only), one instance or cluster per datastore: database per service is also
failure domain per service. Each service connects with its own login holding only the
privileges its flows need; schema migrations run from the deployment pipeline with a separate
DDL login that no service holds. The personal data the warehouse receives is declared here too,
so the review can follow it from the accounts and orders databases.
"""

from archdocs import (
    AckMode,
    Classification,
    Privilege,
    Protection,
    Recovery,
    Reliability,
    Server,
    classified,
    login,
    suppress,
)
from marketplace import system
from marketplace.catalog import (
    catalog_api,
    catalog_db,
    product_cache,
    product_search,
    search_api,
    search_indexer,
)
from marketplace.fulfilment import fulfilment_db, inventory_service, shipping_service
from marketplace.identity import account_service, accounts_db, session_store
from marketplace.insights import (
    analytics_warehouse,
    clickstream_ingestor,
    insights_api,
    listing_metrics,
)
from marketplace.ordering import cart_service, carts_db, order_service, orders_db
from marketplace.payments import ledger_projector, payment_ledger, payment_service, payment_views
from marketplace.platform import event_bus

REGION = "eu-west-1"
ZONES = ("eu-west-1a", "eu-west-1b", "eu-west-1c")
RW = (Privilege.READ, Privilege.WRITE)
RO = (Privilege.READ,)
MIGRATIONS = login("deploy_migrations", [Privilege.READ, Privilege.WRITE, Privilege.DDL])
"""Held by the deployment pipeline, not by a service: runs the schema migrations."""


def _managed(name: str, replicas: int, failover: str) -> Server:
    return Server(name, hosting="managed", region=REGION, zones=ZONES[: replicas + 1],
                  replicas=replicas, high_availability=failover)


accounts_db.server = _managed("accounts-rds", 1, "RDS Multi-AZ, synchronous standby")
accounts_db.recovery = Recovery(rpo="0s", rto="5m")
accounts_db.logins = (login("account_service", RW, used_by=[account_service]), MIGRATIONS)

session_store.server = _managed("sessions-elasticache", 1, "ElastiCache replica, auto-failover")
session_store.logins = (login("account_service", RW, used_by=[account_service]),)
session_store.classification = (
    classified(Classification.CREDENTIALS, retention="30d",
               fields=["session:{token} (the key is the bearer token)", "csrf_secret"]),
)
session_store.suppressions = (*session_store.suppressions, suppress(
    "GOV006",
    "The token is the key, in clear, so a session is one HGETALL: the store is private to "
    "account-service, encrypted in transit and at rest, and a token lives 30 minutes sliding "
    "(30 days with 'remember me'). Keying by a hash of the token comes with the session "
    "rework.",
    owner="Identity team", review_by="2027-03-31"))

catalog_db.server = _managed("catalog-rds", 3, "RDS Multi-AZ standby plus two readers")
catalog_db.recovery = Recovery(rpo="5m", rto="5m")
catalog_db.logins = (login("catalog_api", RW, used_by=[catalog_api]), MIGRATIONS)

product_search.server = _managed("search-opensearch", 2, "6 data nodes over 3 zones")
product_search.logins = (login("search_indexer", RW, used_by=[search_indexer]),
                         login("search_api", RO, used_by=[search_api]))

product_cache.server = _managed("catalog-elasticache", 1, "ElastiCache replica")
product_cache.logins = (login("catalog_api", RW, used_by=[catalog_api]),)

carts_db.server = _managed("carts-atlas", 2, "3-member replica set across zones")
carts_db.recovery = Recovery(rpo="5m", rto="1m")
carts_db.logins = (login("cart_service", RW, used_by=[cart_service]),)

orders_db.server = _managed("orders-citus", 1, "Citus coordinator and workers with HA standbys")
orders_db.recovery = Recovery(rpo="0s", rto="5m")
orders_db.logins = (login("order_service", RW, used_by=[order_service]), MIGRATIONS)

payment_ledger.server = _managed("ledger-rds", 1, "RDS Multi-AZ, synchronous standby")
payment_ledger.recovery = Recovery(rpo="0s", rto="5m")
payment_ledger.logins = (login("payment_service", RW, used_by=[payment_service]),
                         login("ledger_projector", RO, used_by=[ledger_projector]), MIGRATIONS)

payment_views.server = _managed("payment-views-rds", 1, "RDS Multi-AZ standby")
payment_views.logins = (login("ledger_projector", RW, used_by=[ledger_projector]),
                        login("payment_service", RO, used_by=[payment_service]), MIGRATIONS)

fulfilment_db.server = _managed("fulfilment-rds", 1, "RDS Multi-AZ, synchronous standby")
fulfilment_db.recovery = Recovery(rpo="0s", rto="5m")
fulfilment_db.logins = (login("inventory_service", RW, used_by=[inventory_service]),
                        login("shipping_service", RW, used_by=[shipping_service]), MIGRATIONS)

listing_metrics.server = _managed("metrics-timescale", 1, "Timescale HA replica")
listing_metrics.logins = (login("clickstream_ingestor", (Privilege.WRITE,),
                                used_by=[clickstream_ingestor]),
                          login("insights_api", RO, used_by=[insights_api]))

analytics_warehouse.server = Server(
    "warehouse-rds", hosting="managed", region=REGION, zones=ZONES[:1],
    description="Single-AZ instance: a day's outage delays reports; it is reloaded from the "
                "operational stores.")
analytics_warehouse.recovery = Recovery(rpo="1d", rto="1d")
analytics_warehouse.suppressions = (*analytics_warehouse.suppressions, suppress(
    "RES003", "The weekly snapshot only saves the reload time: a lost warehouse is reloaded "
    "from the operational stores (orders, catalog, accounts), so no data is lost, and a day "
    "of rebuilding delays reports only.",
    owner="Insights team", review_by="2027-06-30"))
analytics_warehouse.logins = (login("insights_api", RO, used_by=[insights_api]), MIGRATIONS)
analytics_warehouse.classification = (
    classified(Classification.PERSONAL, protection=[Protection.MASKED_NON_PRODUCTION],
               erasure="1d", regions=[REGION],
               fields=["dim_buyer (pseudonymous buyer id, country)",
                       "fact_order_lines (pseudonymous buyer id)"]),
)
"""Pseudonymous data is still personal data (GDPR recital 26): the nightly rebuild of dim_buyer
drops buyers erased the day before, well within the 30 days accounts-db promises."""

event_bus.server = _managed("kafka-msk", 2, "MSK over 3 zones, replication factor 3")

import marketplace.flows  # noqa: E402, F401  (declares the flow suppressed below)

_accounts_replication = system.find_flow("accounts replication")
assert _accounts_replication is not None
_accounts_replication.suppressions = (*_accounts_replication.suppressions, suppress(
    "GOV003",
    "The publication lists its columns: id, country and sign-up date of customers, id and "
    "country of sellers. Neither password_hash nor e-mail, name or address leaves "
    "accounts-db; the warehouse's personal data is declared as pseudonymous ids.",
    owner="Identity team"))

# Every consumer of the event bus commits its Kafka offset only after its handler's transaction
# has committed (enable.auto.commit=false), and every producer (outbox relays, the ledger
# publisher) waits for all in-sync replicas (acks=all, enable.idempotence=true).
KAFKA_CLIENTS = Reliability(ack=AckMode.AFTER_HANDLING, publisher_confirms=True)
for _flow in system.flows:
    if _flow.via is event_bus or _flow.target is event_bus:
        _flow.reliability = KAFKA_CLIENTS
