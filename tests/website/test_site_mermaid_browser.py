"""The `diagrams: mermaid` option drawn by Material's Mermaid integration in headless Chromium.

Material loads Mermaid from a CDN unless the page already has it; the test gives the site a
copy fetched from the npm registry (as a user would for an offline site), so nothing depends
on the CDN. Material replaces each ``<pre class="mermaid">`` it renders with a
``<div class="mermaid">`` holding the picture; a diagram Mermaid cannot parse stays a ``<pre>``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from sitehelpers import ARTIFACTS, VENV_BIN, run
from support.browser import CHROMIUM, NO_CHROMIUM, dom, screenshot, served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NPM = shutil.which("npm")
MERMAID = "mermaid@11"  # the major version Material 9 loads from its CDN
MERMAID_WAIT_MS = 15_000  # virtual time for Mermaid (3.5 MB of script) to draw

MERMAID_CONFIG = """  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format

extra_javascript:
  - js/mermaid.min.js
"""


@pytest.fixture(scope="module")
def mermaid_js(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if NPM is None:
        pytest.skip("npm is not installed: it fetches Mermaid from the npm registry for this test")
    folder = tmp_path_factory.mktemp("mermaid")
    packed = subprocess.run([NPM, "pack", MERMAID, "--silent", "--pack-destination", str(folder)],
                            capture_output=True, text=True, timeout=300)
    if packed.returncode != 0:
        pytest.skip(f"cannot fetch {MERMAID} from the npm registry: {packed.stderr[-300:]}")
    [archive] = folder.glob("mermaid-*.tgz")
    with tarfile.open(archive) as tar:
        member = tar.getmember("package/dist/mermaid.min.js")
        source = tar.extractfile(member)
        assert source is not None
        target = folder / "mermaid.min.js"
        target.write_bytes(source.read())
    return target


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_mermaid_diagrams_render_in_chromium(fresh_repo: Path, mermaid_js: Path,
                                             tmp_path: Path) -> None:
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    config = fresh_repo / "mkdocs.yml"
    text = config.read_text()
    assert "diagrams: svg" in text and "  - pymdownx.superfences\n" in text
    config.write_text(text.replace("diagrams: svg", "diagrams: mermaid")
                      .replace("  - pymdownx.superfences\n", MERMAID_CONFIG))
    (fresh_repo / "docs" / "js").mkdir()
    shutil.copy(mermaid_js, fresh_repo / "docs" / "js" / "mermaid.min.js")
    built = run([str(VENV_BIN / "mkdocs"), "build", "--strict"], cwd=fresh_repo)
    assert built.returncode == 0, built.stderr[-3000:]
    site = fresh_repo / "site"

    pages = {"overview": "architecture/index.html",
             "context": "architecture/contexts/catalog/index.html",
             "datastore": "architecture/datastores/catalog-db/index.html"}
    with served(site) as base:
        for name, page in pages.items():
            fences = (site / page).read_text().count('<pre class="mermaid">')
            assert fences, f"{name}: no Mermaid diagram in the built page"
            url = f"{base}/{page.removesuffix('index.html')}"
            if name == "context":
                screenshot(url, ARTIFACTS / "mermaid-context.png", tmp_path / "profile-shot",
                           size="1400,1400", wait_ms=MERMAID_WAIT_MS)
            drawn = dom(url, tmp_path / f"profile-{name}", wait_ms=MERMAID_WAIT_MS)
            assert '<pre class="mermaid">' not in drawn, f"{name}: Mermaid could not draw"
            assert len(re.findall(r'<div class="mermaid">', drawn)) == fences, name

