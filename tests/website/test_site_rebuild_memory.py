"""A site built again in the same process, as ``mkdocs serve`` does on every save, lets the
model of the previous build go: memory stays flat however long the server runs."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from archdocs.website.build import SiteOptions, build_site

SHOP = '''
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import Mechanism, System, tech


class ShopBase(DeclarativeBase):
    pass


class Customer(ShopBase):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Order(ShopBase):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))


system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=ShopBase)
system.flow(api, db, Mechanism.QUERY)
'''


def test_a_rebuild_does_not_keep_the_previous_model(write_model, tmp_path: Path) -> None:
    models = write_model({"shop.py": SHOP})
    options = SiteOptions(models=models, cache_dir=tmp_path / "cache")
    first = build_site(options)
    datastore = first.model.systems[0].datastores[0]
    # The unindexed foreign key is a finding located in the class that declares it.
    assert any(f.rule == "SCH002" for f in first.report.findings)
    table = weakref.ref(datastore.tables[0])
    mapped_class = weakref.ref(datastore.mapped_classes()["orders"])
    del first, datastore

    build_site(options)
    for _ in range(3):  # weak-keyed caches drop their entries one collection after their key
        gc.collect()

    assert table() is None
    assert mapped_class() is None
