"""Views on the site: the flagship's declared view and ER viewpoint each get a page with a
diagram whose boxes and arrows link to their pages, listed on the views index and on the pages
of what they show; every architecture diagram's arrows open their flow's page; and the site's
stylesheet lets wide tables wrap."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sitehelpers import FLAGSHIP

from archdocs.website.build import SiteOptions, SiteResult, build_site

VIEWS = "architecture/views"


def _page(site: SiteResult, path: str) -> str:
    return site.files()[path].decode()


def test_the_views_index_lists_default_views_and_those_the_model_declares(
        flagship: SiteResult) -> None:
    index = _page(flagship, f"{VIEWS}/index.md")
    assert "## Default views" in index
    assert "| [System landscape](../index.md) | system |" in index
    assert "| [Ordering](../contexts/ordering.md) | context |" in index
    assert "[Checkout payment path](checkout-payment-path.md)" in index
    assert "| [Order history](order-history.md) | [orders-db](../datastores/orders-db.md) | 3 |" \
        in index
    assert "models/<wbr>marketplace/<wbr>views.py:" in index
    assert any(page.path == f"{VIEWS}/index.md" and page.nav for page in flagship.pages)


def test_a_declared_view_has_a_page_with_its_diagram_elements_and_flows(
        flagship: SiteResult) -> None:
    page = _page(flagship, f"{VIEWS}/checkout-payment-path.md")
    assert "# View: Checkout payment path" in page
    assert 'data="../../diagrams/view-checkout-payment-path.svg"' in page
    assert "| [payment-service](../contexts/payments.md) | service |" in page
    # Excluded elements are neither listed nor drawn.
    assert "payment-views" not in page and "ledger-projector" not in page
    assert "[authorise payment](../flows/authorise-payment.md)" in page
    svg = _page(flagship, "architecture/diagrams/view-checkout-payment-path.svg")
    assert "payment&#45;views" not in svg
    # Boxes open their pages, arrows their flows' pages.
    # Hovering names what a box or arrow opens, never Graphviz' id (datastore_orders_db).
    assert re.search(r'class="node linked">\n<title>orders-db</title>\n'
                     r'<a xlink:href="../datastores/orders-db/"', svg)
    assert re.search(r'class="edge linked">\n<title>authorise payment</title>\n'
                     r'<a xlink:href="../flows/authorise-payment/"'
                     r' target="_top" xlink:title="authorise payment"', svg)


def test_an_er_viewpoint_has_a_page_and_is_listed_on_its_datastore(flagship: SiteResult) -> None:
    page = _page(flagship, f"{VIEWS}/order-history.md")
    assert "# ER viewpoint: Order history" in page
    assert ("every table within 1 foreign key of <code>orders</code>; except "
            "<code>countries</code>, <code>currencies</code>") in page
    for table in ("orders", "order-lines", "order-status-history"):
        assert f"(../datastores/orders-db/tables/{table}.md)" in page
    svg = _page(flagship, "architecture/diagrams/erview-orders-db-order-history.svg")
    assert 'xlink:href="../datastores/orders-db/tables/order-lines/"' in svg
    store = _page(flagship, "architecture/datastores/orders-db.md")
    assert "## Views" in store
    assert "[Order history](../views/order-history.md) | ER viewpoint" in store
    assert "[Checkout payment path](../views/checkout-payment-path.md) | architecture view" \
        in store
    context = _page(flagship, "architecture/contexts/payments.md")
    assert "[Checkout payment path](../views/checkout-payment-path.md)" in context
    assert "## Views" not in _page(flagship, "architecture/contexts/catalog.md")


def test_every_arrow_of_every_architecture_diagram_opens_a_page(flagship: SiteResult) -> None:
    files = flagship.files()
    checked = 0
    for path, content in files.items():
        name = path.rsplit("/", 1)[-1]
        if not path.startswith("architecture/diagrams/") or not name.startswith(
                ("context-", "flow-", "view-", "landscape")):
            continue
        svg = content.decode()
        edges = re.findall(r'<g id="[^"]*" class="edge( linked)?">', svg)
        assert edges and all(edges), f"{path}: an arrow without a link"
        checked += 1
    assert checked > 20
    landscape = files["architecture/diagrams/landscape-contexts.svg"].decode()
    # An arrow standing for several flows opens the list of flows, naming them.
    assert re.search(r'<a xlink:href="../flows/" target="_top" xlink:title="[^"]+, [^"]+"',
                     landscape)


def test_the_stylesheet_lets_wide_tables_wrap_and_the_plugin_adds_it(
        flagship: SiteResult) -> None:
    css = _page(flagship, "architecture/archdocs.css")
    assert "min-width: 0" in css and "overflow-wrap: break-word" in css


def test_views_pages_are_the_same_bytes_on_every_build(tmp_path: Path,
                                                       flagship: SiteResult) -> None:
    snapshot = tmp_path / "models"
    shutil.copytree(FLAGSHIP, snapshot, ignore=shutil.ignore_patterns("__pycache__"))
    again = build_site(SiteOptions(models=snapshot, use_cache=False))
    before, after = flagship.files(), again.files()
    views = sorted(p for p in before if p.startswith(VIEWS) or "/diagrams/view-" in p
                   or "/diagrams/erview-" in p or "/diagrams/er-" in p)
    assert len(views) >= 5
    for path in views:
        assert after[path] == before[path], path


HOSTILE_VIEWS = '''\
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from archdocs import Access, Mechanism, System, tech

metadata = MetaData()
parent = Table("<b>parent</b>", metadata, Column("id", Integer, primary_key=True))
Table("child", metadata, Column("id", Integer, primary_key=True),
      Column("parent_id", Integer, ForeignKey(parent.c.id)))
system = System("Shop")
ctx = system.context("Orders")
api = ctx.service("api")
db = ctx.datastore("db", tech.PostgreSQL("16"), schema=metadata)
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.view("<script>alert(1)</script> {{ x }}", include=[ctx],
            description="a | b [link](javascript:alert(1)) {% y %}")
db.er_view("`tick` <i>", around="child", depth=1)
'''


def test_view_names_and_descriptions_are_text_on_their_pages(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(HOSTILE_VIEWS, encoding="utf-8")
    site = build_site(SiteOptions(models=models, use_cache=False))
    views = {path: content.decode() for path, content in site.files().items()
             if path.startswith(VIEWS)}
    assert len(views) == 3
    for path, text in views.items():
        body = text.split("---\n", 2)[-1]
        assert "<script>" not in body and "<i>" not in body and "<b>" not in body, path
        assert "{{" not in body and "{%" not in body, path
        assert not re.search(r"(?<!\\)\]\(javascript:", body), path  # no live link
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in text for text in views.values())
    svg = next(content.decode() for path, content in site.files().items()
               if "/diagrams/erview-" in path)
    assert "<b>parent</b>" not in svg and "&lt;b&gt;parent&lt;/b&gt;" in svg
