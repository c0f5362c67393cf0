"""Reference pages of the governance (GOV), resilience (RES), security (SEC) and engine (ENG)
rules, merged into ``tools/rule_pages.py``'s PAGES: the same fields as its ``Page``."""

FAMILIES = {"governance": "Data governance", "resilience": "Resilience",
            "security": "Access control", "engine": "Engine limits",
            "reliability": "Messaging reliability"}

_SERVERS = '''
system = System("Shop")
sql = Server("sql-data", region="eu-west"{ha})
for name in ("Catalog", "Ordering"):
    context = system.context(name)
    api = context.service(f"{{name.lower()}}-api")
    db = context.datastore(f"{{name.lower()}}-db", tech.SQLServer("2022"), server={server},
                           backup=Backup(schedule="daily", retention="7 days"),
                           logins=[login({login}, [Privilege.{privilege}], used_by=[api])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
'''


def _servers(ha: str = "", server: str = "sql", login: str = '"sa"',
             privilege: str = "ADMIN") -> str:
    return _SERVERS.format(ha=ha, server=server, login=login, privilege=privilege)


_CARD = '''
class Base(DeclarativeBase):
    pass


class PaymentMethod(Base):
    __tablename__ = "payment_methods"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str] = mapped_column(String(19), info=classify(
        Classification.PAYMENT_CARD, protection=[Protection.{protection}]))
{cvv}

system = System("Shop")
payments = system.context("Payments")
api = payments.service("payment-api")
db = payments.datastore("payments-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
'''
_CVV = '''    security_code: Mapped[str] = mapped_column(String(4), info=classify(
        Classification.CARD_SECURITY_CODE))'''

_COPY = '''
class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), info=classify(
        Classification.PERSONAL, protection=[Protection.ENCRYPTED_AT_REST], erasure="30d",
        regions=["eu"]))


system = System("Shop")
crm = system.context("Customers")
api = crm.service("customer-api")
db = crm.datastore("customers-db", tech.PostgreSQL("16"), schema=Base, region="eu")
search = crm.datastore("customer-search", tech.OpenSearch("2"), role=Role.SEARCH_INDEX,
                       region="{region}"{declared})
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(db, search, Mechanism.CDC, carries=[Customer])
'''

_INDEXED = '''
from sqlalchemy import Unicode


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column({kind}, index=True)


system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
db = catalog.datastore("catalog-db", tech.SQLServer("2022"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
'''

_BUS = '''
system = System("Shop")
bus = system.context("Platform").datastore("eventbus", tech.RabbitMQ("3"), role=Role.BROKER)
basket = system.context("Basket").service("basket-api")
ordering = system.context("Ordering").service("ordering-api")
system.flow(basket, ordering, Mechanism.ASYNC_EVENT, via=bus, events=["CheckoutAccepted"],
            delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, idempotency_key="checkout_id"),
            reliability=Reliability({reliability}))
'''

_STOCK = '''
from sqlalchemy import CheckConstraint


class Base(DeclarativeBase):
    pass


class Stock(Base):
    __tablename__ = "stock"
    __table_args__ = (CheckConstraint("quantity >= 0", name="quantity_not_negative"),)
    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    quantity: Mapped[int]


system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"), schema=Base, access_patterns=[
    AccessPattern("decrement stock", table="stock", operation=Operation.WRITE, equals=["sku"],
                  invariant="quantity never below zero"{concurrency})])
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
'''

_UUID_KEY = '''
import uuid

from sqlalchemy import PrimaryKeyConstraint, Uuid


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    {table_args}
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


system = System("Shop")
ordering = system.context("Ordering")
api = ordering.service("order-api")
db = ordering.datastore("orders-db", tech.SQLServer("2022"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
'''

