"""A huge change still fits in a pull-request comment, and says where the rest is."""

from __future__ import annotations

from archdocs.diff.changes import (
    ArchitectureDiff,
    ElementChange,
    SchemaItemChange,
    TableChange,
)
from archdocs.diff.markdown import COMMENT_LIMIT, render_markdown
from archdocs.review.finding import Finding, Severity


def test_a_new_500_table_datastore_fits_a_github_comment():
    tables = [
        TableChange("Shop", "warehouse", f"table_{n:03d}_" + "x" * 40, "added", tuple(
            SchemaItemChange("column", f"column_{c}", "added", detail="VARCHAR(200) NOT NULL")
            for c in range(30)))
        for n in range(500)
    ]
    findings = [Finding("models/x.py", n, "SCH004", Severity.WARNING, "datastore:warehouse",
                        "table has no comment " * 5, target=f"table_{n}") for n in range(400)]
    diff = ArchitectureDiff("main", "HEAD", elements=[
        ElementChange("datastore", "Shop", "warehouse", "added", summary="PostgreSQL 16")],
        tables=tables, introduced=findings)
    text = render_markdown(diff)
    assert len(text) < COMMENT_LIMIT + 2_000  # GitHub's limit is 65 536
    assert text.splitlines()[2] == ("**1 datastore added · 500 tables added · findings: 400 new "
                                    "warnings**")
    assert "30 columns" in text  # wide new tables are summarised
    assert "`archdocs diff --format json`" in text
    assert "| added | datastore | <code>warehouse</code> | PostgreSQL 16 |" in text
