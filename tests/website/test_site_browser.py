"""The project's site (guide + flagship example) in headless Chromium: pages load, every
request succeeds, diagrams show. Screenshots land in tests/artifacts/ for a human to look at."""

from __future__ import annotations

import json
import py_compile
import re
from pathlib import Path

import pytest
from sitehelpers import ARTIFACTS, REPO, VENV_BIN, run
from support.browser import CHROMIUM, NO_CHROMIUM, screenshot, served

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own site, built with --strict as `./dev site` does."""
    out = tmp_path_factory.mktemp("site") / "site"
    # The bytecode of docs/hooks.py, as any machine that writes bytecode has it after a first
    # build: it must not be published with the site.
    py_compile.compile(str(REPO / "docs" / "hooks.py"), doraise=True)
    result = run([str(VENV_BIN / "mkdocs"), "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                  "-d", str(out)], cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def test_project_site_builds_strict_with_the_flagship(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "example" / "index.html").is_file()
    assert (built_site / "reference" / "cli" / "index.html").is_file()
    assert (built_site / "reference" / "model" / "index.html").is_file()
    assert list((built_site / "example" / "diagrams").glob("*.svg"))
    assert not list(built_site.rglob("__pycache__")), "bytecode published with the site"


def test_project_site_is_published_light(built_site: Path) -> None:
    # docs/hooks.py: what each label of a drawing repeats, and the markup around the
    # whitespace of highlighted code, are not published (tests/website/test_minify.py shows
    # the drawings draw the same).
    drawings = list((built_site / "example" / "diagrams").glob("*.svg"))
    assert drawings
    assert not [path.name for path in drawings if ' text-anchor="start"' in path.read_text()]
    pages = {path: path.read_text() for path in built_site.rglob("*.html")}
    assert any('<div class="highlight">' in html for html in pages.values())
    assert not [path for path, html in pages.items() if '<span class="w">' in html]


def test_project_search_splits_identifiers(built_site: Path) -> None:
    search = json.loads((built_site / "search" / "search_index.json").read_text())
    assert "postcode" in re.split(search["config"]["separator"], "ship_to_postcode")
    assert "Postcode" in re.split(search["config"]["separator"], "ShipToPostcode")



def test_rules_and_hazards_are_documented_once_and_search_finds_each_once(
        built_site: Path) -> None:
    # The flagship's findings and plans link to the site-wide rule and hazard pages.
    assert not (built_site / "example" / "rules").exists()
    assert not (built_site / "example" / "hazards").exists()
    search = json.loads((built_site / "search" / "search_index.json").read_text())
    pages = [doc["location"] for doc in search["docs"] if "#" not in doc["location"]]
    for page_id in ("SCH003", "PRF001", "MH001", "MH022"):
        assert sum(page_id.lower() in location.lower() for location in pages) == 1, page_id
    findings = (built_site / "example" / "findings" / "index.html").read_text()
    assert 'href="../../rules/' in findings


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_pages_load_in_chromium_without_missing_requests(built_site: Path, tmp_path: Path) -> None:
    datastore = next(p for p in sorted((built_site / "example" / "datastores").iterdir())
                     if p.is_dir() and (p / "index.html").is_file()
                     and "er-" in (p / "index.html").read_text())
    flow = next(p for p in sorted((built_site / "example" / "flows").iterdir())
                if p.is_dir() and p.name != "index.html")
    pages = {
        "overview": "/example/",
        "datastore": f"/example/datastores/{datastore.name}/",
        "flow": f"/example/flows/{flow.name}/",
    }
    access_log = tmp_path / "access.log"
    with served(built_site, access_log) as base:
        for name, path in pages.items():
            target = ARTIFACTS / f"site-{name}.png"
            target.unlink(missing_ok=True)
            screenshot(f"{base}{path}", target, tmp_path / f"profile-{name}")
            assert target.stat().st_size > 10_000, f"{name}: screenshot looks empty"
    requests = re.findall(r'"GET (\S+) HTTP/[\d.]+" (\d{3})', access_log.read_text())
    assert requests, "the server saw no requests"
    failed = [(path, status) for path, status in requests if status.startswith(("4", "5"))]
    assert not failed, failed
    requested = {path for path, _ in requests}
    assert any(p.endswith("/example/diagrams/landscape-contexts.svg") for p in requested)
    assert any("/diagrams/er-" in p for p in requested), "the datastore page shows its ER diagram"
    assert any("/diagrams/flow-" in p for p in requested), "the flow page shows its diagram"

