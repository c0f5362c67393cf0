"""Included (covering, non-key) index columns: ``postgresql_include=[...]``,
``mssql_include=[...]``. PRF001 counts such an index as serving a pattern that filters on its
key and selects its included columns, never takes an included column for a key column, and
suggests INCLUDE for the columns a pattern only selects (appended to the key on MySQL/MariaDB,
which have no INCLUDE). ENG002 leaves included columns out of SQL Server's key limit and counts
them in PostgreSQL's index-entry limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Unicode

from archdocs import tech
from archdocs.load.loader import Model
from archdocs.model import AccessPattern, System
from archdocs.model.technology import Technology
from archdocs.perf.sections import served_by
from archdocs.perf.serving import Status, assess_all
from archdocs.review.engine import review


def findings(system: System, rule_id: str):
    return review(Model(Path.cwd(), [system]), only=[rule_id]).findings


def shop(technology: Technology, *, include: dict[str, Any] | None = None,
         key: tuple[str, ...] = ("customer_id",), **pattern: Any) -> System:
    """Orders with one index on ``key`` (plus ``include``, as dialect options) and one pattern."""
    metadata = MetaData()
    orders = Table(
        "orders", metadata,
        Column("id", Integer, primary_key=True),
        Column("customer_id", Integer),
        Column("status", String(20)),
        Column("total", Integer),
        Column("created_at", DateTime),
    )
    if key:
        Index("ix_orders_key", *(orders.c[c] for c in key), **(include or {}))
    system = System("Shop")
    system.context("Sales").datastore(
        "orders-db", technology, schema=metadata,
        access_patterns=[AccessPattern("orders of a customer", table="orders", per_second=300,
                                       **pattern)],
    )
    return system


# --- an index with INCLUDEd columns serves (and covers) a pattern ------------------------------


def test_an_index_with_the_filter_key_and_the_selected_columns_included_covers_the_pattern() -> None:
    system = shop(tech.PostgreSQL("16"), include={"postgresql_include": ["status", "total"]},
                  equals=["customer_id"], select=["status", "total"])
    assert findings(system, "PRF001") == []
    [assessment] = assess_all(system.datastores[0])
    assert assessment.status is Status.INDEX
    assert assessment.index is not None
    assert assessment.index.label() == "ix_orders_key (customer_id) INCLUDE (status, total)"
    cell = served_by(system.datastores[0], assessment)
    assert "INCLUDE (status, total)" in cell and "covering: no table visit" in cell


def test_an_index_that_serves_the_filter_but_lacks_a_selected_column_is_not_called_covering() -> None:
    system = shop(tech.PostgreSQL("16"), include={"postgresql_include": ["status"]},
                  equals=["customer_id"], select=["status", "total"])
    [assessment] = assess_all(system.datastores[0])
    assert assessment.status is Status.INDEX
    assert "covering" not in served_by(system.datastores[0], assessment)


def test_sql_server_included_columns_are_read_from_mssql_include() -> None:
    system = shop(tech.SQLServer("2022"), include={"mssql_include": ["total"]},
                  equals=["customer_id"], select=["total"])
    [assessment] = assess_all(system.datastores[0])
    assert assessment.index is not None and assessment.index.include == ("total",)
    assert assessment.index.covers(assessment.pattern)


def test_an_included_column_is_no_key_column_it_cannot_serve_a_sort() -> None:
    # (customer_id) INCLUDE (created_at) stores created_at but does not order by it.
    system = shop(tech.PostgreSQL("16"), include={"postgresql_include": ["created_at"]},
                  equals=["customer_id"], order_by=["created_at desc"])
    [finding] = findings(system, "PRF001")
    assert "served only in part by ix_orders_key (customer_id) INCLUDE (created_at)" \
        in finding.message
    assert "(customer_id, created_at DESC)" in finding.message


def test_an_included_column_is_no_key_column_it_cannot_serve_a_filter() -> None:
    system = shop(tech.PostgreSQL("16"), include={"postgresql_include": ["status"]},
                  equals=["customer_id", "status"])
    [finding] = findings(system, "PRF001")
    assert "(customer_id, status)" in finding.message
    # The same columns as key columns serve it.
    assert findings(shop(tech.PostgreSQL("16"), key=("customer_id", "status"),
                         equals=["customer_id", "status"]), "PRF001") == []


# --- the suggestion INCLUDEs what the pattern only selects --------------------------------------


def test_postgresql_suggestion_includes_the_selected_columns_not_in_the_key() -> None:
    system = shop(tech.PostgreSQL("16"), key=(), equals=["customer_id"],
                  order_by=["created_at desc"], select=["customer_id", "status", "total"])
    [finding] = findings(system, "PRF001")
    assert ("CREATE INDEX ix_orders_customer_id_created_at ON orders "
            "(customer_id, created_at DESC) INCLUDE (status, total)") in finding.message
    assert 'postgresql_include=["status", "total"]' in finding.hint
    assert "(customer_id, created_at DESC, status" not in finding.message


def test_sql_server_suggestion_includes_the_selected_columns() -> None:
    system = shop(tech.SQLServer("2022"), key=(), equals=["customer_id"], select=["total"])
    [finding] = findings(system, "PRF001")
    assert finding.message.endswith(
        "Add: CREATE INDEX ix_orders_customer_id ON orders (customer_id) INCLUDE (total)")
    assert 'mssql_include=["total"]' in finding.hint


def test_mysql_and_old_postgresql_append_the_selected_columns_to_the_key() -> None:
    for technology in (tech.MySQL("8.4"), tech.MariaDB("11.4"), tech.PostgreSQL("10")):
        system = shop(technology, key=(), equals=["customer_id"], select=["total"])
        [finding] = findings(system, "PRF001")
        assert "INCLUDE (" not in finding.message, technology.label
        assert "(customer_id, total)" in finding.message, technology.label
        assert (f"{technology.label} has no included (INCLUDE) index columns: the selected "
                "total must be appended to the key") in finding.message
        assert "_include" not in finding.hint


def test_a_pattern_without_selected_columns_gets_the_plain_suggestion() -> None:
    [finding] = findings(shop(tech.PostgreSQL("16"), key=(), equals=["customer_id"]), "PRF001")
    assert finding.message.endswith("Add: CREATE INDEX ix_orders_customer_id ON orders "
                                    "(customer_id)")
    assert "INCLUDE" not in finding.message and "_include" not in finding.hint


def test_an_unknown_selected_column_is_reported_not_suggested() -> None:
    system = shop(tech.PostgreSQL("16"), key=(), equals=["customer_id"], select=["totl"])
    assert findings(system, "PRF001") == []
    [finding] = findings(system, "PRF010")
    assert "totl" in finding.message


# --- ENG002: included columns and the key-size limit -------------------------------------------


def wide(technology: Technology, include: dict[str, Any] | None) -> System:
    metadata = MetaData()
    items = Table(
        "items", metadata,
        Column("id", Integer, primary_key=True),
        Column("name", Unicode(400)),
        Column("description", Unicode(400)),
    )
    Index("ix_items_name", items.c.name, **(include or {}))
    system = System("Shop")
    system.context("Catalog").datastore("catalog-db", technology, schema=metadata)
    return system


def test_sql_server_does_not_count_included_columns_toward_the_key_limit() -> None:
    # 800 + 800 bytes of nvarchar would be 1600 in the key: fine either way; make it wider.
    metadata = MetaData()
    items = Table(
        "items", metadata,
        Column("id", Integer, primary_key=True),
        Column("name", Unicode(600)),
        Column("description", Unicode(600)),
    )
    Index("ix_included", items.c.name, mssql_include=["description"])
    Index("ix_keyed", items.c.name, items.c.description)
    system = System("Shop")
    system.context("Catalog").datastore("catalog-db", tech.SQLServer("2022"), schema=metadata)
    [finding] = findings(system, "ENG002")
    assert finding.message == ("index ix_keyed can be 2400 bytes wide, over the 1700-byte key "
                               "limit of SQL Server")


def test_postgresql_counts_included_columns_in_the_index_entry() -> None:
    # 400 characters of UTF-8 are up to 1600 bytes; key and INCLUDE together 3200 > 2704.
    [finding] = findings(wide(tech.PostgreSQL("16"),
                              {"postgresql_include": ["description"]}), "ENG002")
    assert finding.message == ("index ix_items_name can be 3200 bytes wide with its INCLUDE "
                               "(description), over the 2704-byte key limit of PostgreSQL")
    assert findings(wide(tech.PostgreSQL("16"), None), "ENG002") == []


# --- PRF003: an index that INCLUDEs what the longer one lacks is not redundant ---------------


def test_an_index_including_columns_the_longer_one_lacks_is_not_a_redundant_prefix() -> None:
    def with_indexes(**options: Any) -> System:
        metadata = MetaData()
        orders = Table("orders", metadata, Column("id", Integer, primary_key=True),
                       Column("customer_id", Integer), Column("total", Integer),
                       Column("created_at", DateTime))
        Index("ix_orders_customer_created", orders.c.customer_id, orders.c.created_at)
        Index("ix_orders_customer", orders.c.customer_id, **options)
        system = System("Shop")
        system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
        return system

    assert findings(with_indexes(postgresql_include=["total"]), "PRF003") == []
    # Including only what the longer key holds anyway changes nothing: still a prefix.
    [finding] = findings(with_indexes(postgresql_include=["created_at"]), "PRF003")
    assert "ix_orders_customer (customer_id) INCLUDE (created_at) on orders is a prefix" \
        in finding.message
    [finding] = findings(with_indexes(), "PRF003")
    assert "is a prefix of index ix_orders_customer_created" in finding.message


# --- ENG001 and unbounded selected columns ----------------------------------------------------


def notes_system(technology: Technology, *, included: bool) -> System:
    metadata = MetaData()
    items = Table("items", metadata, Column("id", Integer, primary_key=True),
                  Column("owner_id", Integer), Column("notes", Unicode()))
    if included:
        Index("ix_items_owner", items.c.owner_id, mssql_include=["notes"])
    else:
        Index("ix_items_owner", items.c.owner_id, items.c.notes)
    system = System("Shop")
    system.context("Catalog").datastore("catalog-db", technology, schema=metadata)
    return system


def test_sql_server_may_include_an_nvarchar_max_column_but_not_key_it() -> None:
    assert findings(notes_system(tech.SQLServer("2022"), included=True), "ENG001") == []
    [finding] = findings(notes_system(tech.SQLServer("2022"), included=False), "ENG001")
    assert "items.notes" in finding.message


def test_a_selected_unbounded_column_appended_to_a_mysql_key_is_flagged() -> None:
    def system(technology: Technology) -> System:
        metadata = MetaData()
        Table("items", metadata, Column("id", Integer, primary_key=True),
              Column("owner_id", Integer), Column("notes", Unicode()))
        system = System("Shop")
        system.context("Catalog").datastore(
            "catalog-db", technology, schema=metadata,
            access_patterns=[AccessPattern("items of an owner", table="items",
                                           equals=["owner_id"], select=["notes"])])
        return system

    [finding] = findings(system(tech.MySQL("8.4")), "PRF001")
    assert "notes is unbounded (max/TEXT), which MySQL/MariaDB cannot use as an index key" \
        in finding.message
    # SQL Server INCLUDEs it: nothing unbounded in the key.
    [finding] = findings(system(tech.SQLServer("2022")), "PRF001")
    assert "INCLUDE (notes)" in finding.message and "unbounded" not in finding.message
