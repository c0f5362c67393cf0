"""PRF001: a relational access pattern no index serves names the index that would."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table

from archdocs import tech
from archdocs.cli import main
from archdocs.load.loader import Model
from archdocs.model import AccessPattern, System, Volume
from archdocs.review.engine import review


def findings(system: System, rule_id: str = "PRF001"):
    return review(Model(Path.cwd(), [system]), only=[rule_id]).findings


def orders_system(*indexes: tuple[str, ...], rows: int | None = None, **pattern) -> System:
    metadata = MetaData()
    orders = Table(
        "orders", metadata,
        Column("id", Integer, primary_key=True),
        Column("customer_id", Integer),
        Column("status", String(20)),
        Column("created_at", DateTime),
    )
    for number, columns in enumerate(indexes):
        Index(f"ix_{number}", *(orders.c[c.split()[0]].desc() if c.endswith(" desc")
                                else orders.c[c] for c in columns))
    system = System("Shop")
    volumes = {"orders": Volume(rows=rows)} if rows is not None else {}
    system.context("Sales").datastore(
        "orders-db", tech.PostgreSQL("16"), schema=metadata, volumes=volumes,
        access_patterns=[AccessPattern("recent orders of a customer", table="orders",
                                       per_second=300, **pattern)],
    )
    return system


def test_names_the_index_that_would_serve_the_pattern(rule_example) -> None:
    reviewed = rule_example("PRF001")
    [finding] = reviewed.of("PRF001")
    assert finding.line == reviewed.line_of('AccessPattern("recent orders of a customer"')
    assert "recent orders of a customer" in finding.message
    assert "(300/s)" in finding.message
    assert "CREATE INDEX ix_orders_customer_id_created_at ON orders " \
           "(customer_id, created_at DESC)" in finding.message
    assert "Index(\"ix_orders_customer_id_created_at\"" in finding.hint
    assert finding.target == "orders"
    # The page's fix declares that index.
    assert rule_example("PRF001", fixed=True).of("PRF001") == []


def test_an_index_with_the_columns_in_the_wrong_order_does_not_count() -> None:
    system = orders_system(("created_at", "customer_id"), equals=["customer_id"],
                           order_by=["created_at desc"])
    assert len(findings(system)) == 1


def test_an_index_with_equality_then_sort_column_serves_it_either_direction() -> None:
    assert findings(orders_system(("customer_id", "created_at desc"), equals=["customer_id"],
                                  order_by=["created_at desc"])) == []
    # A B-tree can be read backwards: (customer_id, created_at) serves created_at DESC too.
    assert findings(orders_system(("customer_id", "created_at"), equals=["customer_id"],
                                  order_by=["created_at desc"])) == []


def test_equality_then_range_column_must_be_a_prefix() -> None:
    assert findings(orders_system(("status", "created_at"), equals=["status"],
                                  range="created_at")) == []
    [finding] = findings(orders_system(("status",), equals=["status"], range="created_at"))
    assert "(status, created_at)" in finding.message


def test_primary_key_lookup_is_served() -> None:
    assert findings(orders_system(equals=["id"])) == []


def test_a_table_declared_tiny_is_not_reported() -> None:
    assert findings(orders_system(equals=["customer_id"], rows=200)) == []


NEW_USER_MODEL = '''
from datetime import datetime
from sqlalchemy import Index, desc
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from archdocs import tech
from archdocs.model import AccessPattern, System, table_notes

class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (INDEXES{"info": table_notes(access=[
        AccessPattern("orders by status", equals=["status"],
                      order_by=["created_at desc"], limit=50, per_second=40),
    ])})
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str]
    created_at: Mapped[datetime]

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
'''


def test_new_user_adds_an_unsupported_pattern_and_sees_the_index_to_add(
    write_model, capsys
) -> None:
    models = write_model({"shop.py": NEW_USER_MODEL.replace("INDEXES", "")})
    code = main(["check", str(models), "--rule", "PRF001", "--fail-on", "warning"])
    out = capsys.readouterr().out
    assert code == 1
    assert "PRF001" in out
    assert "CREATE INDEX ix_orders_status_created_at ON orders (status, created_at DESC)" in out
    pattern_line = next(n for n, line in enumerate(NEW_USER_MODEL.splitlines(), 1)
                        if "AccessPattern(" in line)
    assert f"shop.py:{pattern_line}: warning PRF001" in out  # points at the pattern

    # Following the hint (declaring the suggested Index in the model) clears the finding.
    declaration = re.search(r"in the model: (Index\(.*?\)) in __table_args__", out)
    assert declaration is not None, out
    (models / "shop.py").write_text(
        NEW_USER_MODEL.replace("INDEXES", declaration.group(1) + ", "), encoding="utf-8")
    code = main(["check", str(models), "--rule", "PRF001", "--fail-on", "warning"])
    assert code == 0, capsys.readouterr().out


def test_text_search_needs_a_full_text_index() -> None:
    def system(with_gin: bool) -> System:
        metadata = MetaData()
        products = Table("products", metadata, Column("id", Integer, primary_key=True),
                         Column("title", String(200)))
        if with_gin:
            Index("ix_products_title_fts", products.c.title, postgresql_using="gin")
        shop = System("Shop")
        shop.context("Catalog").datastore(
            "catalog-db", tech.PostgreSQL("16"), schema=metadata,
            access_patterns=[AccessPattern("search", table="products", equals=["title"],
                                           text_search=True)])
        return shop

    [finding] = findings(system(with_gin=False))
    assert "has no full-text index starting with (title)" in finding.message
    assert "USING gin (to_tsvector('simple', coalesce(title, '')))" in finding.message
    assert findings(system(with_gin=True)) == []


def test_one_index_is_suggested_for_patterns_it_can_serve_together() -> None:
    metadata = MetaData()
    Table("orders", metadata, Column("id", Integer, primary_key=True),
          Column("customer_id", Integer), Column("created_at", DateTime))
    system = System("Shop")
    system.context("Sales").datastore(
        "orders-db", tech.PostgreSQL("16"), schema=metadata, access_patterns=[
            AccessPattern("count of a customer", table="orders", equals=["customer_id"]),
            AccessPattern("recent of a customer", table="orders", equals=["customer_id"],
                          order_by=["created_at desc"]),
        ])
    found = findings(system)
    assert len(found) == 2
    statement = "CREATE INDEX ix_orders_customer_id_created_at ON orders " \
                "(customer_id, created_at DESC)"
    assert all(statement in f.message for f in found)
    counting = next(f for f in found if "'count of a customer'" in f.message)
    assert "starting with (customer_id)" in counting.message
    assert "(it also serves 'recent of a customer')" in counting.message


def test_an_index_on_the_leading_column_makes_it_a_note_that_it_could_be_better_served() -> None:
    [finding] = findings(orders_system(("customer_id",), equals=["customer_id"],
                                       order_by=["created_at desc"], limit=20))
    assert finding.severity.value == "info"
    assert "every call scans the table" not in finding.message
    assert "served only in part by ix_0 (customer_id)" in finding.message
    assert "could be better served by an index starting with (customer_id, created_at DESC)" \
        in finding.message
    # Without that index, it is still the warning that every call scans the table.
    [scan] = findings(orders_system(equals=["customer_id"], order_by=["created_at desc"]))
    assert scan.severity.value == "warning" and "every call scans the table" in scan.message


def basket_system(technology, **primary_key) -> System:
    """eShop's ordering schema: orders of a buyer, newest id first, on a (BuyerId) index."""
    from sqlalchemy import PrimaryKeyConstraint
    metadata = MetaData()
    orders = Table("orders", metadata, Column("Id", Integer), Column("BuyerId", Integer),
                   PrimaryKeyConstraint("Id", **primary_key))
    Index("IX_orders_BuyerId", orders.c.BuyerId)
    system = System("Shop")
    system.context("Ordering").datastore(
        "ordering-db", technology, schema=metadata,
        access_patterns=[AccessPattern("orders of a buyer", table="orders", equals=["BuyerId"],
                                       order_by=["Id desc"], per_second=50)])
    return system


def test_on_sql_server_the_clustered_key_is_part_of_every_nonclustered_index() -> None:
    assert findings(basket_system(tech.SQLServer("2022"))) == []
    assert findings(basket_system(tech.MySQL("8.0"))) == []  # InnoDB: the same
    # PostgreSQL has no clustered key: (BuyerId) narrows, a sort on Id remains.
    [finding] = findings(basket_system(tech.PostgreSQL("16")))
    assert "(BuyerId, Id DESC)" in finding.message
    # A primary key declared NONCLUSTERED is not carried by the other indexes.
    [nonclustered] = findings(basket_system(tech.SQLServer("2022"), mssql_clustered=False))
    assert "(BuyerId, Id DESC)" in nonclustered.message
