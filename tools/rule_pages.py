"""Write the reference pages of the INT/OWN/PAT/SCL/TEC/SCH rules and the rule index.

    .venv/bin/python tools/rule_pages.py

Each page takes its "why" and "fix" from the rule's registration (one source of truth), adds
what the rule checks, an example model that triggers it with the finding archdocs really prints
for it, the fixed model, and how to suppress it. ``docs/rules/index.md`` lists every registered
rule, whichever engineer wrote it. The pages of other rule families are written by hand and are
left alone. ``tests/review/test_rule_pages.py`` runs every example again.
"""

from __future__ import annotations

import re
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from archdocs.load import load_models
from archdocs.review.engine import all_rules, review
from archdocs.review.rule import Rule

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"

PRELUDE = '''\
from datetime import datetime

from sqlalchemy import (BigInteger, Column, DateTime, ForeignKey, ForeignKeyConstraint, Index,
                        Integer, MetaData, Numeric, String, Table, Text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import *  # noqa: F403
from archdocs import tech

'''
"""What every example is run with (the pages show only the model itself)."""

FAMILIES = {
    "integrity": "Integrity", "ownership": "Ownership", "patterns": "Patterns",
    "scaling": "Scaling", "technology": "Technology fit", "schema": "Schema quality",
    "suppressions": "Suppressions", "decision records": "Decision records",
    "migrations": "Migrations", "access patterns": "Access patterns",
    "data modeling": "Data modeling", "operations": "Operations", "messaging": "Messaging",
}


@dataclass(frozen=True)
class Page:
    checks: str
    """Markdown bullets: exactly what the rule looks at."""
    example: str
    fixed: str
    suppress: str
    """Where to attach the suppression, as a Python snippet."""


PAGES: dict[str, Page] = {
    "INT001": Page(
        checks="""
- two elements of one kind (contexts, services, datastores, externals, actors, flows, patterns,
  migrations) with the same name;
- two systems with the same name;
- a warning when a service and a datastore (or any two kinds of node) share a name, because a
  flow naming it as a string resolves to only one of them.
""",
        example="""
system = System("Shop")
sales = system.context("Sales")
sales.datastore("orders-db", tech.PostgreSQL("16"))
sales.datastore("orders-db", tech.PostgreSQL("16"), role=Role.READ_MODEL)
""",
        fixed="""
system = System("Shop")
sales = system.context("Sales")
sales.datastore("orders-db", tech.PostgreSQL("16"))
sales.datastore("orders-replica", tech.PostgreSQL("16"), role=Role.READ_MODEL)
""",
        suppress="""
# A duplicate name cannot be suppressed meaningfully: `archdocs generate` and `mkdocs build`
# refuse the model until one of the elements is renamed.
""",
    ),
    "INT002": Page(
        checks="""
- flow `source`, `target` (any node) and `via` (a datastore, usually the broker);
- `DatabasePerService.scope`, `SharedDatabase.datastore/scope`, `CQRS.write_store`,
  `read_models` and `projections` (flows), `EventSourcing.event_store/projections`,
  `TransactionalOutbox.datastore/relay`;
- migration `affects` and the elements of each phase.

A reference is reported when the name matches nothing (with the closest declared name as a
suggestion), when it names an element of the wrong kind, or when an element object belongs to
another `System`.
""",
        example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, "order-db", Mechanism.QUERY)
""",
        fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY)  # the object: a typo is now a NameError
""",
        suppress="""
system.flow(api, "legacy-db", Mechanism.QUERY,
            suppress=[suppress("INT002", "legacy-db is modelled in the Legacy system")])
""",
    ),
    "INT003": Page(
        checks="""
- services and datastores declared with `system.service(...)` / `system.datastore(...)`
  instead of through a bounded context;
- elements whose context is not part of the system under review.
""",
        example="""
system = System("Shop")
sales = system.context("Sales")
system.datastore("reporting-db", tech.PostgreSQL("16"))
""",
        fixed="""
system = System("Shop")
analytics = system.context("Analytics", team="Data platform")
analytics.datastore("reporting-db", tech.PostgreSQL("16"), role=Role.ANALYTICS)
""",
        suppress="""
system.datastore("reporting-db", tech.PostgreSQL("16"),
                 suppress=[suppress("INT003", "owned by the vendor, no team of ours")])
""",
    ),
    "INT004": Page(
        checks="""
- every datastore that appears in no flow as source, target or broker (`via`).
""",
        example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
sales.datastore("old-cache", tech.Memcached("1.6"), role=Role.CACHE)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
        fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
cache = sales.datastore("old-cache", tech.Memcached("1.6"), role=Role.CACHE)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, cache, Mechanism.CACHE_FILL, access=Access.READ_WRITE)
""",
        suppress="""
sales.datastore("old-cache", tech.Memcached("1.6"), role=Role.CACHE,
                suppress=[suppress("INT004", "decommissioned in Q3, kept until the contract ends")])
