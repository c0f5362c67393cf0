"""The flagship's performance content in a real browser: the access-pattern table and the
scalability section on a datastore page, the growth charts, and the star schema diagram.

Builds a site with the MkDocs plugin the way a user does, serves it, and reads the DOM
Chromium renders. Screenshots land in tests/artifacts/ for a human to look at.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.browser import CHROMIUM, NO_CHROMIUM, dom, screenshot
from support.browser import served as serve_site

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
VENV_BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.browser, pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM),
]

MKDOCS_YML = """\
site_name: Marketplace
theme:
  name: material
plugins:
  - archdocs:
      models: models
      prefix: architecture
markdown_extensions:
  - tables
  - attr_list
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    source = REPO / "models"
    if not any(source.rglob("*.py")):
        pytest.skip("the flagship example models/ is empty")
    project = tmp_path_factory.mktemp("perf-site")
    shutil.copytree(source, project / "models", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Marketplace\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    result = subprocess.run([str(VENV_BIN / "mkdocs"), "build", "-d", "site"], cwd=project,
                            env=_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    with serve_site(project / "site", project / "access.log") as base:
        yield base, project


def _dom(url: str, profile: Path, shot: Path) -> str:
    """The DOM Chromium builds for ``url`` (after scripts ran), and a screenshot of it."""
    screenshot(url, shot, profile.with_name(profile.name + "-shot"), size="1400,2400")
    return dom(url, profile)


def _text(dom: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", dom))


def test_datastore_page_shows_the_access_pattern_table_and_scalability(served, tmp_path):
    base, _ = served
    dom = _dom(f"{base}/architecture/datastores/orders-db/", tmp_path / "p",
               ARTIFACTS / "perf-datastore.png")
    text = " ".join(_text(dom).split())
    assert "Access patterns" in text and "Served by" in text
    assert re.search(r"<th[^>]*>Served by</th>", dom)
    assert "one shard (by buyer_id" in text
    assert "Scalability path" in text and "Single-node budget" in text
    assert re.search(r'<svg[^>]*class="archdocs-growth-chart"', dom)
    assert re.search(r'<polyline[^>]*class="projection"', dom)


def test_scalability_page_draws_both_growth_charts(served, tmp_path):
    base, _ = served
    dom = _dom(f"{base}/architecture/performance/scalability/orders-db/", tmp_path / "p",
               ARTIFACTS / "perf-scalability.png")
    assert len(re.findall(r'<svg[^>]*class="archdocs-growth-chart"', dom)) == 2
    text = " ".join(_text(dom).split())
    assert "projected storage" in text and "projected peak writes" in text
    assert "Vertical scaling runs out" in text
    assert "Migration that takes it there" in text


def test_star_schema_diagram_loads(served, tmp_path):
    base, project = served
    pages = sorted((project / "site" / "architecture" / "performance" / "star-schemas").glob(
        "*/index.html"))
    assert pages, "no star-schema page was built"
    slug = pages[0].parent.name
    dom = _dom(f"{base}/architecture/performance/star-schemas/{slug}/", tmp_path / "p",
               ARTIFACTS / "perf-star-schema.png")
    images = re.findall(r'<object[^>]*data="([^"]+\.svg)"', dom)
    assert images, "the star diagram is not on the page"
    assert "Grain:" in _text(dom)
    # The browser fetched every diagram it shows, and nothing failed.
    log = (project / "access.log").read_text()
    fetched = re.findall(r'"GET (\S+) HTTP/[\d.]+" (\d{3})', log)
    assert any(path.endswith(".svg") and code == "200" for path, code in fetched)
    assert not [path for path, code in fetched if code != "200" and code != "304"], fetched
