"""The performance pages and datastore-page sections a user reads: access-pattern verdicts,
growth charts as self-contained SVG, star schemas, operations; escaped and deterministic."""

from __future__ import annotations

import shutil
import textwrap
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from archdocs.website.build import SiteOptions, SiteResult, build_site

REPO = Path(__file__).resolve().parents[2]

SHOP = textwrap.dedent('''
    from sqlalchemy import (BigInteger, Column, DateTime, ForeignKey, Index, Integer, MetaData,
                            Numeric, String, Table)
    from archdocs import *

    metadata = MetaData()
    orders = Table("orders", metadata,
        Column("id", BigInteger, primary_key=True),
        Column("customer_id", Integer), Column("status", String(20)),
        Column("created_at", DateTime))
    Index("ix_orders_customer_created", orders.c.customer_id, orders.c.created_at)
    system = System("Shop <b>")
    sales = system.context("Sales")
    api = sales.service("order-api")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
        scaling=Scaling(sharding=[Sharding(key="customer_id", shards=8)]),
        volumes={"orders": Volume(rows=50_000_000, rows_per_day=3_000_000,
                                  growth_per_year=0.4)},
        hosting=Hosting.SELF_HOSTED,
        access_patterns=[
            AccessPattern("history of a customer", table="orders", equals=["customer_id"],
                          order_by=["created_at desc"], per_second=300, issued_by="order-api",
                          example="SELECT * FROM orders WHERE customer_id = $1 | <i>"),
            AccessPattern("<script>alert(1)</script> by status", table="orders",
                          equals=["status"], per_second=20),
        ])
    cache = sales.datastore("cache", tech.Redis("7"), role=Role.CACHE,
        schema=[Table("carts", MetaData(), Column("cart_id", String(40), primary_key=True),
                      Column("user_id", Integer))],
        access_patterns=[AccessPattern("cart of a user", table="carts", equals=["user_id"])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
    system.migration("Shard orders-db", from_state="one node", to_state="8 shards",
                     affects=[db])

    warehouse_tables = MetaData()
    Table("dim_date", warehouse_tables, Column("date_key", Integer, primary_key=True),
          info=table_notes(dimension=Dimension(scd_type=0)))
    Table("dim_region", warehouse_tables, Column("region_key", Integer, primary_key=True),
          info=table_notes(dimension=Dimension(scd_type=1)))
    Table("dim_store", warehouse_tables, Column("store_key", Integer, primary_key=True),
          Column("region_key", Integer, ForeignKey("dim_region.region_key")),
          info=table_notes(dimension=Dimension(scd_type=2)))
    Table("fact_sales", warehouse_tables, Column("id", BigInteger, primary_key=True),
          Column("date_key", Integer, ForeignKey("dim_date.date_key")),
          Column("store_key", Integer, ForeignKey("dim_store.store_key")),
          Column("amount", Numeric(12, 2)),
          info=table_notes(fact=Fact(grain="one row per sale & <line>")))
    system.context("Analytics").datastore("warehouse", tech.PostgreSQL("16"),
        role=Role.ANALYTICS, schema=warehouse_tables)
''')


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    models = tmp_path_factory.mktemp("shop") / "models"
    models.mkdir()
    (models / "shop.py").write_text(SHOP, encoding="utf-8")
    return build_site(SiteOptions(models=models, use_cache=False))


def _page(site: SiteResult, path: str) -> str:
    """The page's Markdown without backslash escapes (how much Markdown escaping adds is the
    escaping helper's business; what the reader sees is ours)."""
    return next(p.content for p in site.pages if p.path == path).replace("\\", "")


def test_datastore_page_shows_access_patterns_and_scalability(shop: SiteResult) -> None:
    page = _page(shop, "architecture/datastores/orders-db.md")
    assert "## Access patterns" in page and "## Scalability path" in page
    history = next(line for line in page.splitlines() if "history of a customer" in line)
    assert "one shard (by <code>customer_id</code>)" in history
    assert "ix_orders_customer_created (customer_id, created_at)" in history
    by_status = next(line for line in page.splitlines() if "by status" in line)
    assert "**scatter-gather** over 8 shards" in by_status
    assert "CREATE INDEX ix_orders_status ON orders (status)" in by_status
    assert "<svg" in page and 'class="projection"' in page
    assert "Shard orders-db" in page  # the migration that takes it there
    assert "- **history of a customer:** SELECT * FROM orders WHERE customer_id = $1 " \
           "| &lt;i&gt;" in page
    cache = _page(shop, "architecture/datastores/cache.md")
    assert "**needs key**" in cache


def test_user_text_is_escaped_everywhere(shop: SiteResult) -> None:
    for path, content in shop.files().items():
        if path.endswith(".md") and "/performance/" in path or path.endswith("orders-db.md"):
            text = content.decode()
            assert "<script>" not in text, path
    page = _page(shop, "architecture/performance/star-schemas/warehouse.md")
    assert "one row per sale &amp; &lt;line&gt;" in page