""",
    ),
    "INT005": Page(
        checks="""
- every foreign key of every table: the referenced table must be held by the same datastore.
  Keys to tables that exist in no datastore are [INT006](INT006.md).
""",
        example="""
class SalesBase(DeclarativeBase):
    pass

class Order(SalesBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))

class CrmBase(DeclarativeBase):
    pass

class Customer(CrmBase):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=SalesBase)
system.context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=CrmBase)
""",
        fixed="""
class SalesBase(DeclarativeBase):
    pass

class Order(SalesBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    # The CRM's identifier, kept without a constraint: CRM owns customers.
    customer_id: Mapped[int] = mapped_column(comment="Customer id in the CRM context.")

class CrmBase(DeclarativeBase):
    pass

class Customer(CrmBase):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=SalesBase)
system.context("CRM").datastore("crm-db", tech.PostgreSQL("16"), schema=CrmBase)
""",
        suppress="""
customer_id: Mapped[int] = mapped_column(
    ForeignKey("customers.id"),
    info=column_notes(suppress=[suppress("INT005", "both stores are one database until Q4")]))
""",
    ),
    "INT006": Page(
        checks="""
- every foreign key whose referenced table (as written in `ForeignKey("table.column")`) is
  held by no datastore of the system.
""",
        example="""
metadata = MetaData()
Table("customers", metadata, Column("id", Integer, primary_key=True))
Table("orders", metadata, Column("id", Integer, primary_key=True),
      Column("customer_id", Integer, ForeignKey("customer.id")))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
        fixed="""
metadata = MetaData()
Table("customers", metadata, Column("id", Integer, primary_key=True))
Table("orders", metadata, Column("id", Integer, primary_key=True),
      Column("customer_id", Integer, ForeignKey("customers.id")))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
        suppress="""
Column("customer_id", Integer, ForeignKey("customer.id"),
       info=column_notes(suppress=[suppress("INT006", "table lives in a vendor schema")]))
""",
    ),
    "OWN001": Page(
        checks="""
Only when the system declares `DatabasePerService`:

- for every datastore in the pattern's scope (the whole system, or one context), the services
  that write it directly (a flow with write access, not through a broker);
- any writer from another context than the datastore's is reported, unless a `SharedDatabase`
  pattern names the datastore. Brokers (`role=Role.BROKER`) are shared by design and skipped.
""",
        example="""
system = System("Shop")
sales, billing = system.context("Sales"), system.context("Billing")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(sales.service("order-api"), orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(billing.service("invoicer"), orders_db, Mechanism.QUERY, access=Access.WRITE)
system.pattern(DatabasePerService("database per service"))
""",
        fixed="""
system = System("Shop")
sales, billing = system.context("Sales"), system.context("Billing")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
# Billing asks Sales to record the invoice number instead of writing its tables.
system.flow(billing.service("invoicer"), api, Mechanism.SYNC_REQUEST, access=Access.WRITE)
system.pattern(DatabasePerService("database per service"))
""",
        suppress="""
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"),
                            suppress=[suppress("OWN001", "invoicer moves out of Billing in Q2")])
# or state the trade-off for everybody: system.pattern(SharedDatabase("...", datastore=orders_db))
""",
    ),
    "OWN002": Page(
        checks="""
- flows from a service to a datastore of another context that read it (`access` read or
  read-write) directly, not through a broker;
- brokers (`role=Role.BROKER`) and datastores named by a `SharedDatabase` pattern are skipped.
""",
        example="""
system = System("Shop")
sales, billing = system.context("Sales"), system.context("Billing")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(sales.service("order-api"), orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(billing.service("invoicer"), orders_db, Mechanism.QUERY)
""",
        fixed="""
system = System("Shop")
sales, billing = system.context("Sales"), system.context("Billing")
platform = system.context("Platform")
bus = platform.datastore("event-bus", tech.Kafka("3.7"), role=Role.BROKER)
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, billing.service("invoicer"), Mechanism.ASYNC_EVENT, via=bus,
            events=["OrderPlaced"])
""",
        suppress="""
system.flow(invoicer, orders_db, Mechanism.QUERY,
            suppress=[suppress("OWN002", "read-only view agreed with Sales until the API exists")])
""",
    ),
    "PAT001": Page(
        checks="""
For every `CQRS` pattern and each of its read models: whether data can travel from the write
store, or from the services that write it, to the read model along the declared flows
(CDC, events through a broker, a projector that writes the read model). Reads of the read
model do not count.
""",
        example="""
system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, index, Mechanism.QUERY)
system.pattern(CQRS("product search", write_store=db, read_models=[index]))
""",
        fixed="""
