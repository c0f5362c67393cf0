"""Views declared in the model (system.view, datastore.er_view): what they select, and what a
user sees when one names something the model does not have (file:line, a hint, exit 2)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from archdocs.cli import main
from archdocs.load.loader import load_models
from archdocs.model.views import ViewError, view_elements, viewpoint_tables

SHOP = '''\
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import Access, Mechanism, System, eventual, tech


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))


class OrderLine(Base):
    __tablename__ = "order_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))


class Shipment(Base):
    __tablename__ = "shipment"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"))


system = System("Shop")
orders = system.context("Orders")
api = orders.service("order-api")
db = orders.datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
messaging = system.context("Messaging")
bus = messaging.datastore("events", tech.Kafka("3.7"))
search = system.context("Search")
indexer = search.service("indexer")
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, indexer, Mechanism.ASYNC_EVENT, via=bus, events=["OrderPlaced"],
            consistency=eventual("5s"), name="orders to search")
'''


def write_models(tmp_path: Path, views: str) -> Path:
    root = tmp_path / "models"
    root.mkdir()
    (root / "shop.py").write_text(SHOP, encoding="utf-8")
    (root / "views.py").write_text(textwrap.dedent(views), encoding="utf-8")
    return root


def check(capsys: pytest.CaptureFixture[str], models: Path) -> tuple[int, str]:
    code = main(["check", str(models)])
    return code, capsys.readouterr().err


def test_a_view_draws_what_it_includes_minus_what_it_excludes_and_the_flows_between(tmp_path):
    models = write_models(tmp_path, """\
        from shop import system, bus
        system.view("Order path", include=["Orders", "orders to search"], exclude=[bus],
                    description="Who writes orders, and where they go.")
        """)
    system = load_models(models).systems[0]
    (view,) = system.views
    elements, flows = view_elements(system, view)
    # A context brings its members; a flow its two ends; the broker is excluded.
    assert sorted(e.name for e in elements) == ["indexer", "order-api", "orders-db"]
    assert sorted(f.name for f in flows) == ["order-api → orders-db (query)",
                                             "orders to search"]


def test_an_er_viewpoint_selects_tables_around_one_within_a_depth(tmp_path):
    models = write_models(tmp_path, """\
        from shop import db
        db.er_view("Lines", around="order_line", depth=1)
        db.er_view("Orders only", tables=["orders"], around="shipment", depth=0)
        db.er_view("Far", around="customer", depth=2, exclude=["customer"])
        """)
    db = load_models(models).systems[0].find_datastore("orders-db")
    lines, only, far = db.er_views
    assert [t.fullname for t in viewpoint_tables(lines)] == ["order_line", "orders", "shipment"]
    assert [t.fullname for t in viewpoint_tables(only)] == ["orders", "shipment"]
    assert [t.fullname for t in viewpoint_tables(far)] == ["order_line", "orders"]


def test_a_view_naming_an_unknown_element_fails_at_its_line_with_a_suggestion(tmp_path, capsys):
    models = write_models(tmp_path, """\
        from shop import system

        system.view("Order path", include=["order-apii", "Orders"])
        """)
    code, err = check(capsys, models)
    assert code == 2
    assert "views.py:3: error: view 'Order path': include names 'order-apii'" in err
    assert "did you mean 'order-api'?" in err
    assert "Traceback" not in err


def test_a_viewpoint_naming_an_unknown_table_fails_where_it_is_declared(tmp_path, capsys):
    models = write_models(tmp_path, """\
        from shop import db

        db.er_view("Lines", tables=["order_lines"])
        """)
    code, err = check(capsys, models)
    assert code == 2
    assert "views.py:3: error: ER viewpoint 'Lines': tables names table 'order_lines'" in err
    assert "did you mean 'order_line'?" in err


@pytest.mark.parametrize(("declaration", "message"), [
    ('db.er_view("Nothing")', "selects no table"),
    ('db.er_view("Deep", around="orders", depth=-1)', "depth must be a whole number"),
    ('db.er_view("Gone", tables=["orders"], exclude=["orders"])', "draws no table"),
    ('system.view("Gone", include=["Orders"], exclude=["Orders"])', "draws nothing"),
    ('system.view("Empty")', "view 'Empty' includes nothing"),
    ('system.view("", include=["Orders"])', "must be a non-empty string"),
    ('system.view("Loose", include="Orders")', "include must be a list"),
    ('system.view("Twice", include=["Orders"])\nsystem.view("Twice", include=["Search"])',
     "two views of system 'Shop' are named 'Twice'"),
])
def test_views_that_select_nothing_or_clash_are_refused(tmp_path, capsys, declaration, message):
    models = write_models(tmp_path, "from shop import db, system\n\n" + declaration + "\n")
    code, err = check(capsys, models)
    assert code == 2
    assert message in err
    assert "views.py:" in err and "hint:" in err


def test_view_errors_are_archdocs_errors_with_a_location(tmp_path):
    models = write_models(tmp_path, """\
        from shop import system
        system.view("X", include=["nowhere"])
        """)
    with pytest.raises(ViewError) as caught:
        load_models(models)
    assert caught.value.location is not None and caught.value.location.line == 2
