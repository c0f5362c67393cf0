"""A rebuild in the same process (``mkdocs serve``) takes the context, flow and context-map
diagram specs from the previous build only when the view they draw is the same: an edit that
changes a box, a frame or an arrow of such a diagram (a service's technology and so its icon,
a datastore's technology, a context's name or domain, what a context holds, a flow's
mechanism) shows in the rebuilt diagram, and the rebuilt site is the one a build that reuses
nothing gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitehelpers import site_digest

from archdocs.load.loader import load_models
from archdocs.render import architecture, context_spec
from archdocs.render.architecture import reusing_views
from archdocs.render.spec import mermaid_sources
from archdocs.website.build import SiteOptions, SiteResult, _generated, build_site

SHOP = '''
from archdocs import Access, Mechanism, System, tech

system = System("Shop")
sales = system.context("Sales", domain="Commerce")
sales_api = sales.service("sales-api", technology="Python")
sales_db = sales.datastore("sales-db", tech.PostgreSQL("16"))
billing = system.context("Billing", domain="Commerce")
billing_api = billing.service("billing-api", technology="Java")
billing_db = billing.datastore("billing-db", tech.PostgreSQL("16"))
ledger = system.context("Ledger", domain="Finance")
ledger_worker = ledger.service("ledger-worker", technology="Go")
bus = system.datastore("bus", tech.Kafka("3.7"))
system.flow(sales_api, sales_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(billing_api, billing_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(sales_api, billing_api, Mechanism.SYNC_REQUEST, name="sales asks billing")
system.flow(billing_api, ledger_worker, Mechanism.ASYNC_EVENT, via=bus,
            events=["InvoiceIssued"], name="invoices to ledger")
'''

SALES_CONTEXT = "architecture/contexts/sales.md"

# Each edit: the text replaced, its replacement, and a diagram asset that must change.
EDITS = {
    "a service's technology (its icon and label)": (
        'technology="Java"', 'technology="Python"', "context-billing"),
    "a datastore's technology version (its label)": (
        'billing.datastore("billing-db", tech.PostgreSQL("16"))',
        'billing.datastore("billing-db", tech.PostgreSQL("17"))', "context-billing"),
    "a datastore's technology (its icon)": (
        'billing.datastore("billing-db", tech.PostgreSQL("16"))',
        'billing.datastore("billing-db", tech.MySQL("8.4"))', "context-billing"),
    "a neighbouring context renamed": (
        'system.context("Billing"', 'system.context("Invoicing"', "context-sales"),
    "a context's domain (the context map's frames)": (
        'domain="Finance"', 'domain="Commerce"', "context-map"),
    "what a context holds (the context map's summary)": (
        'ledger_worker = ledger.service("ledger-worker", technology="Go")',
        'ledger_worker = ledger.service("ledger-worker", technology="Go")\n'
        'ledger.datastore("ledger-db", tech.Redis("7"))', "context-map"),
    "a flow's mechanism (the arrow's style)": (
        "Mechanism.SYNC_REQUEST", "Mechanism.BATCH", "flow-sales-asks-billing"),
}


@pytest.fixture
def models(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "shop.py").write_text(SHOP.lstrip())
    return folder


def _forget() -> None:
    """The next build reuses nothing from the builds before it."""
    _generated.forget()
    architecture._built.forget()


def _diagram(result: SiteResult, key: str) -> bytes:
    found = [asset.content for asset in result.assets
             if asset.path.rsplit("/", 1)[-1].startswith(key + ".")]
    assert len(found) == 1, (key, [a.path for a in result.assets])
    return found[0]


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_shows_in_the_rebuilt_diagram(models: Path, tmp_path: Path, edit: str) -> None:
    old, new, key = EDITS[edit]
    options = SiteOptions(models=models, cache_dir=tmp_path / "cache")
    _forget()
    first = build_site(options)
    again = build_site(options)  # nothing edited: the same site, from reused specs
    assert site_digest(again) == site_digest(first)
    model = models / "shop.py"
    assert old in model.read_text()
    model.write_text(model.read_text().replace(old, new, 1))
    rebuilt = build_site(options)
    assert _diagram(rebuilt, key) != _diagram(first, key)
    _forget()
    clean = build_site(options)
    assert site_digest(rebuilt) == site_digest(clean), "a reused diagram differs from a new one"


def test_the_same_view_is_built_once_per_build_and_reused_by_the_next(models: Path) -> None:
    """Within a site build, a context diagram asked for twice is built once; the next build
    takes it as it was while its view is unchanged, and builds it again once it changed."""
    system = load_models(models).systems[0]
    sales = next(c for c in system.contexts if c.name == "Sales")
    with mermaid_sources(False), reusing_views():
        first = context_spec(system, sales)
        assert context_spec(system, sales) is first
    reloaded = load_models(models).systems[0]  # new objects, same view
    sales = next(c for c in reloaded.contexts if c.name == "Sales")
    with mermaid_sources(False), reusing_views():
        assert context_spec(reloaded, sales) is first
        sales_api = next(s for s in reloaded.services if s.name == "sales-api")
        sales_api.technology = "Rust"  # its box's second line
        changed = context_spec(reloaded, sales)
    assert changed is not first and changed.dot != first.dot
    assert "Rust" in changed.dot
    # Outside a site build nothing is kept: a spec is built every time.
    assert context_spec(reloaded, sales) is not context_spec(reloaded, sales)
    assert architecture._built.active == 0
