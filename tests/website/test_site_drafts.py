"""A one-shot build whose diagram cache holds its diagrams forks a child that drafts the table
pages while the build generates the others (``SiteOptions.draft_ahead``): the build takes each
datastore's pages from the child when they have come and their diagrams keep their keys, and
the site is byte for byte the one built without the child: also when a diagram key is taken,
when the child fails, and when it is never started."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sitehelpers import differing_files, mkdocs_build, site_digest

import archdocs.pages.core as core_pages
import archdocs.pages.datastores as datastore_pages
import archdocs.website.build as site_build
from archdocs.website.build import SiteOptions, SiteResult, _generated, build_site

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")

# Two datastores whose names make the same slug: the tables' neighbours diagrams of the second
# get keys with a hash appended, which a child drafting without the build's keys cannot know.
MODEL = '''
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from archdocs import System, tech

system = System("Warehouse")
stock = system.context("Stock", description="What is on the shelves.")


def tables(prefix: str) -> MetaData:
    md = MetaData()
    Table(f"{prefix}_items", md, Column("id", Integer, primary_key=True, comment="Key."),
          Column("name", String(80), comment="What it is."), comment="Items.")
    Table(f"{prefix}_moves", md, Column("id", Integer, primary_key=True, comment="Key."),
          Column("item_id", Integer, ForeignKey(f"{prefix}_items.id"), comment="Item."),
          comment="Moves.")
    Table("shared", md, Column("id", Integer, primary_key=True, comment="Key."),
          comment="Same name in both.")
    return md


stock.datastore("ledger", tech.PostgreSQL("16"), schema=tables("a"))
stock.datastore("Ledger", tech.PostgreSQL("16"), schema=tables("b"))
stock.datastore("archive", tech.PostgreSQL("16"), schema=tables("c"))
'''


@pytest.fixture
def options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SiteOptions:
    """A model of nine tables, its diagram cache filled by a first build, and drafting allowed
    for so few tables."""
    models = tmp_path / "models"
    models.mkdir()
    (models / "warehouse.py").write_text(MODEL.lstrip())
    built = SiteOptions(models=models, cache_dir=tmp_path / "cache")
    _fresh(built)
    monkeypatch.setattr(site_build, "DRAFT_MIN_TABLES", 1)
    return built


def _fresh(options: SiteOptions) -> SiteResult:
    """A build that reuses no page of an earlier build in this process."""
    _generated.forget()
    return build_site(options)


def _parent_slowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each datastore page takes a tenth of a second more in the build (the child, forked
    before, writes none): the child is ahead whatever the machine's load."""
    page = datastore_pages.datastore_page

    def slow(*args: Any) -> Any:
        time.sleep(0.1)
        return page(*args)

    monkeypatch.setattr(datastore_pages, "datastore_page", slow)


def test_drafted_table_pages_make_the_site_a_build_alone_makes(
        options: SiteOptions, monkeypatch: pytest.MonkeyPatch) -> None:
    _parent_slowed(monkeypatch)
    alone = _fresh(options)
    drafted = _fresh(replace(options, draft_ahead=True))
    assert alone.stats.drafted_pages == 0
    # ledger's and archive's pages: Ledger's diagrams have other keys than the child gave them.
    assert drafted.stats.drafted_pages == 6
    assert "6 table pages drafted ahead" in drafted.stats.summary()
    assert site_digest(drafted) == site_digest(alone)
    drawings = {asset.path.rsplit("/", 1)[-1] for asset in drafted.assets}
    assert "erfocus-ledger-shared.svg" in drawings
    assert any(name.startswith("erfocus-ledger-shared-") for name in drawings)


def test_a_child_that_fails_changes_nothing(options: SiteOptions,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _parent_slowed(monkeypatch)

    def fails(ctx: Any, send: Any) -> None:
        raise RuntimeError("the child's work failed")

    monkeypatch.setattr(core_pages, "drafts", fails)
    alone = _fresh(options)
    drafted = _fresh(replace(options, draft_ahead=True))
    assert drafted.stats.drafted_pages == 0
    assert site_digest(drafted) == site_digest(alone)


def test_no_child_drafts_when_every_diagram_is_laid_out(
        options: SiteOptions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With an empty cache the diagram workers keep the second core busy: a child there would
    slow them."""
    _parent_slowed(monkeypatch)
    cold = replace(options, draft_ahead=True, cache_dir=tmp_path / "empty")
    assert cold.lays_out_every_diagram()
    result = _fresh(cold)
    assert result.stats.drafted_pages == 0
    assert site_digest(result) == site_digest(_fresh(options))


def test_mkdocs_build_drafts_and_writes_the_same_site(
        options: SiteOptions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """The plugin drafts in a one-shot `mkdocs build` (its summary says how many pages), and
    the site it writes is the one it writes without drafting."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n")
    (project / "mkdocs.yml").write_text(
        "site_name: Warehouse\ntheme: {name: material}\nplugins:\n  - search\n"
        f"  - archdocs:\n      models: {options.models}\n      cache_dir: {options.cache_dir}\n")
    _parent_slowed(monkeypatch)

    def built(site: str, *, drafts: bool) -> None:
        _generated.forget()
        with monkeypatch.context() as patch:
            if not drafts:
                patch.setattr(site_build, "DRAFT_MIN_TABLES", 10**9)
            mkdocs_build(project, site)

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.archdocs"):
        built("alone", drafts=False)
        assert "drafted ahead" not in caplog.text
        built("drafted", drafts=True)
    assert "6 table pages drafted ahead" in caplog.text
    assert differing_files(project / "alone", project / "drafted") == []
