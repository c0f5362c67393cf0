"""The index PRF001 suggests for a pattern that selects columns runs on the real servers: on
PostgreSQL with those columns INCLUDEd (outside the key), on MariaDB appended to the key."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table

from archdocs import tech
from archdocs.load.loader import Model
from archdocs.model import AccessPattern, System
from archdocs.model.technology import Technology
from archdocs.review.engine import review

from .conftest import LiveDatabase

CREATE = "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, " \
         "status varchar(20), total integer)"


def suggestion(technology: Technology) -> str:
    metadata = MetaData()
    Table("orders", metadata, Column("id", Integer, primary_key=True),
          Column("customer_id", Integer), Column("status", String(20)), Column("total", Integer))
    system = System("Shop")
    system.context("Sales").datastore(
        "orders-db", technology, schema=metadata,
        access_patterns=[AccessPattern("orders of a customer", table="orders",
                                       equals=["customer_id"], select=["status", "total"])],
    )
    [finding] = review(Model(Path.cwd(), [system]), only=["PRF001"]).findings
    return finding.hint.split("; in the model:")[0]


def test_postgresql_creates_the_suggested_covering_index_with_included_columns(
        empty_pg: LiveDatabase) -> None:
    statement = suggestion(tech.PostgreSQL("16"))
    empty_pg.execute(CREATE)
    empty_pg.execute(statement)
    # One key column, three in all: status and total are stored, not keyed.
    assert empty_pg.query(
        "SELECT indnkeyatts, indnatts FROM pg_index "
        "WHERE indexrelid = 'ix_orders_customer_id'::regclass") == [["1", "3"]]


def test_mariadb_creates_the_suggested_index_with_the_selected_columns_in_its_key(
        empty_mariadb: LiveDatabase) -> None:
    statement = suggestion(tech.MariaDB("11.4"))
    empty_mariadb.execute(CREATE)
    empty_mariadb.execute(statement)
    rows = empty_mariadb.query(
        "SELECT column_name FROM information_schema.statistics WHERE table_schema = DATABASE() "
        "AND index_name = 'ix_orders_customer_id_status_total' ORDER BY seq_in_index")
    assert rows == [["customer_id"], ["status"], ["total"]]
