"""The model of a shop that stores card security codes, shares one admin login across
services and puts four per-service databases on one server without failover (and loses or
oversells on its message bus, and indexes an nvarchar(max)): `archdocs check` reports each of
those."""

from pathlib import Path

from archdocs.cli import main

MODELS = Path(__file__).parent / "governance_model" / "models"


def test_each_governance_problem_of_the_shop_is_reported(capsys):
    rules = ["GOV001", "GOV002", "RES001", "RES002", "SEC001", "SEC002", "SEC004", "REL001",
             "REL002", "REL003", "ENG001"]
    code = main(["check", str(MODELS), *(arg for rule in rules for arg in ("--rule", rule))])
    out = capsys.readouterr().out
    assert code == 1
    assert "GOV001 datastore:ordering-db (paymentmethods.security_number): ordering-db." \
           "paymentmethods.security_number stores a card security code" in out
    assert "GOV001 flow:" in out and "cardSecurityNumber" in out
    assert "GOV002 datastore:ordering-db (paymentmethods.card_number)" in out
    assert ("RES001 datastore:catalog-db: server sql-data (self-hosted) with no failover hosts "
            "the datastores of 4 contexts") in out
    for name in ("catalog", "basket", "ordering", "identity"):
        assert f"RES002 datastore:{name}-db: {name}-db (system-of-record) on server sql-data " \
               "has no failover" in out
        assert f"SEC001 datastore:{name}-db: {name}-api connects to {name}-db as 'sa'" in out
    assert ("SEC002 datastore:catalog-db: login 'sa' on server sql-data is shared by 4 "
            "services: catalog-api, basket-api, ordering-api, identity-api") in out
    assert "REL001 flow:basket-api → ordering-api (async-event)" in out
    assert "RabbitMQ does not confirm by default" in out
    assert ("REL003 datastore:catalog-db (catalog): write 'remove stock on order paid' must keep "
            "'available_stock never below zero'") in out
    assert "ENG001 datastore:catalog-db (catalog.name): index ix_catalog_name uses" in out