system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
indexer = catalog.service("search-indexer")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
bus = catalog.datastore("catalog-events", tech.Kafka("3.7"), role=Role.BROKER)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, index, Mechanism.QUERY)
cdc = system.flow(db, indexer, Mechanism.CDC, via=bus, consistency=eventual("5s"))
load = system.flow(indexer, index, Mechanism.QUERY, access=Access.WRITE)
system.pattern(CQRS("product search", write_store=db, read_models=[index],
                    projections=[cdc, load]))
""",
        suppress="""
system.pattern(CQRS("product search", write_store=db, read_models=[index],
                    suppress=[suppress("PAT001", "the vendor's connector fills it; not modelled")]))
""",
    ),
    "PAT002": Page(
        checks="""
- every datastore with `role=Role.EVENT_STORE` and every `EventSourcing.event_store`: its
  technology must have the `append-only-log` capability (Kafka, EventStoreDB).

A declared `Requirement.APPEND_ONLY` on such a store is reported here only, not also by
[TEC001](TEC001.md).
""",
        example="""
system = System("Bank")
ledger = system.context("Ledger")
events = ledger.datastore("ledger-events", tech.PostgreSQL("16"), role=Role.EVENT_STORE)
""",
        fixed="""
system = System("Bank")
ledger = system.context("Ledger")
events = ledger.datastore("ledger-events", tech.EventStoreDB("23"), role=Role.EVENT_STORE)
""",
        suppress="""
ledger.datastore("ledger-events", tech.PostgreSQL("16"), role=Role.EVENT_STORE,
                 suppress=[suppress("PAT002", "UPDATE/DELETE revoked from the app role; a "
                                              "trigger rejects them (migration 0042)")])
""",
    ),
    "PAT003": Page(
        checks="""
- an `EventSourcing` pattern with no `projections`;
- a declared projection that no flow feeds from the event store (directly, through a broker or
  through a projector service);
- a datastore with `role=Role.EVENT_STORE` and no `EventSourcing` pattern from which no flow
  reaches any other datastore.
""",
        example="""
system = System("Bank")
ledger = system.context("Ledger")
api = ledger.service("ledger-api")
events = ledger.datastore("ledger-events", tech.EventStoreDB("23"), role=Role.EVENT_STORE)
system.flow(api, events, Mechanism.QUERY, access=Access.READ_WRITE)
system.pattern(EventSourcing("ledger", event_store=events))
""",
        fixed="""
system = System("Bank")
ledger = system.context("Ledger")
api = ledger.service("ledger-api")
projector = ledger.service("balance-projector")
events = ledger.datastore("ledger-events", tech.EventStoreDB("23"), role=Role.EVENT_STORE)
balances = ledger.datastore("balances", tech.PostgreSQL("16"), role=Role.READ_MODEL)
system.flow(api, events, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(events, projector, Mechanism.ASYNC_EVENT, consistency=eventual("2s"))
system.flow(projector, balances, Mechanism.QUERY, access=Access.WRITE)
system.pattern(EventSourcing("ledger", event_store=events, projections=[balances]))
""",
        suppress="""
system.pattern(EventSourcing("ledger", event_store=events,
                             suppress=[suppress("PAT003", "replayed on read: at most 20 events "
                                                          "per account")]))
""",
    ),
    "PAT004": Page(
        checks="""
- every `TransactionalOutbox`: its `table` must be one of the tables of its `datastore`.
""",
        example="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC, carries=["outbox"])
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
        fixed="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
Table("outbox", metadata,
      Column("id", BigInteger, primary_key=True),
      Column("aggregate_id", Integer, nullable=False),
      Column("event_type", String(100), nullable=False),
      Column("payload", Text, nullable=False),
      Column("created_at", DateTime, nullable=False))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC, carries=["outbox"])
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
        suppress="""
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay,
                                   suppress=[suppress("PAT004", "created by the Debezium "
                                                                "migration, not by our models")]))
""",
    ),
    "PAT005": Page(
        checks="""
- a `TransactionalOutbox` without `relay`;
- a relay flow that neither starts from the outbox's datastore (CDC) nor reads it (a poller).
""",
        example="""
