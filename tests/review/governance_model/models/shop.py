"""A shop as it is often really deployed: "database per service" on one self-hosted SQL Server
with no standby, every service logging in as sa, the card security code kept with the card and
sent in a checkout event, consumers that acknowledge before handling on a RabbitMQ bus without
publisher confirms, a stock decrement with no concurrency control and an index on an
nvarchar(max) column. archdocs must report each of those."""

from sqlalchemy import String, Unicode
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import (
    Access,
    AccessPattern,
    AckMode,
    Backup,
    Classification,
    Hosting,
    Mechanism,
    Operation,
    Privilege,
    Protection,
    Reliability,
    Role,
    Server,
    System,
    classified,
    classify,
    login,
    tech,
)

system = System("eShop")
sql = Server("sql-data", hosting="self-hosted", region="eu-west")
bus = system.context("Platform").datastore("eventbus", tech.RabbitMQ("3"), role=Role.BROKER,
                                           hosting=Hosting.SELF_HOSTED)


class OrderingBase(DeclarativeBase):
    pass


class PaymentMethod(OrderingBase):
    __tablename__ = "paymentmethods"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str] = mapped_column(String(25), info=classify(
        Classification.PAYMENT_CARD, protection=[Protection.ENCRYPTED_AT_REST]))
    security_number: Mapped[str] = mapped_column(String(4), info=classify(
        Classification.CARD_SECURITY_CODE))
    card_holder_name: Mapped[str] = mapped_column(String(200), info=classify(
        Classification.PERSONAL))


class CatalogBase(DeclarativeBase):
    pass


class CatalogItem(CatalogBase):
    __tablename__ = "catalog"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Unicode(), index=True)
    available_stock: Mapped[int]


STOCK_DECREMENT = AccessPattern(
    "remove stock on order paid", table="catalog", operation=Operation.WRITE, equals=["id"],
    invariant="available_stock never below zero", issued_by="catalog-api")

SERVICES = {"Catalog": CatalogBase, "Basket": None, "Ordering": OrderingBase, "Identity": None}
apis = {}
for name, schema in SERVICES.items():
    context = system.context(name)
    api = context.service(f"{name.lower()}-api")
    apis[name] = api
    db = context.datastore(
        f"{name.lower()}-db", tech.SQLServer("2022"), schema=schema, server=sql,
        hosting=Hosting.SELF_HOSTED,
        backup=Backup(schedule="daily", retention="7 days"),
        logins=[login("sa", [Privilege.ADMIN], used_by=[api])],
        access_patterns=[STOCK_DECREMENT] if name == "Catalog" else [],
    )
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)

system.flow(apis["Basket"], apis["Ordering"], Mechanism.ASYNC_EVENT, via=bus,
            events=["UserCheckoutAccepted"],
            classification=[classified(Classification.CARD_SECURITY_CODE,
                                       fields=["cardSecurityNumber"])],
            reliability=Reliability(ack=AckMode.AUTO))

