"""Small models for the render tests: a plain shop, and one whose names are hostile."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import Access, Mechanism, System, eventual, strong, tech

HOSTILE_NAMES = (
    "<script>alert(1)</script>",
    'say "hi"',
    "back\\slash\\",
    "{brace|pipe}",
    "`tick`",
    "Zürich ☃ 注文",
    "../../etc/passwd",
    "a & b &amp; c",
    "line\nbreak",
)


class ShopBase(DeclarativeBase):
    pass


class Customer(ShopBase):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)


class Order(ShopBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    note: Mapped[str | None] = mapped_column(Text)


class OrderLine(ShopBase):
    __tablename__ = "order_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    sku: Mapped[str] = mapped_column(String(40))


def shop() -> System:
    """Three contexts, a broker, a cache, an external and an actor, and the usual flows."""
    system = System("Shop")
    orders = system.context("Orders", team="Checkout")
    api = orders.service("order-api", technology="Python / FastAPI")
    orders_db = orders.datastore("orders-db", tech.PostgreSQL("16"), schema=ShopBase)
    cache = orders.datastore("order-cache", tech.Redis("7"))
    messaging = system.context("Messaging")
    bus = messaging.datastore("events", tech.Kafka("3.7"))
    search = system.context("Search")
    indexer = search.service("indexer", technology="Java")
    index = search.datastore("catalogue-index", tech.Elasticsearch("8"))
    customer = system.actor("Customer")
    payments = system.external("Payment provider")
    system.flow(customer, api, Mechanism.SYNC_REQUEST)
    system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE,
                carries=[Order, OrderLine], consistency=strong())
    system.flow(api, cache, Mechanism.CACHE_FILL, access=Access.READ_WRITE)
    system.flow(api, indexer, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
                consistency=eventual("5s"))
    system.flow(indexer, index, Mechanism.QUERY, access=Access.WRITE)
    system.flow(api, payments, Mechanism.SYNC_REQUEST)
    return system


def hostile() -> System:
    """Every element, table and column named with text that breaks naive escaping."""
    system = System("Hostile")
    metadata = MetaData()
    parent = Table(
        HOSTILE_NAMES[0], metadata,
        Column("id", Integer, primary_key=True),
        *(Column(name, String(10)) for name in HOSTILE_NAMES[1:5]),
    )
    Table(
        HOSTILE_NAMES[3], metadata,
        Column("id", Integer, primary_key=True),
        Column('parent "id"', Integer, ForeignKey(parent.c.id)),
        Column("plain_parent_id", Integer, ForeignKey(parent.c.id)),
    )
    previous = None
    for index, name in enumerate(HOSTILE_NAMES):
        context = system.context(f"{name} ctx")
        service = context.service(name, technology=name)
        store = context.datastore(
            f"{name} store", tech.PostgreSQL("16"), schema=metadata if index == 0 else None
        )
        system.flow(service, store, Mechanism.QUERY, access=Access.READ_WRITE,
                    events=[name], name=f"{name} flow {index}")
        if previous is not None:
            system.flow(previous, service, Mechanism.ASYNC_EVENT, events=[name, name[::-1]],
                        name=f"{name} event {index}")
        previous = service
    system.external(HOSTILE_NAMES[0])
    system.actor(HOSTILE_NAMES[1])
    return system


def svg_texts(svg: str) -> list[str]:
    """The text a reader sees in an SVG (Graphviz writes "-" as "&#45;", so parse it)."""
    root = ET.fromstring(svg)
    return [text.text or "" for text in root.iter("{http://www.w3.org/2000/svg}text")]


def synthetic_schema(core_tables: int = 150, audit_tables: int = 40, misc_tables: int = 30,
                     extra_misc: int = 0, reverse: bool = False) -> MetaData:
    """A schema too big for one diagram, without randomness.

    ``core`` is one connected group (a tree plus links to a hub table ``t000``), ``audit`` references ``core``
    across schemas, ``misc`` has no foreign keys at all. ``reverse`` declares everything in
    the opposite order, which must not change any diagram.
    """
    metadata = MetaData()
    specs: list[tuple[str, str, list[str]]] = []
    for i in range(core_tables):
        refs = []
        if i:
            refs.append(f"core.t{(i - 1) // 3:03d}.id")
        if i > 10 and i % 5 == 0:
            refs.append(f"core.t{(i * 7) % i:03d}.id")
        specs.append(("core", f"t{i:03d}", refs))
    for i in range(audit_tables):
        specs.append(("audit", f"log{i:03d}", [f"core.t{(i * 11) % core_tables:03d}.id"]))
    for i in range(misc_tables + extra_misc):
        specs.append(("misc", f"m{i:03d}", []))
    if reverse:
        specs.reverse()
    for schema, name, refs in specs:
        columns = [Column("id", Integer, primary_key=True), Column("label", String(50))]
        for n, ref in enumerate(refs):
            column_name = f"{ref.split('.')[1]}_id" if n == 0 else f"also_{ref.split('.')[1]}_id"
            columns.append(Column(column_name, Integer, ForeignKey(ref), nullable=n > 0))
        Table(name, metadata, *columns, schema=schema)
    return metadata


def store_with(metadata: MetaData, name: str = "big-db") -> tuple[System, object]:
    system = System("Big")
    datastore = system.context("Everything").datastore(name, tech.PostgreSQL("16"),
                                                       schema=metadata)
    return system, datastore


def busy_landscape(contexts: int = 10, per_context: int = 5, flows: int = 150) -> System:
    """100 services and datastores in 10 contexts with 150 flows (the benchmark's size)."""
    system = System("Busy")
    services, stores = [], []
    technologies = [tech.PostgreSQL("16"), tech.Redis("7"), tech.Kafka("3"),
                    tech.Elasticsearch("8"), tech.MongoDB("7")]
    for c in range(contexts):
        context = system.context(f"context {c:02d}")
        for n in range(per_context):
            services.append(context.service(f"svc-{c:02d}-{n}", technology="Python"))
            stores.append(context.datastore(f"db-{c:02d}-{n}", technologies[n]))
    for f in range(flows):
        source = services[f % len(services)]
        if f % 3 == 0:
            system.flow(source, services[(f * 7 + 3) % len(services)], Mechanism.SYNC_REQUEST,
                        name=f"call {f}")
        else:
            system.flow(source, stores[(f * 11) % len(stores)], Mechanism.QUERY,
                        access=Access.READ_WRITE, name=f"query {f}", events=[f"Event{f}"])
    return system