metadata = MetaData()
Table("outbox", metadata, Column("id", BigInteger, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox"))
""",
        fixed="""
metadata = MetaData()
Table("outbox", metadata, Column("id", BigInteger, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC, carries=["outbox"], name="outbox relay")
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
        suppress="""
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox",
                                   suppress=[suppress("PAT005", "relay is being built (#123)")]))
""",
    ),
    "PAT006": Page(
        checks="""
- every `TransactionalOutbox` whose datastore's technology lacks multi-record ACID transactions
  (Cassandra, Redis, Elasticsearch, ...).
""",
        example="""
metadata = MetaData()
Table("outbox", metadata, Column("id", BigInteger, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.Cassandra("4.1"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC)
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
        fixed="""
metadata = MetaData()
Table("outbox", metadata, Column("id", BigInteger, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC)
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
        suppress="""
system.pattern(TransactionalOutbox(
    "order events", datastore=db, table="outbox", relay=relay,
    suppress=[suppress("PAT006", "event and change are one partition-key batch (LWT)")]))
""",
    ),
    "SCL001": Page(
        checks="""
- for every `Sharding` of a datastore, every sharded table (the listed `tables`, or all tables
  except the `reference_tables`) must have the shard `key` column;
- every name in `tables` and `reference_tables` must be a table of the datastore.
""",
        example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]

class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int]

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=16)]))
""",
        fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int]

class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int]
    customer_id: Mapped[int]  # copied from the order so the line lives on the order's shard

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=16)]))
""",
        suppress="""
class AuditEntry(Base):
    __tablename__ = "audit"
    __table_args__ = {"info": table_notes(suppress=[
        suppress("SCL001", "stays on the coordinator node, never queried per customer")])}
""",
    ),
    "SCL002": Page(
        checks="""
For datastores that declare sharding, every foreign key between two of their tables:

- a key to a reference table is fine (it is copied to every shard);
- a key between a sharded and an unsharded table, or between tables sharded on different
  keys, crosses shards;
- a key between tables sharded on the same key must include that key on both sides
  (`(customer_id, order_id) → (customer_id, id)`), or matching rows can be on different shards.
""",
        example="""
metadata = MetaData()
Table("orders", metadata,
      Column("customer_id", Integer, primary_key=True),
      Column("id", Integer, primary_key=True))
Table("order_lines", metadata,
      Column("customer_id", Integer, primary_key=True),
      Column("id", Integer, primary_key=True),
      Column("order_id", Integer),
      ForeignKeyConstraint(["order_id"], ["orders.id"]))

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=8)]))
""",
        fixed="""
metadata = MetaData()
Table("orders", metadata,
      Column("customer_id", Integer, primary_key=True),
      Column("id", Integer, primary_key=True))
Table("order_lines", metadata,
      Column("customer_id", Integer, primary_key=True),
      Column("id", Integer, primary_key=True),
      Column("order_id", Integer),
      ForeignKeyConstraint(["customer_id", "order_id"], ["orders.customer_id", "orders.id"]))

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=metadata,
    scaling=Scaling(sharding=[Sharding(key="customer_id", shards=8)]))
""",
        suppress="""
Column("order_id", Integer, info=column_notes(suppress=[
    suppress("SCL002", "checked by the application; joins only in the nightly batch")]))
""",
    ),
    "SCL003": Page(
        checks="""
For every datastore that declares no sharding, using the declared volumes (`Volume` in
`volumes=` or in `table_notes`):

- **storage**: each table's size one year from now, `rows` today plus 365 days of
  `rows_per_day` (grown by half of `growth_per_year`), times `row_bytes`, or a row size
  estimated from the column types and indexes for the technology's storage engine (the same
  estimate as the scalability pages; see the scalability guide). Replicas are not counted.
  Partitioned tables are left out.
  When the datastore expires data (`retention="7 days"`, a cache, a TTL requirement) the size is
  what it keeps, not a year of growth. A table above the technology's storage budget is
  reported on its own; otherwise the datastore is reported when the tables together exceed it;
- **writes**: the sum of the tables' `peak_writes_per_second` (or `rows_per_day` / 86,400 as
  an average), or the `per_second` of the flows that write it, against the budget's
  `writes_per_second`. Partitioning does not spread writes, so only sharding counts.

The budgets come from the technology catalogue (PostgreSQL: 2 TB, 5,000 writes/s) and can be
overridden per datastore with `budget=Budget(...)`.
""",
        example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=25_000_000,
                                                        row_bytes=1000))}
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    created_at: Mapped[datetime]

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
        fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=25_000_000,
                                                        row_bytes=1000))}
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    created_at: Mapped[datetime]

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(partitioning=[Partitioning(table="orders", key="created_at",
                                               interval="1 month", retention="3 months")]))
""",
        suppress="""
sales.datastore("orders-db", tech.PostgreSQL("16"), schema=Base,
                suppress=[suppress("SCL003", "archived to S3 monthly by the retention job")])
""",
    ),
    "TEC001": Page(
        checks="""
Each declared requirement against the technology's capabilities:

| requirement | needs capability |
|---|---|
| `acid` | `acid-transactions` |
| `joins` | `joins` |
| `full-text` | `full-text-search` |
| `ttl` | `ttl` (on relational stores: reported by [TEC002](TEC002.md) instead) |
| `flexible-schema` | `flexible-schema` |
| `high-write-throughput` | `high-write-throughput` |
| `time-series-retention` | `retention-downsampling` |
| `append-only` | `append-only-log` (on event stores: reported by [PAT002](PAT002.md) instead) |
| `durability` | `durable-by-default` |

`strong-consistency` depends on flows and replicas, not on the technology: see
[TEC006](TEC006.md).
""",
        example="""
system = System("Shop")
system.context("Sales").datastore("orders", tech.Cassandra("4.1"),
                                  requirements=[Requirement.ACID])
""",
        fixed="""
