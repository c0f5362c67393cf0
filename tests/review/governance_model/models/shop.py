"""A shop as it is often really deployed: "database per service" on one self-hosted SQL Server
with no standby, every service logging in as sa, and the card security code kept with the
card. archdocs must report each of those."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import (
    Access,
    Backup,
    Classification,
    Hosting,
    Mechanism,
    Privilege,
    Protection,
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


SERVICES = {"Catalog": None, "Basket": None, "Ordering": OrderingBase, "Identity": None}
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
    )
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)

system.flow(apis["Basket"], apis["Ordering"], Mechanism.ASYNC_EVENT, via=bus,
            events=["UserCheckoutAccepted"],
            classification=[classified(Classification.CARD_SECURITY_CODE,
                                       fields=["cardSecurityNumber"])])
