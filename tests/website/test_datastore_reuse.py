"""A rebuild in the same process (``mkdocs serve``) takes a datastore's table pages and ER
diagrams from the previous build only when nothing they show changed: an edit anywhere in the
model that changes a table page (its datastore's schema, a table of another datastore its keys
point at, a finding, a flow, a context's name) shows on the rebuilt page, and the rebuilt site
is the one a build that reuses nothing gives; an edit that changes none of them reuses them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitehelpers import FLAGSHIP, HOSTILE, site_digest

from archdocs.website.build import SiteOptions, SiteResult, _generated, build_site

INIT = '''
from archdocs import System

system = System("Shop")
'''

CRM = '''
from sqlalchemy import Column, Integer, MetaData, String, Table

from archdocs import tech
from shop import system

crm = system.context("CRM", description="Who buys.")
crm_api = crm.service("crm-api", technology="Python", description="Customers' API.")
md = MetaData()
customers = Table(
    "customers", md,
    Column("id", Integer, primary_key=True, comment="Key."),
    Column("name", String(80), comment="Full name."),
    comment="People who buy.")
crm_db = crm.datastore("crm-db", tech.PostgreSQL("16"), schema=md)
'''

BILLING = '''
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Numeric, Table

from archdocs import tech
from shop import system
from shop.crm import customers

billing = system.context("Billing", description="What we charge.")
billing_api = billing.service("billing-api", technology="Python", description="Bills.")
md = MetaData()
invoices = Table(
    "invoices", md,
    Column("id", Integer, primary_key=True, comment="Key."),
    Column("customer_id", Integer, ForeignKey(customers.c.id), index=True, comment="Who pays."),
    Column("total", Numeric(12, 2), comment="Sum to pay."),
    comment="What we bill.")
invoice_lines = Table(
    "invoice_lines", md,
    Column("id", Integer, primary_key=True, comment="Key."),
    Column("invoice_id", Integer, ForeignKey("invoices.id"), index=True, comment="Invoice."),
    # Named: the page lists unnamed constraints of one kind in no fixed order.
    Column("refund_id", Integer, ForeignKey("refunds.id", name="fk_refund"), index=True,
           comment="Refund."),
    comment="One line of an invoice.")
billing_db = billing.datastore("billing-db", tech.PostgreSQL("16"), schema=md)
'''

FLOWS = '''
from archdocs import Access, Mechanism
from shop import system
from shop.billing import billing_api, billing_db
from shop.crm import crm_api, crm_db

system.flow(billing_api, billing_db, Mechanism.QUERY, access=Access.READ_WRITE,
            carries=["invoices", "invoice_lines"])
system.flow(crm_api, crm_db, Mechanism.QUERY, access=Access.READ_WRITE, carries=["customers"])
'''

INVOICES = "architecture/datastores/billing-db/tables/invoices.md"
LINES = "architecture/datastores/billing-db/tables/invoice-lines.md"


@pytest.fixture
def models(tmp_path: Path) -> Path:
    package = tmp_path / "models" / "shop"
    package.mkdir(parents=True)
    for name, text in {"__init__": INIT, "crm": CRM, "billing": BILLING,
                       "flows": FLOWS}.items():
        (package / f"{name}.py").write_text(text.lstrip())
    return tmp_path / "models"


def _edit(models: Path, name: str, old: str, new: str) -> None:
    path = models / "shop" / f"{name}.py"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def _page(result: SiteResult, path: str) -> str:
    return next(page.content for page in result.pages if page.path == path)



def _rebuild(options: SiteOptions) -> SiteResult:
    """A build after an edit, checked against a build that reuses nothing; the next build
    may reuse this one's pages as if the check had not run."""
    rebuilt = build_site(options)
    _generated.forget()
    clean = build_site(options)
    assert clean.stats.reused_pages == 0
    assert site_digest(rebuilt) == site_digest(clean), "a reused page differs from a generated one"
    build_site(options)  # what the next build reuses: this model's pages, as the rebuild had
    return rebuilt