system = System("Shop")
system.context("Sales").datastore("orders", tech.PostgreSQL("16"),
                                  requirements=[Requirement.ACID])
""",
        suppress="""
sales.datastore("orders", tech.Cassandra("4.1"), requirements=[Requirement.ACID],
                suppress=[suppress("TEC001", "single-partition batches only; each order is one "
                                             "partition")])
""",
    ),
    "TEC002": Page(
        checks="""
Relational datastores (PostgreSQL, MySQL, ...) that are used as a cache or for expiring data:

- `role=Role.CACHE`;
- `Requirement.TTL` among the requirements;
- filled by a `Mechanism.CACHE_FILL` flow.
""",
        example="""
system = System("Shop")
sales = system.context("Sales")
sales.datastore("sessions", tech.MySQL("8.0"), role=Role.CACHE,
                requirements=[Requirement.TTL])
""",
        fixed="""
system = System("Shop")
sales = system.context("Sales")
sales.datastore("sessions", tech.Redis("7.2"), role=Role.CACHE,
                requirements=[Requirement.TTL])
""",
        suppress="""
sales.datastore("sessions", tech.MySQL("8.0"), role=Role.CACHE,
                suppress=[suppress("TEC002", "200 sessions a day; not worth another store")])
""",
    ),
    "TEC003": Page(
        checks="""
Tables of relational datastores (not TimescaleDB, which is a time-series store) with

- a declared `rows_per_day` of at least 1,000,000;
- a date or timestamp column;
- no `Partitioning` declared for the table.

Outbox tables declared by `TransactionalOutbox` are left out: their rows are deleted once
relayed.
""",
        example="""
class Base(DeclarativeBase):
    pass

class Reading(Base):
    __tablename__ = "readings"
    __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=5_000_000))}
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sensor_id: Mapped[int]
    measured_at: Mapped[datetime]

system = System("Plant")
system.context("Telemetry").datastore("telemetry-db", tech.PostgreSQL("16"), schema=Base)
""",
        fixed="""
class Base(DeclarativeBase):
    pass

class Reading(Base):
    __tablename__ = "readings"
    __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=5_000_000))}
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sensor_id: Mapped[int]
    measured_at: Mapped[datetime]

system = System("Plant")
system.context("Telemetry").datastore("telemetry-db", tech.TimescaleDB("2.14"), schema=Base)
""",
        suppress="""
__table_args__ = {"info": table_notes(
    volume=Volume(rows_per_day=5_000_000),
    suppress=[suppress("TEC003", "rows are deleted after 2 hours by the consumer")])}
""",
    ),
    "TEC004": Page(
        checks="""
- datastores with `role=Role.SYSTEM_OF_RECORD` on a technology that is not durable by default
  (Redis, Memcached);
- for Redis, declaring append-only-file persistence as `backup=Backup(..., point_in_time=True)`
  satisfies the rule; Memcached cannot persist at all.
""",
        example="""
system = System("Shop")
system.context("Sales").datastore("carts", tech.Redis("7.2"))
""",
        fixed="""
system = System("Shop")
system.context("Sales").datastore(
    "carts", tech.Redis("7.2"),
    backup=Backup(schedule="AOF appendfsync everysec + hourly RDB", retention="7 days",
                  point_in_time=True))
""",
        suppress="""
sales.datastore("carts", tech.Redis("7.2"),
                suppress=[suppress("TEC004", "carts are disposable; users re-add items")])
""",
    ),
    "TEC005": Page(
        checks="""
- datastores whose technology is a search engine (Elasticsearch, OpenSearch) with
  `role=Role.SYSTEM_OF_RECORD`.
""",
        example="""
system = System("Shop")
system.context("Catalog").datastore("products", tech.OpenSearch("2.13"))
""",
        fixed="""
system = System("Shop")
catalog = system.context("Catalog")
db = catalog.datastore("products", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.OpenSearch("2.13"), role=Role.SEARCH_INDEX)
system.flow(db, index, Mechanism.CDC, consistency=eventual("5s"))
""",
        suppress="""
catalog.datastore("logs", tech.OpenSearch("2.13"),
                  suppress=[suppress("TEC005", "application logs; losing a shard is acceptable")])
""",
    ),
    "TEC007": Page(
        checks="""
Decided datastores whose technology meets every declared requirement, when `archdocs advise`
scores another option at least 6 points higher for the same requirements, access patterns,
projections and constraints (a store already run, a managed service, the general-purpose
default of the role). Requirements a technology cannot meet at all are [TEC001](TEC001.md)'s.
The message names the better option; the [advice](../guide/advice.md) explains both scores
line by line.
""",
        example="""
system = System("Shop")
system.context("Sales").datastore("orders", tech.Cassandra("4.1"),
                                  requirements=[Requirement.DURABILITY])
""",
        fixed="""
system = System("Shop")
system.context("Sales").datastore("orders", tech.PostgreSQL("16"),
                                  requirements=[Requirement.DURABILITY])
