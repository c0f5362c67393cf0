"""A real ``mkdocs build`` of a project with ADRs in docs/adr: the record pages link to the
element pages and the element pages link back, and archdocs makes no copy of the records."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_adr_pages import MODEL, write_records

MKDOCS = Path(sys.executable).parent / "mkdocs"


def test_mkdocs_site_links_records_and_elements_both_ways(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "shop.py").write_text(MODEL)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Shop\n")
    write_records(tmp_path / "docs" / "adr")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Shop\ntheme:\n  name: material\nplugins:\n  - archdocs:\n"
        "      models: models\n")
    result = subprocess.run(
        [str(MKDOCS), "build", "--strict", "-q"], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    record = (site / "adr" / "20240601-shard-orders" / "index.html").read_text()
    assert "Related elements" in record
    assert 'href="../../architecture/datastores/orders-db/tables/orders/"' in record
    datastore = (site / "architecture" / "datastores" / "orders-db" / "index.html").read_text()
    assert 'href="../../../adr/20240601-shard-orders/"' in datastore
    assert 'href="../../../adr/20240101-keep-orders-in-postgresql/"' in datastore
    index = (site / "architecture" / "decisions" / "index.html").read_text()
    assert "Architecture decision records" in index and "adr-decision-graph" in index
    assert not (site / "architecture" / "decisions" / "20240601-shard-orders").exists()
    # The user's files are untouched.
    assert "Related elements" not in (tmp_path / "docs/adr/20240601-shard-orders.md").read_text()