# Each edit: the file, the text replaced, its replacement, the page that must show it, and
# what that page must then say.
EDITS = {
    "a column of the datastore": (
        "billing", 'Column("total"',
        'Column("currency", Numeric(3, 0), comment="ISO 4217 number."),\n    Column("total"',
        INVOICES, "ISO 4217 number."),
    "a table its foreign key points at, renamed in another datastore": (
        "crm", 'Table(\n    "customers"', 'Table(\n    "clients"', INVOICES, "clients.id"),
    "a finding that a table declared in another datastore brings": (
        "crm", 'crm_db = ',
        'refunds = Table("refunds", md, Column("id", Integer, primary_key=True))\ncrm_db = ',
        LINES, "points into crm-db"),
    "a flow that carries the table": (
        "flows", "system.flow(crm_api, crm_db",
        'system.flow(crm_api, billing_db, Mechanism.QUERY, access=Access.READ,\n'
        '            name="crm reads invoices", carries=["invoices"])\n'
        "system.flow(crm_api, crm_db", INVOICES, "crm reads invoices"),
    "the context owning a referenced table renamed": (
        "crm", 'system.context("CRM"', 'system.context("Customer Relations"',
        INVOICES, "owned by context Customer Relations"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_shows_on_the_rebuilt_table_page(models: Path, tmp_path: Path,
                                                 edit: str) -> None:
    name, old, new, page, shown = EDITS[edit]
    options = SiteOptions(models=models, cache_dir=tmp_path / "cache")
    _generated.forget()
    first = build_site(options)
    assert shown not in _page(first, page)
    again = build_site(options)  # nothing edited: every table page is reused
    assert again.stats.reused_pages == 3 and again.stats.reused_datastores == 2
    assert site_digest(again) == site_digest(first)
    _edit(models, name, old, new)
    rebuilt = _rebuild(options)
    assert shown in _page(rebuilt, page)
    # The billing datastore's pages were generated again, not taken from the last build.
    assert rebuilt.stats.reused_pages <= 1


def test_an_unrelated_edit_reuses_every_table_page(models: Path, tmp_path: Path) -> None:
    options = SiteOptions(models=models, cache_dir=tmp_path / "cache")
    _generated.forget()
    first = build_site(options)
    _edit(models, "billing", 'description="Bills."', 'description="Bills, edited."')
    rebuilt = _rebuild(options)
    assert rebuilt.stats.reused_pages == 3 and rebuilt.stats.reused_datastores == 2
    assert "3 table pages of 2 unchanged datastores reused" in rebuilt.stats.summary()
    assert "Bills, edited." in _page(rebuilt, "architecture/contexts/billing.md")
    assert _page(rebuilt, INVOICES) == _page(first, INVOICES)
    # A column edit in one datastore regenerates that one only.
    _edit(models, "crm", 'comment="Full name."', 'comment="Name as written."')
    rebuilt = _rebuild(options)
    assert rebuilt.stats.reused_pages == 2 and rebuilt.stats.reused_datastores == 1
    assert "Name as written." in _page(rebuilt, "architecture/datastores/crm-db/tables/customers.md")


def test_a_full_build_reuses_nothing(models: Path, tmp_path: Path) -> None:
    _generated.forget()
    result = build_site(SiteOptions(models=models, cache_dir=tmp_path / "cache"))
    assert result.stats.reused_pages == 0
    assert "reused" not in result.stats.summary()


BIG = '''
from sqlalchemy import Column, Integer, MetaData, Table

from archdocs import Access, Mechanism, System, tech

system = System("Warehouse")
sales = system.context("Sales").service("sales-api", technology="Python")
stock = system.context("Stock").service("stock-api", technology="Python")
md = MetaData()
for n in range(62):
    Table(f"t{n:02}", md, Column("id", Integer, primary_key=True, comment="Key."),
          comment=f"Table {n}.")
ledger = system.datastore("ledger", tech.PostgreSQL("16"), schema=md)
system.flow(sales, ledger, Mechanism.QUERY, access=Access.READ_WRITE,
            carries=[f"t{n:02}" for n in range(31)])
system.flow(stock, ledger, Mechanism.QUERY, access=Access.READ_WRITE,
            carries=[f"t{n:02}" for n in range(31, 62)])
'''


def test_a_renamed_context_shows_in_the_er_parts_of_a_datastore_it_writes(
        tmp_path: Path) -> None:
    """A datastore of more than 60 tables is drawn in parts per context writing it: the ER
    diagrams read the contexts' names, which are declared elsewhere."""
    models = tmp_path / "models"
    models.mkdir()
    (models / "warehouse.py").write_text(BIG.lstrip())
    options = SiteOptions(models=models, cache_dir=tmp_path / "cache")
    _generated.forget()
    first = build_site(options)
    datastore_page = "architecture/datastores/ledger.md"
    assert "Stock tables" in _page(first, datastore_page)
    model = models / "warehouse.py"
    model.write_text(model.read_text().replace('context("Stock")', 'context("Inventory")'))
    rebuilt = _rebuild(options)
    assert "Inventory tables" in _page(rebuilt, datastore_page)
    assert "Stock tables" not in _page(rebuilt, datastore_page)


@pytest.mark.parametrize("example", ["hostile", "flagship"])
def test_a_rebuild_of_the_same_model_reuses_its_pages_as_generated(example: str,
                                                                   tmp_path: Path) -> None:
    """Names that collide once slugged (their diagrams' keys too), markup in names and
    comments, several systems: the pages taken from the last build are the ones generating
    them again gives."""
    source = HOSTILE if example == "hostile" else FLAGSHIP
    models = tmp_path / "models"
    shutil.copytree(source, models, ignore=shutil.ignore_patterns("__pycache__"))
    options = SiteOptions(models=models, cache_dir=tmp_path / "cache")
    _generated.forget()
    build_site(options)
    rebuilt = _rebuild(options)
    assert rebuilt.stats.reused_pages > 0


def test_a_mermaid_site_after_an_svg_one_shows_mermaid_diagrams(models: Path,
                                                                tmp_path: Path) -> None:
    """A site drawn as SVG builds its specs without Mermaid source: when the same process
    then builds the site with Mermaid diagrams (mkdocs.yml switched while serving), the ER
    diagrams and table pages it reuses must have it."""
    _generated.forget()
    svg = build_site(SiteOptions(models=models, cache_dir=tmp_path / "cache"))
    datastore_page = "architecture/datastores/billing-db.md"
    assert "```mermaid" not in _page(svg, datastore_page)
    mermaid = build_site(SiteOptions(models=models, cache_dir=tmp_path / "cache",
                                     diagrams="mermaid"))
    assert "```mermaid\nerDiagram" in _page(mermaid, datastore_page)
    assert "```mermaid\nerDiagram" in _page(mermaid, INVOICES)
    assert "```mermaid\nflowchart" in _page(mermaid, "architecture/contexts/billing.md")