""",
        suppress="""
sales.datastore("orders", tech.Cassandra("4.1"), requirements=[Requirement.DURABILITY],
                suppress=[suppress("TEC007", "multi-region writes planned for next year")])
""",
    ),
    "TEC006": Page(
        checks="""
Flows declared with `consistency=strong()` whose mechanism cannot provide it:

- asynchronous mechanisms: `async-event`, `cdc`, `batch`;
- any flow through a broker (`via=`);
- `replication` from a datastore whose replication mode is asynchronous;
- a datastore that requires `strong-consistency` but lets reads go to asynchronous (or
  semi-synchronous) replicas (`Replication(readable=True)`, the default). This one is
  information only: tolerant reads may be sent to replicas on purpose while the reads that
  need the latest write go to the primary; suppress it with the reason saying which is which.
""",
        example="""
system = System("Shop")
catalog = system.context("Catalog")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
system.flow(db, index, Mechanism.CDC, consistency=strong())
""",
        fixed="""
system = System("Shop")
catalog = system.context("Catalog")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
system.flow(db, index, Mechanism.CDC, consistency=eventual("5s"))
""",
        suppress="""
system.flow(db, index, Mechanism.CDC, consistency=strong(),
            suppress=[suppress("TEC006", "readers wait for the LSN (read-your-writes token)")])
""",
    ),
    "SCH001": Page(
        checks="""
- every table of a SQL datastore (relational, or TimescaleDB) without a primary key.
""",
        example="""
metadata = MetaData()
Table("audit_log", metadata, Column("entry", Text), comment="What happened.")

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
        fixed="""
metadata = MetaData()
Table("audit_log", metadata,
      Column("id", BigInteger, primary_key=True),
      Column("entry", Text), comment="What happened.")

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
        suppress="""
Table("audit_log", metadata, Column("entry", Text),
      info=table_notes(suppress=[suppress("SCH001", "vendor schema; we cannot add keys")]))
""",
    ),
    "SCH002": Page(
        checks="""
- every foreign key of a SQL datastore's table: some index (or the primary key, or a unique
  constraint) must start with the key's columns;
- MySQL and MariaDB are skipped: InnoDB creates the index itself.
""",
        example="""
class Base(DeclarativeBase):
    pass

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
        fixed="""
class Base(DeclarativeBase):
    pass

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
        suppress="""
currency: Mapped[str] = mapped_column(
    ForeignKey("currencies.code"),
    info=column_notes(suppress=[suppress("SCH002", "currencies never change or get deleted")]))
""",
    ),
    "SCH003": Page(
        checks="""
- tables of relational datastores that are systems of record (or archives) with at least two
  tables, where no foreign key points from or to the table;
- read models, caches and analytics stores are skipped (denormalised on purpose), and so are
  outbox tables declared by `TransactionalOutbox` and inbox (idempotency) tables declared by
  `Inbox`.
""",
        example="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
Table("order_notes", metadata, Column("id", Integer, primary_key=True),
      Column("order_id", Integer))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
        fixed="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
Table("order_notes", metadata, Column("id", Integer, primary_key=True),
      Column("order_id", Integer, ForeignKey("orders.id"), index=True))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
        suppress="""
Table("settings", metadata, Column("key", String(50), primary_key=True),
      info=table_notes(suppress=[suppress("SCH003", "key-value settings, standalone")]))
""",
    ),
    "SCH004": Page(
        checks="""
- every table (of any technology: document shapes and key layouts too) whose comment is empty.
""",
        example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
        fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"comment": "One checkout of a cart by a buyer."}
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
        suppress="""
sales.datastore("legacy-db", tech.MySQL("5.7"), schema=LegacyBase,
                suppress=[suppress("SCH004", "vendor schema, documented by the vendor")])
""",
    ),
    "SCH005": Page(
        checks="""
- every table with columns whose comment is empty; a primary key column named `id` is exempt.
  One finding per table lists the columns (target: the table, or the column when only one is
  missing).
""",
        example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"comment": "One checkout."}
    id: Mapped[int] = mapped_column(primary_key=True)
    total_cents: Mapped[int]

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
        fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"comment": "One checkout."}
    id: Mapped[int] = mapped_column(primary_key=True)
    total_cents: Mapped[int] = mapped_column(comment="Total in cents, including VAT.")

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
        suppress="""
__table_args__ = {"comment": "Raw import.",
                  "info": table_notes(suppress=[suppress("SCH005", "mirrors the CSV header")])}
""",
    ),
    "INT007": Page(
        checks="""
- every flow whose source and target resolve to the same element (by object or by name).
""",
        example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
replica = sales.datastore("orders-replica", tech.PostgreSQL("16"), role=Role.READ_MODEL)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(orders_db, orders_db, Mechanism.REPLICATION)
""",
        fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
