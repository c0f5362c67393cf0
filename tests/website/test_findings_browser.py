"""The findings table of a generated site in headless Chromium: a file name in the "Declared
at" column never wraps inside a name (Material lets inline code break anywhere), only after a
``/``. A screenshot lands in tests/artifacts/ for a human to look at."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sitehelpers import ARTIFACTS, VENV_BIN, run
from support.browser import CHROMIUM, NO_CHROMIUM, dom, screenshot, served

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Long messages squeeze the last column; a long file name is the one that used to break.
MODEL = '''\
from sqlalchemy import Column, Integer, MetaData, Table
from archdocs import System, tech

metadata = MetaData()
for number in range(6):
    Table(f"inventory_reservation_ledger_{number}", metadata,
          Column("reservation_identifier_of_the_warehouse", Integer))
System("Shop").context("Sales").datastore(
    "inventory-reservations-db", tech.PostgreSQL("16"), schema=metadata,
    description="Reservations.")
'''

# For each path in the last column of the findings table: its text, line by line as laid out.
MEASURE = """<script>
window.addEventListener("load", () => {
  const found = [];
  for (const cell of document.querySelectorAll("article table td:last-child")) {
    const code = cell.querySelector("code");
    if (!code) continue;
    const lines = [];
    let current = "", top = null;
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (top !== null && Math.abs(rect.top - top) > 2) { lines.push(current); current = ""; }
        top = rect.top;
        current += node.data[i];
      }
    }
    lines.push(current);
    found.push(lines);
  }
  const out = document.createElement("pre");
  out.id = "archdocs-measure";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
});
</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_file_names_in_the_findings_table_do_not_wrap_mid_word(fresh_repo: Path,
                                                                tmp_path: Path) -> None:
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=fresh_repo).returncode == 0
    (fresh_repo / "models" / "architecture.py").unlink()  # this model instead of the starter
    nested = fresh_repo / "models" / "warehouse_operations"
    nested.mkdir(parents=True)
    (nested / "inventory_reservations.py").write_text(MODEL)
    built = run([str(VENV_BIN / "mkdocs"), "build"], cwd=fresh_repo)
    assert built.returncode == 0, built.stderr[-2000:]
    page = fresh_repo / "site" / "architecture" / "findings" / "index.html"
    html = page.read_text()
    assert "inventory_reservations.py" in html
    page.write_text(html.replace("</body>", MEASURE + "</body>"))
    with served(fresh_repo / "site") as base:
        url = f"{base}/architecture/findings/"
        target = ARTIFACTS / "findings-table.png"
        target.unlink(missing_ok=True)
        screenshot(url, target, tmp_path / "profile-shot", size="900,1400")
        assert target.stat().st_size > 10_000
        document = dom(url, tmp_path / "profile-dom", window="900,1400")
    measured = re.search(r'<pre id="archdocs-measure">(.*?)</pre>', document, re.DOTALL)
    assert measured, "the measuring script did not run"
    paths = json.loads(measured[1].replace("&quot;", '"').replace("&amp;", "&"))
    assert len(paths) >= 6
    assert any(len(lines) > 1 for lines in paths), "nothing wrapped: the test shows nothing"
    for lines in paths:
        assert all(line.endswith("/") for line in lines[:-1]), lines