def test_growth_charts_are_self_contained_well_formed_svg(shop: SiteResult) -> None:
    page = _page(shop, "architecture/performance/scalability/orders-db.md")
    charts = [chunk.split("</svg>")[0] + "</svg>" for chunk in page.split("<svg")[1:]]
    assert len(charts) == 2  # storage and peak writes
    for chart in charts:
        svg = ElementTree.fromstring("<svg" + chart)
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert "<script" not in chart and "href" not in chart
        assert "http" not in chart.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "single-node budget 2,000 GB" in page
    assert "Vertical scaling runs out" in page
    assert "With the declared 8 shards" in page


def test_star_schema_page_draws_a_snowflake_per_fact(shop: SiteResult) -> None:
    page = _page(shop, "architecture/performance/star-schemas/warehouse.md")
    assert "## Fact fact_sales" in page
    assert "| dim_region | 1 | <code>region_key</code> | snowflake |" in page
    assert "| dim_date | 0 | <code>date_key</code> | star |" in page
    svgs = [a.path for a in shop.assets if "snowflake" in a.path]
    assert svgs, "the snowflake diagram was rendered"
    diagram = next(a for a in shop.assets if a.path == svgs[0]).content.decode()
    assert "dim_region" in diagram and "fact_sales" in diagram


def test_operations_and_index_pages(shop: SiteResult) -> None:
    operations = _page(shop, "architecture/performance/operations.md")
    assert "| Sales | 2 | PostgreSQL, Redis | orders-db |" in operations
    assert "**none declared**" in operations  # orders-db has no backup
    assert "none (rebuildable)" in operations  # the cache
    index = next(p for p in shop.pages if p.path == "architecture/performance/index.md")
    assert index.nav


def test_pages_are_byte_identical_across_builds(shop: SiteResult, tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(SHOP, encoding="utf-8")
    again = build_site(SiteOptions(models=models, use_cache=False))
    mine = {k: v for k, v in shop.files().items() if "/performance/" in k}
    assert mine and mine == {k: v for k, v in again.files().items() if "/performance/" in k}


@pytest.fixture(scope="module")
def flagship(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    source = REPO / "models"
    if not any(source.rglob("*.py")):
        pytest.skip("the flagship example models/ is empty")
    snapshot = tmp_path_factory.mktemp("flagship") / "models"
    shutil.copytree(source, snapshot, ignore=shutil.ignore_patterns("__pycache__"))
    return build_site(SiteOptions(models=snapshot, use_cache=False))


def test_flagship_shows_patterns_star_schema_and_growth(flagship: SiteResult) -> None:
    files = flagship.files()
    scalability = [p for p in files if "/performance/scalability/" in p]
    assert len(scalability) >= 5
    stars = [p for p in files if "/performance/star-schemas/" in p]
    assert stars, "the flagship declares an analytics store with a star schema"
    star = files[stars[0]].decode()
    assert "**Grain:**" in star and "*not declared*" not in star
    with_patterns = [p for p in scalability if "| Pattern |" in files[p].decode()]
    assert with_patterns
    assert any("<svg" in files[p].decode() for p in scalability)


def test_chart_text_from_user_names_is_escaped_and_output_is_stable() -> None:
    from sqlalchemy import BigInteger, Column, MetaData, Table

    from archdocs import tech
    from archdocs.model import System, Volume
    from archdocs.perf.chart import storage_chart, writes_chart
    from archdocs.perf.scalability import project

    metadata = MetaData()
    Table("t", metadata, Column("id", BigInteger, primary_key=True))
    system = System("S")
    store = system.context("C").datastore(
        'db <script>&"x"', tech.PostgreSQL("16"), schema=metadata,
        volumes={"t": Volume(rows=10, rows_per_day=1_000_000, growth_per_year=1.0)})
    for draw in (storage_chart, writes_chart):
        svg = draw(project(system, store))
        root = ElementTree.fromstring(svg)  # well-formed despite the name
        assert "<script" not in svg
        assert root.findtext("{http://www.w3.org/2000/svg}title").startswith('db <script>&"x"')
        assert svg == draw(project(system, store))


def test_a_broken_model_still_gets_its_pages(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "broken.py").write_text(textwrap.dedent('''
        from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table
        from archdocs import *

        metadata = MetaData()
        Table("fact_x", metadata, Column("id", Integer, primary_key=True),
              Column("dim_key", Integer, ForeignKey("dim_missing.id")),
              info=table_notes(fact=Fact()))
        System("B").context("C").datastore("wh", tech.PostgreSQL("16"), schema=metadata,
            access_patterns=[AccessPattern("ghost", table="nowhere", equals=["id"])])
    '''), encoding="utf-8")
    site = build_site(SiteOptions(models=models, use_cache=False))
    scalability = _page(site, "architecture/performance/scalability/wh.md")
    assert "**unknown table**" in scalability
    star = _page(site, "architecture/performance/star-schemas/wh.md")
    assert "No dimension is linked to this fact by a foreign key." in star