replica = sales.datastore("orders-replica", tech.PostgreSQL("16"), role=Role.READ_MODEL)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(orders_db, replica, Mechanism.REPLICATION)
""",
        suppress="""
# A flow to itself cannot be right: point it at the other end, or delete it.
""",
    ),
    "INT008": Page(
        checks="""
- for every table a flow `carries` (mapped class, `Table` or name): when neither end of the
  flow is a datastore holding it,
  - it is reported if no datastore of the system holds a table of that name;
  - it is reported if both ends are datastores that declare tables (replication, CDC, ETL
    between stores) and neither holds it.

A flow between services, or from a service into a cache or a store without declared tables,
may carry a table held elsewhere: that is how copies and read models are fed.
""",
        example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE, carries=["order"])
""",
        fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE, carries=[Order])
""",
        suppress="""
system.flow(api, orders_db, Mechanism.QUERY, carries=["order"],
            suppress=[suppress("INT008", "orders is modelled in the legacy system")])
""",
    ),
    "INT009": Page(
        checks="""
- for every table a flow's `derives=` builds: it must be a table or structure of the flow's
  target datastore, and every table it is built from must be one the flow `carries`;
- with a column map (`{"fact_sales": {"amount": "orders.price * orders.qty"}}`): every
  column named must be a column of the target table, and every `table.column` an expression
  names must be a column of that table in the flow's source datastore. Quoted literals and
  function names in the expression are not read as columns.
""",
        example="""
class OrdersBase(DeclarativeBase):
    pass

class Order(OrdersBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[int] = mapped_column()

class MartBase(DeclarativeBase):
    pass

class FactSales(MartBase):
    __tablename__ = "fact_sales"
    order_id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[int] = mapped_column()

system = System("Shop")
sales = system.context("Sales")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=OrdersBase)
mart = sales.datastore("mart", tech.PostgreSQL("16"), schema=MartBase, role=Role.ANALYTICS)
system.flow(orders_db, mart, Mechanism.BATCH, carries=[Order],
            derives={"fact_sales": {"order_id": "orders.id", "amount": "orders.prize"}})
""",
        fixed="""
class OrdersBase(DeclarativeBase):
    pass

class Order(OrdersBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    price: Mapped[int] = mapped_column()

class MartBase(DeclarativeBase):
    pass

class FactSales(MartBase):
    __tablename__ = "fact_sales"
    order_id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[int] = mapped_column()

system = System("Shop")
sales = system.context("Sales")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=OrdersBase)
mart = sales.datastore("mart", tech.PostgreSQL("16"), schema=MartBase, role=Role.ANALYTICS)
system.flow(orders_db, mart, Mechanism.BATCH, carries=[Order],
            derives={"fact_sales": {"order_id": "orders.id", "amount": "orders.price"}})
""",
        suppress="""
# A lineage naming what is not there is wrong: correct derives= rather than suppress it.
""",
    ),
    "SCL004": Page(
        checks="""
- for every `Partitioning` of a datastore, `table` must be a table of the datastore (by name
  or schema-qualified name);
- every plain column named in its `key` (`"created_at"`, `"tenant_id, created_at"`) must be a
  column of that table. An expression key (`date_trunc('day', created_at)`) is not checked.
""",
        example="""
class Base(DeclarativeBase):
    pass

class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]

system = System("Shop")
system.context("Tracking").datastore(
    "events-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(partitioning=[Partitioning("events", key="occurred_at",
                                               interval="1 month")]))
""",
        fixed="""
class Base(DeclarativeBase):
    pass

class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]

system = System("Shop")
system.context("Tracking").datastore(
    "events-db", tech.PostgreSQL("16"), schema=Base,
    scaling=Scaling(partitioning=[Partitioning("events", key="created_at",
                                               interval="1 month")]))
""",
        suppress="""
system.context("Tracking").datastore(
    "events-db", tech.PostgreSQL("16"), schema=Base, scaling=...,
    suppress=[suppress("SCL004", "the key column is added by the next migration",
                       target="events")])
""",
    ),
    "SCL005": Page(
        checks="""
- every declared `Volume` (in `volumes=` or in the table notes): `rows`, `row_bytes` and
  `peak_writes_per_second` must not be negative, `row_bytes` not 0, `growth_per_year` not
  below -1 (-100 % a year);
- a negative `rows_per_day` (a net decline) must not leave fewer than zero rows after a year.
""",
        example="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    volumes={"orders": Volume(rows=-2_000_000, rows_per_day=5_000)})
""",
        fixed="""
class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)

system = System("Shop")
system.context("Sales").datastore(
    "orders-db", tech.PostgreSQL("16"), schema=Base,
    volumes={"orders": Volume(rows=2_000_000, rows_per_day=5_000)})
""",
        suppress="""
# An impossible volume cannot be a trade-off: correct the numbers.
""",
    ),
}


