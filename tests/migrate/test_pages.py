"""The site shows each architecture migration (before/after diagrams, phase timeline) and the
schema-evolution plan of each datastore that keeps an earlier schema."""

from __future__ import annotations

import html
import posixpath
import re
import textwrap
from pathlib import Path

import pytest

from archdocs.website.build import SiteOptions, build_site

MODEL = '''
from sqlalchemy import Column, Integer, MetaData, String, Table

from archdocs import SchemaVersion, tech
from archdocs.model import (Access, Mechanism, MigrationStatus, Phase, SyncMechanism, System,
                            column_notes)

old = MetaData()
Table("users", old, Column("id", Integer, primary_key=True), Column("mail", String(100)))
new = MetaData()
Table("users", new, Column("id", Integer, primary_key=True),
      Column("email", String(100), nullable=False, info=column_notes(renamed_from="mail")))

system = System("Shop")
accounts = system.context("Accounts")
api = accounts.service("account-api")
legacy = accounts.datastore("legacy-db", tech.MySQL("5.7"))
db = accounts.datastore("accounts-db <v2>", tech.PostgreSQL("16"), schema=new,
                        previous_schema=SchemaVersion("release 1", old))
old_flow = system.flow(api, legacy, Mechanism.QUERY, access=Access.READ_WRITE)
new_flow = system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.migration(
    "Move accounts off MySQL",
    status=MigrationStatus.IN_PROGRESS,
    from_state="accounts live in legacy-db",
    to_state="accounts live in accounts-db <v2>",
    cutover_criteria=["row counts match"],
    introduces=[db, new_flow],
    retires=[legacy, old_flow],
    phases=[
        Phase("dual write", sync=SyncMechanism.DUAL_WRITE, elements=[api, db, legacy],
              rollback="stop writing accounts-db"),
        Phase("switch reads", cutover=True, elements=[api], rollback="flip the flag back"),
        Phase("retire legacy-db", elements=[legacy], point_of_no_return=True,
              rollback="restore legacy-db from its last backup"),
    ],
)
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site") / "models"
    root.mkdir()
    (root / "shop.py").write_text(textwrap.dedent(MODEL))
    result = build_site(SiteOptions(models=root, use_cache=False),
                        providers=["archdocs.pages.core", "archdocs.migrate.pages"])
    return {page.path: page for page in result.pages}, {a.path: a for a in result.assets}


def _links(content: str) -> list[str]:
    return [t for t in re.findall(r"\]\(([^)\s]+)", content) if not t.startswith("http")]


def test_a_migration_page_has_before_after_and_phase_diagrams(site):
    pages, assets = site
    page = pages["architecture/migrations/move-accounts-off-mysql.md"]
    assert "## Before" in page.content and "## After" in page.content
    svgs = {}
    # Diagrams are embedded as <object data="…svg"> (relative to the page's served URL).
    by_name = {path.rsplit("/", 1)[-1]: asset for path, asset in assets.items()}
    for target in re.findall(r'<object [^>]*data="([^"]+\.svg)"', page.content):
        name = html.unescape(target).rsplit("/", 1)[-1]
        svgs[name] = " ".join(html.unescape(t) for t in re.findall(
            r">([^<>]+)</text>", by_name[name].content.decode()))
    before = svgs["migration-move-accounts-off-mysql-before.svg"]
    after = svgs["migration-move-accounts-off-mysql-after.svg"]
    phases = svgs["migration-move-accounts-off-mysql-phases.svg"]
    assert "legacy-db" in before and "accounts-db <v2>" not in before
    assert "accounts-db <v2>" in after and "legacy-db" not in after
    assert "POINT OF NO RETURN" in phases and "CUTOVER" in phases
    assert "⛔ **point of no return**" in page.content
    assert "flip the flag back" in page.content


def test_every_link_on_the_migration_pages_resolves(site):
    pages, assets = site
    for path, page in pages.items():
        if "/migrations/" not in path and not path.endswith("schema-evolution.md"):
            continue
        for target in _links(page.content):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                         target.split("#")[0]))
            assert resolved in pages or resolved in assets, f"{path}: {target}"


def test_the_schema_evolution_page_shows_the_plan_with_hazard_links(site):
    pages, _ = site
    [path] = [p for p in pages if p.endswith("schema-evolution.md")]
    content = pages[path].content
    assert "release 1" in content and "RENAME COLUMN mail TO email" in content
    assert "MH006" in content and "hazards/MH006.md" in content
    assert "<v2>" not in content.split("```sql")[0]  # escaped outside the SQL block
    index = pages["architecture/migrations/index.md"]
    assert "Move accounts off MySQL" in index.content and "schema-evolution.md" in index.content


def test_the_datastore_page_links_its_migrations(site):
    pages, _ = site
    datastore = next(p for path, p in pages.items()
                     if path.startswith("architecture/datastores/accounts-db") and
                     path.count("/") == 2)
    if "## Migrations" not in datastore.content:
        pytest.skip("the core datastore page does not include element sections yet")
    assert "schema evolution since release 1" in datastore.content


def test_the_flagship_site_shows_its_migrations():
    models = Path(__file__).resolve().parents[2] / "models"
    from archdocs.load import load_models

    model = load_models(models)
    assert sum(len(s.migrations) for s in model.systems) >= 2
    assert any(d.previous_schema is not None for s in model.systems for d in s.datastores)