PAGES = {
    "GOV001": dict(
        checks="""
- every column, table or datastore classified `Classification.CARD_SECURITY_CODE`, in any
  datastore whatever its role (a broker, a cache or a log store keeps it too);
- every flow that declares it carries a card security code (`classification=[...]` on the
  flow, for example an event field) and writes into a datastore, or passes through a broker.
""",
        example=_CARD.format(protection="TOKENISED", cvv=_CVV),
        fixed=_CARD.format(protection="TOKENISED", cvv=""),
        suppress='''security_code: Mapped[str] = mapped_column(String(4), info={
    **classify(Classification.CARD_SECURITY_CODE),
    **column_notes(suppress=[suppress("GOV001", "the reason", owner="Payments team",
                                      review_by="2027-01-31")])})''',
    ),
    "GOV002": dict(
        checks="""
- every column, table or datastore classified `Classification.PAYMENT_CARD` whose declared
  protection has none of `tokenised`, `column-encryption` or `hashed`
  (`encrypted-at-rest` and `masked-non-production` alone do not make it unreadable).
""",
        example=_CARD.format(protection="ENCRYPTED_AT_REST", cvv=""),
        fixed=_CARD.format(protection="TOKENISED", cvv=""),
        suppress='''info={**classify(Classification.PAYMENT_CARD),
      **column_notes(suppress=[suppress("GOV002", "the reason")])}''',
    ),
    "GOV003": dict(
        checks="""
The review follows every flow that puts data into a datastore: a flow out of a datastore
(CDC, replication, batch, cache fill), a flow that writes, and an event through a broker
(`via`). What it carries is the classification of its tables (`carries=[...]`, read where
they are declared) and what the flow itself declares (`classification=[...]`). For each kind
it reports the target datastore when:

- the target declares nothing of that kind (no classification, so no protection and no
  erasure path);
- the original is unreadable (tokenised, column-encrypted, hashed) and the copy is not;
- the original has an erasure deadline and the copy has none, unless its retention is shorter
  than that deadline (a cache whose entries expire in time).
""",
        example=_COPY.format(region="eu", declared=""),
        fixed=_COPY.format(region="eu", declared=''',
                       classification=[classified(Classification.PERSONAL,
                                                  protection=[Protection.ENCRYPTED_AT_REST],
                                                  erasure="1d")]'''),
        suppress='''system.flow(db, search, Mechanism.CDC, carries=[Customer],
            suppress=[suppress("GOV003", "the reason")])''',
    ),
    "GOV004": dict(
        checks="""
For each flow that copies classified data with an erasure deadline into a datastore that
declares that kind of data (see [GOV003](GOV003.md)): the copy's erasure deadline is longer
than the original's, or the copy declares no erasure and keeps the data (its `retention`, or
the datastore's) longer than the deadline. Periods are written `"30d"`, `"6 months"`,
`"7 years"`.
""",
        example=_COPY.format(region="eu", declared=''',
                       classification=[classified(Classification.PERSONAL,
                                                  protection=[Protection.ENCRYPTED_AT_REST],
                                                  retention="1 year")]'''),
        fixed=_COPY.format(region="eu", declared=''',
                       classification=[classified(Classification.PERSONAL,
                                                  protection=[Protection.ENCRYPTED_AT_REST],
                                                  retention="1 year", erasure="7d")]'''),
        suppress='''system.flow(db, search, Mechanism.CDC, carries=[Customer],
            suppress=[suppress("GOV004", "the reason")])''',
    ),
    "GOV005": dict(
        checks="""
- classified data with `regions=[...]` held in a datastore whose region (its `region=`, or
  its server's) is not one of them;
- a flow copying such data into a datastore in another region.
""",
        example=_COPY.format(region="us-east", declared=''',
                       classification=[classified(Classification.PERSONAL,
                                                  protection=[Protection.ENCRYPTED_AT_REST],
                                                  erasure="1d")]'''),
        fixed=_COPY.format(region="eu", declared=''',
                       classification=[classified(Classification.PERSONAL,
                                                  protection=[Protection.ENCRYPTED_AT_REST],
                                                  erasure="1d")]'''),
        suppress='''system.flow(db, search, Mechanism.CDC, carries=[Customer],
            suppress=[suppress("GOV005", "the reason")])''',
    ),
    "GOV006": dict(
        checks="""
- every column, table or datastore classified `Classification.CREDENTIALS` whose declared
  protection has none of `hashed`, `column-encryption` or `tokenised`.
""",
        example='''
class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    password: Mapped[str] = mapped_column(String(200), info=classify(Classification.CREDENTIALS))


system = System("Shop")
ids = system.context("Identity")
api = ids.service("account-api")
db = ids.datastore("accounts-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
''',
        fixed='''
class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200), info=classify(
        Classification.CREDENTIALS, protection=[Protection.HASHED]))


system = System("Shop")
ids = system.context("Identity")
api = ids.service("account-api")
db = ids.datastore("accounts-db", tech.PostgreSQL("16"), schema=Base)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
''',
        suppress='''token: Mapped[str] = mapped_column(String(43), info={
    **classify(Classification.CREDENTIALS, retention="30d"),
    **column_notes(suppress=[suppress("GOV006", "the reason", owner="Identity team",
                                      review_by="2027-03-31")])})''',
    ),
    "RES001": dict(
        checks="""
- a `Server` (declared with `server=` on datastores) that hosts datastores of two or more
  bounded contexts. The finding is on the first of them and points at the server's
  declaration; it says whether the server has failover.
""",
        example=_servers(ha=', replicas=1, high_availability="availability group"'),
        fixed=_servers(ha=', replicas=1, high_availability="availability group"',
                       server='Server(f"{name.lower()}-sql", replicas=1, '
                              'high_availability="availability group")'),
        suppress='''context.datastore(..., suppress=[suppress(
    "RES001", "one licensed server until the split in Q3", owner="Platform team",
    review_by="2027-09-30")])''',
    ),
    "RES002": dict(
        checks="""
- every system of record or event store, not embedded, with no failover: no
  `high_availability` on the datastore, no `high_availability` or `replicas` on its server,
  no `scaling=Scaling(replication=Replication(...))`. A store declaring
  `recovery=Recovery(rto=...)` of 4 hours or more accepts a restore and is left alone.
""",
        example=_servers(server='Server(f"{name.lower()}-sql")', login='f"{name.lower()}_app"',
                         privilege="WRITE"),
        fixed=_servers(server='Server(f"{name.lower()}-sql", replicas=1, '
                              'high_availability="availability group, automatic failover")',
                       login='f"{name.lower()}_app"', privilege="WRITE"),
        suppress='''context.datastore(..., suppress=[suppress(
    "RES002", "the business accepts a day of downtime", owner="CTO", review_by="2027-01-01")])''',
    ),
    "RES003": dict(
        checks="""
For a datastore declaring `recovery=Recovery(rpo=..., rto=...)`:

- the RPO is shorter than what its protection can lose: synchronous replication loses
  nothing, point-in-time recovery (`Backup(point_in_time=True)`) about 5 minutes, scheduled
  backups their interval (`hourly`, `daily`, `weekly`, or a period); no backup and no
  replication cannot meet any RPO;
- the RTO is under an hour and the datastore has no failover.
""",
        example='''
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), high_availability="Patroni",
                     recovery=Recovery(rpo="15m", rto="5m"),
                     backup=Backup(schedule="daily", retention="30 days"))
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
''',
        fixed='''
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), high_availability="Patroni",
                     recovery=Recovery(rpo="15m", rto="5m"),
                     backup=Backup(schedule="daily", retention="30 days", point_in_time=True))
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
''',
        suppress='''sales.datastore(..., suppress=[suppress("RES003", "the reason")])''',
    ),
    "SEC001": dict(
        checks="""
- every login declared on a datastore (`logins=[login(...)]`) with `Privilege.ADMIN` that a
  service uses (`used_by=`).
""",
        example=_servers(server='Server(f"{name.lower()}-sql", replicas=1)'),
        fixed=_servers(server='Server(f"{name.lower()}-sql", replicas=1)',
                       login='f"{name.lower()}_app"', privilege="WRITE"),
        suppress='''context.datastore(..., suppress=[suppress("SEC001", "the reason")])''',
    ),
    "SEC002": dict(
        checks="""
- one login name used by two or more services: on one datastore, or on several datastores
  of one server (the same credential).
""",
        example=_servers(ha=", replicas=1", login='"app"', privilege="WRITE"),
        fixed=_servers(ha=", replicas=1", login='f"{name.lower()}_app"', privilege="WRITE"),
        suppress='''context.datastore(..., suppress=[suppress("SEC002", "the reason")])''',
    ),
    "SEC003": dict(
        checks="""
- a service whose login on a datastore grants write, DDL or admin, while every flow from
  that service to that datastore only reads. A service with no flow to the datastore is not
  judged here.
""",
        example='''
system = System("Shop")
sales = system.context("Sales")
reports = sales.service("report-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), high_availability="Patroni",
                     logins=[login("reports", [Privilege.READ, Privilege.WRITE],
                                   used_by=[reports])])
system.flow(reports, db, Mechanism.QUERY, access=Access.READ)
''',
        fixed='''
system = System("Shop")
sales = system.context("Sales")
reports = sales.service("report-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), high_availability="Patroni",
                     logins=[login("reports", [Privilege.READ], used_by=[reports])])
system.flow(reports, db, Mechanism.QUERY, access=Access.READ)
''',
        suppress='''sales.datastore(..., suppress=[suppress("SEC003", "the reason")])''',
    ),
    "SEC004": dict(
        checks="""
- a login on a datastore used by a service of another bounded context, unless the datastore
  is a broker or declared shared (`SharedDatabase`).
""",
        example='''
system = System("Shop")
sales = system.context("Sales")
billing = system.context("Billing")
orders_api = sales.service("order-api")
invoice_api = billing.service("invoice-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"),
                     logins=[login("orders_app", [Privilege.READ, Privilege.WRITE],
                                   used_by=[orders_api]),
                             login("billing_ro", [Privilege.READ], used_by=[invoice_api])])
system.flow(orders_api, db, Mechanism.QUERY, access=Access.READ_WRITE)
''',
        fixed='''
system = System("Shop")
sales = system.context("Sales")
billing = system.context("Billing")
orders_api = sales.service("order-api")
invoice_api = billing.service("invoice-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"),
                     logins=[login("orders_app", [Privilege.READ, Privilege.WRITE],
                                   used_by=[orders_api])])
system.flow(orders_api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(invoice_api, orders_api, Mechanism.SYNC_REQUEST, access=Access.READ)
''',
        suppress='''sales.datastore(..., suppress=[suppress("SEC004", "the reason")])''',
    ),
    "ENG001": dict(
        checks="""
- on SQL Server: a primary key, unique constraint or index whose key includes a column of an
  unbounded type (`String()`/`Unicode()`/`LargeBinary()` without a length, `Text`,
  `UnicodeText`: varchar(max), nvarchar(max), varbinary(max));
- on MySQL and MariaDB: the same with a TEXT or BLOB column, unless the index gives a prefix
  length (`Index(..., mysql_length=...)`).

PostgreSQL indexes `text`; entries over 2704 bytes fail at write time instead
(see [ENG002](ENG002.md)).
""",
        example=_INDEXED.format(kind="Unicode()"),
        fixed=_INDEXED.format(kind="Unicode(200)"),
        suppress='''mapped_column(Unicode(), index=True, info=column_notes(
    suppress=[suppress("ENG001", "the reason")]))''',
    ),
    "ENG002": dict(
        checks="""
The widest possible key of each primary key, unique constraint and index, from the declared
column types: integers and dates by their size, `String(n)` as `n` bytes on SQL Server
(varchar) and `Unicode(n)` as `2n` (nvarchar), any string as `4n` on MySQL/MariaDB (utf8mb4)
and PostgreSQL (UTF-8). Limits:

| Engine | Limit | Source |
|---|---|---|
| SQL Server | 900 bytes clustered (the primary key by default), 1700 nonclustered | [Maximum capacity specifications](https://learn.microsoft.com/en-us/sql/sql-server/maximum-capacity-specifications-for-sql-server) |
| MySQL / MariaDB (InnoDB, DYNAMIC) | 3072 bytes | [InnoDB limits](https://dev.mysql.com/doc/refman/8.4/en/innodb-limits.html), [MariaDB InnoDB limitations](https://mariadb.com/kb/en/innodb-limitations/) |
| PostgreSQL (B-tree) | 2704 bytes (a third of an 8 kB page) | [B-tree indexes](https://www.postgresql.org/docs/current/btree.html), `BTMaxItemSize` in `src/include/access/nbtree.h` |

Included (non-key) columns, declared with `mssql_include=[...]` or `postgresql_include=[...]`
on the `Index`:

| Engine | Included columns | Source |
|---|---|---|
| SQL Server | not counted: the 900/1700-byte limit is on key columns only | [Create indexes with included columns](https://learn.microsoft.com/en-us/sql/relational-databases/indexes/create-indexes-with-included-columns) ("nonkey columns … are not considered … when calculating … index key size") |
| PostgreSQL 11+ | counted: 2704 bytes is the limit of the whole index entry, and INCLUDEd values are stored in it | [CREATE INDEX, INCLUDE](https://www.postgresql.org/docs/current/sql-createindex.html) ("If an index tuple exceeds the maximum size allowed for the index type, data insertion will fail") |
| MySQL / MariaDB | none: no INCLUDE, a covering index carries the columns in its key | [Column indexes](https://dev.mysql.com/doc/refman/8.4/en/column-indexes.html) |

Unbounded columns are left to [ENG001](ENG001.md).
""",
        example=_INDEXED.format(kind="Unicode(1000)"),
        fixed=_INDEXED.format(kind="Unicode(400)"),
        suppress='''__table_args__ = {"info": table_notes(suppress=[suppress("ENG002", "the reason")])}''',
    ),
    "REL001": dict(
        checks="""
- an asynchronous flow whose `reliability=Reliability(ack=...)` is `AckMode.AUTO` or
  `AckMode.BEFORE_HANDLING`, unless its delivery contract is at-most-once (loss accepted).
  An error when its `Delivery` promises at-least-once or effectively-once, a warning
  otherwise.
""",
        example=_BUS.format(reliability="ack=AckMode.AUTO"),
        fixed=_BUS.format(reliability="ack=AckMode.AFTER_HANDLING, publisher_confirms=True"),
        suppress='''system.flow(..., suppress=[suppress("REL001", "the reason")])''',
    ),
    "REL002": dict(
        checks="""
- a flow through a broker (`via=`) that declares `publisher_confirms=False`;
- a flow through RabbitMQ that does not declare `publisher_confirms=True` (RabbitMQ confirms
  nothing by default). Kafka's default since 3.0 is `acks=all`, so a Kafka flow is reported
  only when it declares confirms off.

Flows whose delivery contract is at-most-once are left alone.
""",
        example=_BUS.format(reliability="ack=AckMode.AFTER_HANDLING"),
        fixed=_BUS.format(reliability="ack=AckMode.AFTER_HANDLING, publisher_confirms=True"),
        suppress='''system.flow(..., suppress=[suppress("REL002", "the reason")])''',
    ),
    "REL003": dict(
        checks="""
For every write access pattern (`operation=Operation.WRITE`) that declares an `invariant=`:

- no `concurrency=` declared;
- `optimistic("version")` whose column the written table lacks;
- `constraint("name")` whose check or unique constraint the table does not declare (the name
  as written, or as expanded by a naming convention: `ck_<table>_<name>`);
- `reservation("table")` whose table the datastore does not hold.

`conditional_update("…")`, pessimistic locks and SERIALIZABLE are taken as declared.
""",
        example=_STOCK.format(concurrency=""),
        fixed=_STOCK.format(concurrency=',\n                  concurrency=constraint("quantity_not_negative")'),
        suppress='''ctx.datastore(..., suppress=[suppress("REL003", "the reason", target="stock")])''',
    ),
    "ENG003": dict(
        checks="""
- on SQL Server (unless the primary key is declared `mssql_clustered=False`) and on
  MySQL/MariaDB (InnoDB always clusters on the primary key): a single-column primary key whose
  default is a random UUID: Python `uuid.uuid4`, or a server default calling `NEWID()`,
  `UUID()`, `gen_random_uuid()` or `uuid_generate_v4()`.

PostgreSQL keeps rows in a heap, so its UUID keys are not reported.
""",
        example=_UUID_KEY.format(table_args=""),
        fixed=_UUID_KEY.format(
            table_args='__table_args__ = (PrimaryKeyConstraint("id", mssql_clustered=False),)'),
        suppress='''__table_args__ = {"info": table_notes(suppress=[suppress("ENG003", "the reason")])}''',
    ),
}
