"""The project's site (guide + flagship example) in headless Chromium: pages load, every
request succeeds, diagrams show. Screenshots land in tests/artifacts/ for a human to look at."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitehelpers import ARTIFACTS, REPO, VENV_BIN, free_port, run

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own site, built with --strict as `./dev site` does."""
    out = tmp_path_factory.mktemp("site") / "site"
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


def _screenshot(url: str, target: Path, profile: Path) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--hide-scrollbars",
         "--window-size=1400,2000", "--virtual-time-budget=5000", f"--screenshot={target}", url],
        check=True, capture_output=True, timeout=120,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                    "(Debian: apt-get install chromium); CI installs it")
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
    port = free_port()
    access_log = tmp_path / "access.log"
    with access_log.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
             "--directory", str(built_site)], stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(port)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for name, path in pages.items():
            target = ARTIFACTS / f"site-{name}.png"
            target.unlink(missing_ok=True)
            _screenshot(f"http://127.0.0.1:{port}{path}", target, tmp_path / f"profile-{name}")
            assert target.stat().st_size > 10_000, f"{name}: screenshot looks empty"
    finally:
        server.terminate()
        server.wait(timeout=10)
    requests = re.findall(r'"GET (\S+) HTTP/[\d.]+" (\d{3})', access_log.read_text())
    assert requests, "the server saw no requests"
    failed = [(path, status) for path, status in requests if status.startswith(("4", "5"))]
    assert not failed, failed
    requested = {path for path, _ in requests}
    assert any(p.endswith("/example/diagrams/landscape.svg") for p in requested)
    assert any("/diagrams/er-" in p for p in requested), "the datastore page shows its ER diagram"
    assert any("/diagrams/flow-" in p for p in requested), "the flow page shows its diagram"


def _wait_until_serving(port: int) -> None:
    import time
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("http.server did not start")
