"""The site's drift page: only with drift_url_env naming a set variable; never the password."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from archdocs.live import pages as drift_pages
from archdocs.load import load_models
from archdocs.load.loader import Model
from archdocs.pages.paths import SitePaths


@dataclass
class Context:
    """What the site builder hands a page provider (SiteContext)."""

    model: Model
    options: dict[str, Any]
    paths: SitePaths = field(default_factory=SitePaths)
    report: Any = None
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("archdocs.test-face"))

    def diagram(self, page_path: str, spec: Any) -> str:
        return ""


@pytest.fixture
def imported(tmp_path: Path, archdocs) -> tuple[Path, Model]:
    database = tmp_path / "shop.db"
    with sqlite3.connect(database) as raw:
        raw.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)")
    out = tmp_path / "models" / "shop.py"
    assert archdocs("import", f"sqlite:///{database}", "--out", out).code == 0
    return database, load_models(out.parent)


def test_no_option_or_no_variable_means_no_drift_page(imported, monkeypatch) -> None:
    _, model = imported
    assert list(drift_pages.pages(Context(model, {}))) == []
    monkeypatch.delenv("AD_TEST_DRIFT_URL", raising=False)
    assert list(drift_pages.pages(Context(model, {"drift_url_env": "AD_TEST_DRIFT_URL"}))) == []


def test_the_warning_goes_to_the_logger_of_the_face_not_mkdocs(imported, monkeypatch,
                                                              caplog) -> None:
    _, model = imported
    monkeypatch.delenv("AD_TEST_DRIFT_URL", raising=False)
    with caplog.at_level(logging.WARNING):
        list(drift_pages.pages(Context(model, {"drift_url_env": "AD_TEST_DRIFT_URL"})))
    [record] = caplog.records
    assert record.name == "archdocs.test-face"
    assert "AD_TEST_DRIFT_URL, which is not set" in record.getMessage()


def test_the_drift_page_shows_what_drifted(imported, monkeypatch) -> None:
    database, model = imported
    with sqlite3.connect(database) as raw:
        raw.execute("ALTER TABLE orders ADD COLUMN coupon TEXT")
    monkeypatch.setenv("AD_TEST_DRIFT_URL", f"sqlite:///{database}")
    (page,) = drift_pages.pages(Context(model, {"drift_url_env": "AD_TEST_DRIFT_URL"}))
    assert page.path == "architecture/drift.md" and page.nav
    assert re.search(r"<code>coupon</code> \| column\\?-extra", page.content)
    assert "(datastores/shop.md)" in page.content


def test_a_failed_connection_shows_on_the_page_without_the_password(imported, monkeypatch
                                                                   ) -> None:
    _, model = imported
    monkeypatch.setenv("AD_TEST_DRIFT_URL", "shop=sqlite:////nonexistent/dir/x.db")
    (page,) = drift_pages.pages(Context(model, {"drift_url_env": "AD_TEST_DRIFT_URL"}))
    assert "Could not compare" in page.content and "does not exist" in page.content

    monkeypatch.setenv("AD_TEST_DRIFT_URL", "postgresql://u:Hunter2Secret@127.0.0.1:1/x")
    (page,) = drift_pages.pages(Context(model, {"drift_url_env": "AD_TEST_DRIFT_URL"}))
    assert "Hunter2Secret" not in page.content
    assert "no datastore with postgresql tables" in page.content