def _extra_pages() -> None:
    """Add the pages and families of ``tools/rule_pages_*.py`` (one module per rule family
    group, so engineers adding rules do not edit one dictionary)."""
    import importlib.util

    for extra in sorted(Path(__file__).resolve().parent.glob("rule_pages_*.py")):
        spec = importlib.util.spec_from_file_location(extra.stem, extra)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        FAMILIES.update(module.FAMILIES)
        PAGES.update({rule_id: Page(**fields) for rule_id, fields in module.PAGES.items()})


_extra_pages()


def run_example(source: str, rule_id: str) -> list[str]:
    """The text lines ``archdocs check`` prints for ``rule_id`` on the example model."""
    with tempfile.TemporaryDirectory(prefix="archdocs-rule-") as tmp:
        models = Path(tmp) / "models"
        models.mkdir()
        (models / "shop.py").write_text(PRELUDE + textwrap.dedent(source).lstrip(),
                                        encoding="utf-8")
        report = review(load_models(models), only=[rule_id])
    lines = []
    for finding in report.findings:
        # Show the line as counted in the example itself, without the hidden imports.
        offset = PRELUDE.count("\n")
        line = finding.line - offset
        where = f" ({finding.target})" if finding.target else ""
        message = re.sub(r"models/shop\.py:(\d+)",
                         lambda m, shift=offset: f"models/shop.py:{int(m.group(1)) - shift}",
                         finding.message)
        lines.append(f"models/shop.py:{line}: {finding.severity.value} {finding.rule} "
                     f"{finding.element}{where}: {message}")
    return lines


def render_page(rule: Rule, page: Page) -> str:
    output = run_example(page.example, rule.id)
    if not output:
        raise SystemExit(f"the example of {rule.id} does not trigger it")
    if run_example(page.fixed, rule.id):
        raise SystemExit(f"the fixed example of {rule.id} still triggers it")
    family = FAMILIES.get(rule.family, rule.family)
    parts = [
        f"# {rule.id} · {rule.name}\n",
        f"**Severity:** {rule.severity.value} · **Family:** {family}\n",
        "## Why\n", rule.why + "\n",
        "## What it checks\n", page.checks.strip() + "\n",
        "## Example\n",
        "Imports are left out of the examples: `from archdocs import *`, `from archdocs import "
        "tech` and the SQLAlchemy names used.\n",
        "```python\n" + textwrap.dedent(page.example).strip() + "\n```\n",
        "`archdocs check` reports:\n",
        "```text\n" + "\n".join(output) + "\n```\n",
        "## Fix\n", rule.fix + "\n",
        "```python\n" + textwrap.dedent(page.fixed).strip() + "\n```\n",
        "## Suppress\n",
        "If the finding is a deliberate trade-off, suppress it where the element (or table, or "
        "column) is declared, with the reason; `archdocs check` lists every suppression it "
        "applied with its reason, and reports a suppression without a reason as "
        "[SUP001](SUP001.md).\n",
        "```python\n" + textwrap.dedent(page.suppress).strip() + "\n```\n",
    ]
    return "\n".join(parts)


def render_index(rules: dict[str, Rule]) -> str:
    lines = [
        "# Review rules\n",
        "`archdocs check` runs these rules over the model. Every finding names the rule id, the "
        "element and the file:line where it was declared. Suppress a finding in the model, "
        "with its reason: `suppress(\"RULE\", \"why this is acceptable here\")`. The output "
        "formats are described in [the check format reference](../reference/check-format.md).\n",
    ]
    by_family: dict[str, list[Rule]] = {}
    for rule in rules.values():
        by_family.setdefault(FAMILIES.get(rule.family, rule.family), []).append(rule)
    for family in sorted(by_family, key=lambda f: (list(FAMILIES.values()) + [f]).index(f)):
        lines.append(f"## {family}\n")
        lines.append("| Rule | Name | Severity | What it flags |")
        lines.append("|---|---|---|---|")
        for rule in by_family[family]:
            summary = (rule.check.__module__ and sys.modules[rule.check.__module__].__doc__
                       or "").strip().split("\n")[0]
            summary = summary.split(":", 1)[1].strip() if ":" in summary else summary
            summary = summary[:1].upper() + summary[1:]
            # A rule whose page is not written yet is listed without a link, so the site still
            # builds in strict mode; the tests fail until the page exists.
            link = f"[{rule.id}]({rule.id}.md)" if (DOCS / f"{rule.id}.md").exists() else rule.id
            cell = summary.replace("|", "\\|")
            lines.append(f"| {link} | {rule.name} | {rule.severity.value} | {cell} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    rules = all_rules()
    for rule_id, page in PAGES.items():
        text = render_page(rules[rule_id], page)
        (DOCS / f"{rule_id}.md").write_text(text, encoding="utf-8")
    (DOCS / "index.md").write_text(render_index(rules), encoding="utf-8")
    missing = sorted(r for r in rules if not (DOCS / f"{r}.md").exists())
    if missing:
        print("rules without a reference page:", ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
