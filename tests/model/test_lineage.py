"""Multi-hop lineage: from a table of record through CDC, a topic, a consumer and a derived
store to the service that reads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table

from archdocs import Access, Mechanism, Role, System, Topic, tech
from archdocs.errors import ModelArgumentError
from archdocs.lineage import Item, build, describe
from archdocs.load import load_models
from archdocs.model.flow import column_references
from archdocs.model.physical import Delivery, DeliveryGuarantee, SearchIndex

MODELS = Path(__file__).resolve().parents[2] / "models"


def test_the_flagship_has_the_catalog_to_search_path_end_to_end() -> None:
    system = load_models(MODELS).systems[0]
    paths = [describe(p) for p in build(system).paths(min_hops=3)]
    assert ("catalog-db.products → event-bus.catalog.cdc.products → search-indexer → "
            "product-search.products → search-api") in paths


def test_warehouse_tables_come_from_their_sources_through_derives() -> None:
    system = load_models(MODELS).systems[0]
    paths = [describe(p) for p in build(system).paths(min_hops=1)]
    assert "orders-db.orders → analytics-warehouse.fact_order_lines → insights-api" in paths
    assert "catalog-db.products → analytics-warehouse.dim_product → insights-api" in paths


def _small(consumer_writes_record: bool) -> System:
    system = System("Shop")
    ctx = system.context("Catalog")
    metadata = MetaData()
    Table("products", metadata, Column("id", Integer, primary_key=True))
    db = ctx.datastore("db", tech.PostgreSQL("16"), schema=metadata)
    bus = ctx.datastore("bus", tech.Kafka("3.7"), role=Role.BROKER,
                        structures=[Topic("cdc.products", retention="3d")])
    index = ctx.datastore(
        "search", tech.Elasticsearch("8.13"),
        role=Role.SYSTEM_OF_RECORD if consumer_writes_record else Role.SEARCH_INDEX,
        structures=[SearchIndex("products", source="db.products", document_bytes=100)])
    indexer, api = ctx.service("indexer"), ctx.service("api")
    system.flow(db, indexer, Mechanism.CDC, via=bus, carries=["products"],
                delivery=Delivery(DeliveryGuarantee.AT_LEAST_ONCE, channel="cdc.products"))
    system.flow(indexer, index, Mechanism.QUERY, access=Access.WRITE, carries=["products"])
    system.flow(api, index, Mechanism.QUERY, carries=["products"])
    return system


def test_a_path_continues_through_a_consumer_only_into_a_derived_store() -> None:
    assert [describe(p) for p in build(_small(False)).paths(min_hops=3)] == [
        "db.products → bus.cdc.products → indexer → search.products → api"]
    # a consumer updating a store of record records a new fact: the path stops there
    assert build(_small(True)).paths(min_hops=3) == []


def _column_chain() -> System:
    """db.orders --batch--> staging.stg_orders --batch--> mart.fact_sales, column-mapped."""
    system = System("Shop")
    ctx = system.context("Sales")
    db_meta, stg_meta, mart_meta = MetaData(), MetaData(), MetaData()
    Table("orders", db_meta, Column("id", Integer, primary_key=True),
          Column("price", Integer), Column("qty", Integer))
    Table("stg_orders", stg_meta, Column("order_id", Integer, primary_key=True),
          Column("amount", Integer))
    Table("fact_sales", mart_meta, Column("order_id", Integer, primary_key=True),
          Column("amount_eur", Integer))
    db = ctx.datastore("db", tech.PostgreSQL("16"), schema=db_meta)
    staging = ctx.datastore("staging", tech.PostgreSQL("16"), schema=stg_meta,
                            role=Role.ANALYTICS)
    mart = ctx.datastore("mart", tech.PostgreSQL("16"), schema=mart_meta, role=Role.ANALYTICS)
    system.flow(db, staging, Mechanism.BATCH, carries=["orders"], derives={"stg_orders": {
        "order_id": "orders.id", "amount": "orders.price * orders.qty"}})
    system.flow(staging, mart, Mechanism.BATCH, carries=["stg_orders"], derives={"fact_sales": {
        "order_id": "stg_orders.order_id", "amount_eur": "round(stg_orders.amount * 0.92)"}})
    return system


def test_column_lineage_is_followed_end_to_end_to_the_columns_of_record() -> None:
    system = _column_chain()
    lineage = build(system)
    mart = system.find_datastore("mart")
    assert mart is not None
    fact = Item(mart, "fact_sales")
    assert [(o.label, c) for o, c in lineage.column_origins(fact, "amount_eur")] == [
        ("db.orders", "price"), ("db.orders", "qty")]
    [source] = lineage.column_sources(fact)["amount_eur"]
    assert source.expression == "round(stg_orders.amount * 0.92)"
    # the column map implies the table-level lineage
    assert "db.orders → staging.stg_orders → mart.fact_sales" in [
        describe(p) for p in lineage.paths(min_hops=1)]


def test_column_references_skip_literals_and_functions() -> None:
    assert column_references("to_char(orders.placed_at, 'a.b')::int + sales.lines.qty") == [
        ("orders", "placed_at"), ("sales.lines", "qty")]


def test_the_flagship_fact_table_shows_where_its_columns_come_from(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run([str(Path(sys.executable).parent / "archdocs"), "generate", str(site),
                             str(MODELS), "--diagrams", "mermaid", "--no-cache", "-q"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    [page] = [p for p in site.rglob("fact-order-lines.md")]
    text = page.read_text()
    section = text.split("## Where its columns come from", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in section.splitlines() if line.startswith("| <code>revenue_eur_cents</code>"))
    assert "order_lines.line_total_minor" in row and "orders-db.orders.currency" in row
    assert "nightly orders load" in row
    lineage_page = next(site.rglob("lineage.md")).read_text()
    assert "## Column lineage: " in lineage_page and "<code>orders.currency</code>" in lineage_page


def test_a_column_map_that_is_not_text_is_refused_at_the_declaration() -> None:
    system = _column_chain()
    db, staging = system.find_datastore("db"), system.find_datastore("staging")
    assert db is not None and staging is not None
    with pytest.raises(ModelArgumentError) as caught:
        system.flow(db, staging, Mechanism.BATCH, carries=["orders"],
                    derives={"stg_orders": {"amount": 5}})  # type: ignore[dict-item]
    assert "derives must be" in str(caught.value)
    assert caught.value.location is not None
    assert caught.value.location.file.endswith("test_lineage.py")
