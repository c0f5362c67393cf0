"""The flagship's technology decisions, reproduced by the advice (each decision is also an ADR
under models/adr), and an Advice page for every datastore of the flagship site."""

import contextlib
import io
import json
from pathlib import Path

import pytest

from archdocs.cli import main

# What the flagship decided, and the reason the advice must give for agreeing.
DECISIONS = {
    "event-bus": ("kafka", "an append-only log is the store itself"),
    "catalog-db": ("postgresql", "multi-row transactions"),
    "product-search": ("elasticsearch", "relevance, analyzers and facets"),
    "product-cache": ("redis", "expiring keys are native to a key-value store"),
    "fulfilment-db": ("postgresql", "already run in this system"),
    "accounts-db": ("postgresql", "multi-row transactions"),
    "session-store": ("redis", "expiring keys are native to a key-value store"),
    "listing-metrics": ("timescaledb", "retention and downsampling are native"),
    "analytics-warehouse": ("postgresql", "joins are native to the relational model"),
    "carts-db": ("mongodb", "a document holds a whole aggregate"),
    "orders-db": ("postgresql", "multi-row transactions"),
    "payment-ledger": ("postgresql", "append-only by REVOKE UPDATE, DELETE"),
    "payment-views": ("postgresql", "joins are native to the relational model"),
}


@pytest.fixture(scope="module")
def advices():
    repo = Path(__file__).resolve().parents[2]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["advise", str(repo / "models"), "--format", "json"]) == 0
    return {a["datastore"]: a for a in json.loads(out.getvalue())}


@pytest.mark.parametrize("name", sorted(DECISIONS))
def test_the_flagship_decision_is_reproduced_with_its_reason(advices, name):
    technology, reason = DECISIONS[name]
    advice = advices[name]
    assert advice["decided"] == technology
    assert advice["recommended"] == technology
    assert advice["contradictions"] == []
    assert any(reason in r["text"] for r in advice["ranked"][0]["reasons"]), advice["ranked"][0]


def test_orders_db_path_shards_on_buyer_id_as_the_citus_adr_decided(advices):
    sharding = next(s for s in advices["orders-db"]["path"] if s["name"] == "sharding")
    assert sharding["when"] == "in about 1 year"
    assert sharding["detail"].startswith("shard key buyer_id")


def test_every_flagship_datastore_is_covered(advices):
    assert set(advices) == set(DECISIONS)


def test_the_flagship_site_has_an_advice_page_per_datastore(tmp_path, repo_root):
    out = tmp_path / "docs"
    assert main(["generate", str(out), str(repo_root / "models"), "-q"]) == 0
    pages = {p.stem for p in (out / "architecture" / "advice").glob("*.md")}
    assert pages == set(DECISIONS) | {"index"}
    orders = (out / "architecture" / "datastores" / "orders-db.md").read_text(encoding="utf-8")
    assert "(../advice/orders-db.md)" in orders
