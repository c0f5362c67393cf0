"""A site made by `archdocs init` works offline: when its pages load in Chromium, every request
they make goes to the host that serves them (no Google Fonts, no CDN)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitehelpers import VENV_BIN, run
from support.browser import CHROMIUM, NO_CHROMIUM, requests_made, served

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _pages(site: Path) -> list[str]:
    """Every page of the site but the one-per-rule reference pages (the rule index stands for
    them): the home page, overview, contexts, datastores, tables, flows, lineage, findings..."""
    pages = []
    for page in sorted(site.rglob("index.html")):
        path = page.parent.relative_to(site).as_posix()
        if path.startswith("architecture/rules/"):
            continue
        pages.append("" if path == "." else f"{path}/")
    return pages


def test_the_pages_of_an_init_site_request_nothing_beyond_127_0_0_1(fresh_repo: Path,
                                                                     tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    built = run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=fresh_repo)
    assert built.returncode == 0, built.stderr
    site = fresh_repo / "site"
    pages = _pages(site)
    assert "architecture/" in pages and len(pages) > 10

    with served(site) as base:
        origin = base  # http://127.0.0.1:PORT: what Chromium names as the pages' initiator
        asked: list[tuple[str, str]] = []
        for number, page in enumerate(pages):
            made = requests_made(f"{base}/{page}", tmp_path / f"profile{number}",
                                 tmp_path / f"netlog{number}.json")
            asked += [(url, page) for url, initiator in made if initiator == origin]
    # The pages did load their stylesheets, scripts and diagrams (so the log is not empty)...
    assert any(url.endswith(".css") for url, _ in asked)
    assert any(url.endswith(".svg") for url, _ in asked)
    # ...and none of what they asked for left this machine.
    outside = sorted({f"{url} (from /{page})" for url, page in asked
                      if urlsplit(url).hostname != "127.0.0.1"})
    assert outside == []
