"""The model vocabulary as a user writes it: declarations, references, ownership queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import (
    Access,
    Capability,
    Kind,
    Mechanism,
    Role,
    System,
    Volume,
    column_notes,
    eventual,
    strong,
    table_notes,
    tech,
)
from archdocs.load import load_models
from archdocs.model.flow import format_duration, parse_duration


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=5000))}
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_ref: Mapped[str] = mapped_column(String(40), info=column_notes(renamed_from="cust"))


def test_builders_record_where_each_element_was_declared():
    system = System("Shop")
    orders = system.context("Orders", team="Checkout")
    api = orders.service("order-api")
    line = api.declared_at.line
    assert api.declared_at.file == __file__
    assert orders.declared_at.line == line - 1
    assert api.context is orders and orders.services == [api]


def test_datastore_holds_a_declarative_base_metadata_or_tables():
    system = System("Shop")
    ctx = system.context("Orders")
    from_base = ctx.datastore("a", tech.PostgreSQL("16"), schema=Base)
    assert [t.name for t in from_base.tables] == ["orders"]
    assert from_base.volume_of(from_base.tables[0]) == Volume(rows_per_day=5000)
    assert from_base.mapped_classes() == {"orders": Order}

    metadata = MetaData()
    users = Table("users", metadata, Column("id", Integer, primary_key=True))
    Table("posts", metadata, Column("id", Integer, primary_key=True),
          Column("user_id", ForeignKey("users.id")))
    assert len(ctx.datastore("b", tech.MySQL("8.0"), schema=metadata).tables) == 2
    subset = ctx.datastore("c", tech.SQLite("3"), schema=[users])
    assert [t.name for t in subset.tables] == ["users"]
    with pytest.raises(TypeError, match="DeclarativeBase subclass"):
        ctx.datastore("d", tech.SQLite("3"), schema="users")


def test_flow_defaults_and_reference_resolution():
    system = System("Shop")
    ctx = system.context("Orders")
    api = ctx.service("order-api")
    db = ctx.datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
    query = system.flow(api, db, Mechanism.QUERY, carries=[Order])
    write = system.flow("order-api", "orders-db", Mechanism.SYNC_REQUEST, name="writes")
    dangling = system.flow(api, "nowhere", Mechanism.ASYNC_EVENT)
    assert query.name == "order-api → orders-db (query)"
    assert query.carries == ("orders",)
    assert query.effective_access is Access.READ
    assert write.effective_access is Access.WRITE
    assert system.resolve(write.target) is db
    assert system.resolve(dangling.target) is None
    assert [e for e, _ in system.writers(db)] == [api]
    assert [e for e, _ in system.readers(db)] == [api]
    # Undeclared consistency: what the mechanism gives. A query or a direct request reads what
    # the owner committed; anything delivered later (events, CDC, batches) lags.
    assert str(query.consistency) == str(write.consistency) == "strong"
    assert str(dangling.consistency) == "eventual"
    cdc = system.flow(db, api, Mechanism.CDC)
    relayed = system.flow(api, db, Mechanism.SYNC_REQUEST, via="broker", name="over a broker")
    declared = system.flow(api, db, Mechanism.QUERY, consistency=eventual("5s"), name="replica")
    assert [str(f.consistency) for f in (cdc, relayed, declared)] == [
        "eventual", "eventual", "eventual (≤ 5s)"]


def test_broker_is_written_by_publisher_and_read_by_consumer():
    system = System("Shop")
    ctx = system.context("Orders")
    producer, consumer = ctx.service("producer"), ctx.service("consumer")
    kafka = ctx.datastore("events", tech.Kafka("3.7"), role=Role.BROKER)
    system.flow(producer, consumer, Mechanism.ASYNC_EVENT, via=kafka, events=["OrderPlaced"])
    assert [e for e, _ in system.writers(kafka)] == [producer]
    assert [e for e, _ in system.readers(kafka)] == [consumer]


def test_catalogue_knows_kinds_capabilities_and_icons():
    assert tech.PostgreSQL("16").kind is Kind.RELATIONAL
    assert tech.Redis("7").has(Capability.TTL)
    assert not tech.Redis("7").has(Capability.ACID_TRANSACTIONS)
    assert tech.Kafka("3").has(Capability.APPEND_ONLY_LOG)
    assert tech.by_id("elasticsearch", "8").kind is Kind.SEARCH
    for spec in tech.CATALOGUE.values():
        assert spec.icon.startswith("diagrams.")
    with pytest.raises(KeyError, match="known: "):
        tech.by_id("nosuchdb")


def test_consistency_and_durations_read_and_print_back():
    assert str(strong()) == "strong"
    assert eventual("5s").staleness == timedelta(seconds=5)
    assert str(eventual("2m")) == "eventual (≤ 2m)"
    assert format_duration(parse_duration("500ms")) == "500ms"
    with pytest.raises(ValueError, match="write it like"):
        parse_duration("soon")


def test_models_spread_over_files_import_each_other(write_model):
    root = write_model({
        "shop/__init__.py": "from archdocs import System\nsystem = System('Shop')\n",
        "shop/orders.py": (
            "from archdocs import tech\nfrom shop import system\n"
            "ctx = system.context('Orders')\nctx.datastore('db', tech.PostgreSQL('16'))\n"
        ),
    })
    model = load_models(root)
    assert [s.name for s in model.systems] == ["Shop"]
    datastore = model.systems[0].datastores[0]
    assert model.display_path(datastore.declared_at).file == "models/shop/orders.py"
    # A second load starts from a clean slate: no duplicate elements from cached modules.
    again = load_models(root)
    assert len(again.systems[0].datastores) == 1


def test_context_dependencies_merge_flows_that_cross_a_boundary():
    system = System("Shop")
    orders, search = system.context("Orders"), system.context("Search")
    api, db = orders.service("order-api"), orders.datastore("orders-db", tech.PostgreSQL("16"))
    indexer = search.service("indexer")
    buyer = system.actor("Buyer")
    system.flow(buyer, api, Mechanism.SYNC_REQUEST)
    system.flow(api, db, Mechanism.QUERY)  # inside Orders: not a dependency
    first = system.flow(api, indexer, Mechanism.ASYNC_EVENT, name="placed")
    second = system.flow(db, indexer, Mechanism.CDC, name="changes")
    system.flow(api, "nowhere", Mechanism.SYNC_REQUEST)  # unresolved: left to the review
    assert [(s.name, t.name, [f.name for f in flows])
            for s, t, flows in system.context_dependencies()] == [
        ("Buyer", "Orders", ["Buyer → order-api (sync-request)"]),
        ("Orders", "Search", [first.name, second.name]),
    ]


def test_datastore_finds_tables_by_qualified_or_bare_name_across_schemas():
    metadata = MetaData()
    Table("orders", metadata, Column("id", Integer, primary_key=True), schema="sales")
    Table("orders", metadata, Column("id", Integer, primary_key=True), schema="archive")
    Table("lines", metadata, Column("id", Integer, primary_key=True))
    store = System("s").context("c").datastore("db", tech.PostgreSQL("16"), schema=metadata)
    assert store.table("sales.orders").fullname == "sales.orders"
    # A bare name means the first of that name by full name, whatever the schema.
    assert store.table("orders").fullname == "archive.orders"
    assert store.table("lines").fullname == "lines"
    assert store.table("billing.orders") is None and store.table("nothing") is None
    # A table added after a look-up is found too.
    Table("refunds", store.metadata, Column("id", Integer, primary_key=True), schema="sales")
    assert store.table("refunds").fullname == "sales.refunds"
