"""Multi-hop lineage: from a table of record through CDC, a topic, a consumer and a derived
store to the service that reads it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table

from archdocs import Access, Mechanism, Role, System, Topic, tech
from archdocs.lineage import build, describe
from archdocs.load import load_models
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
