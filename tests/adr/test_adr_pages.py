"""ADRs on the site: the index with status badges and the decision graph, links from element
pages to their decisions and back, and no duplicate of records MkDocs renders already."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from archdocs.load import load_models
from archdocs.pages.markdown import escape, link
from archdocs.review.engine import review
from archdocs.website.build import SiteBuilder, SiteOptions

MODEL = '''
from sqlalchemy import Column, Integer, MetaData, Table
from archdocs import Mechanism, System, tech

metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
system.flow(api, db, Mechanism.QUERY)
'''

RECORD = """---
status: {status}
date: {date}
relates_to: {relates}
supersedes: {supersedes}
superseded_by: {superseded_by}
---

# {title}

Body of {title} with <b>user HTML</b>.
"""


def record(title, date, status="accepted", relates="[]", supersedes="[]", superseded_by="[]"):
    return RECORD.format(title=title, date=date, status=status, relates=relates,
                         supersedes=supersedes, superseded_by=superseded_by)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "shop.py").write_text(MODEL)
    return tmp_path


def build(project: Path):
    model = load_models(project / "models")
    builder = SiteBuilder(model, review(model), SiteOptions(models=project / "models",
                                                             use_cache=False),
                          providers=["archdocs.pages.core", "archdocs.adr.pages"])
    result = builder.build()
    return {page.path: page.content for page in result.pages}, result


def write_records(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "20240101-keep-orders-in-postgresql.md").write_text(record(
        "Keep orders in PostgreSQL", "2024-01-01", status="superseded",
        relates="[orders-db]", superseded_by="[20240601-shard-orders]"))
    (folder / "20240601-shard-orders.md").write_text(record(
        "Shard orders", "2024-06-01", relates="[orders-db.orders, order-api]",
        supersedes="[20240101-keep-orders-in-postgresql]"))


def test_records_inside_docs_are_linked_not_copied(project):
    write_records(project / "docs" / "adr")
    pages, result = build(project)
    index = pages["architecture/decisions/index.md"]
    # MkDocs renders docs/adr itself: the index links there and no copy is generated.
    assert not any(p.startswith("architecture/decisions/2024") for p in pages)
    assert link("20240601-shard-orders", "../../adr/20240601-shard-orders.md") in index
    assert "superseded</span>" in index and "accepted</span>" in index
    assert link("orders-db.orders", "../datastores/orders-db/tables/orders.md") in index
    assert link("order-api", "../contexts/sales.md") in index
    assert any(a.path.endswith("adr-decision-graph.svg") for a in result.assets)
    svg = next(a.content for a in result.assets if a.path.endswith("adr-decision-graph.svg"))
    # Supersedes arrows are labelled; arrows to the elements a record is about are not (the
    # page says so), which keeps the graph narrow enough to read.
    text = " ".join(html.unescape(t) for t in re.findall(r">([^<>]+)</text>", svg.decode()))
    assert "supersedes" in text and "orders-db.orders" in text and "relates to" not in text
    assert "unlabelled arrows lead from a record to the model elements" in index


def test_the_decision_graph_links_each_record_and_element_to_its_page(project):
    # Records inside docs/ are rendered by MkDocs (so not among the generated pages): their
    # boxes link there all the same, relative to the SVG file, named by their titles.
    write_records(project / "docs" / "adr")
    (project / "docs" / "adr" / "20240701-a [draft] note.md").write_text(record(
        "Note <about> & more", "2024-07-01", status="proposed"))
    pages, result = build(project)
    asset = next(a for a in result.assets if a.path.endswith("adr-decision-graph.svg"))
    assert asset.path == "architecture/diagrams/adr-decision-graph.svg"
    found = dict(re.findall(r'<title>([^<]*)</title>\n<a xlink:href="([^"]+)" target="_top"',
                            asset.content.decode()))
    assert found == {
        "Keep orders in PostgreSQL": "../../adr/20240101-keep-orders-in-postgresql/",
        "Shard orders": "../../adr/20240601-shard-orders/",
        "Note &lt;about&gt; &amp; more": "../../adr/20240701-a%20%5Bdraft%5D%20note/",
        "orders-db": "../datastores/orders-db/",
        "orders": "../datastores/orders-db/tables/orders/",
        "order-api": "../contexts/sales/",
    }


def test_element_pages_list_their_decisions(project):
    from archdocs.adr.pages import element_section
    from archdocs.pages.paths import SitePaths

    write_records(project / "docs" / "adr")
    model = load_models(project / "models")
    system = model.systems[0]
    datastore = system.datastores[0]

    class Ctx:
        def __init__(self) -> None:
            self.model, self.paths, self.options = model, SitePaths(), {}

    page = "architecture/datastores/orders-db.md"
    section = element_section(Ctx(), system, datastore, page)
    assert section.startswith("\n## Decisions\n")
    assert link("20240101-keep-orders-in-postgresql",
                "../../adr/20240101-keep-orders-in-postgresql.md") in section
    assert "Shard orders (about <code>orders</code>)" in section
    context_section = element_section(Ctx(), system, system.contexts[0],
                                      "architecture/contexts/sales.md")
    assert "Shard orders (about <code>order-api</code>)" in context_section
    flow = system.flows[0]
    assert element_section(Ctx(), system, flow, "architecture/flows/x.md") == ""


def test_a_record_written_between_two_builds_shows_in_the_second(project):
    # The records are read once per build (every element page asks for them); a build made
    # after a record was written, in the same process (as `mkdocs serve` rebuilds), lists it.
    page = "architecture/datastores/orders-db.md"
    first, _ = build(project)
    assert "## Decisions" not in first[page]
    write_records(project / "docs" / "adr")
    second, _ = build(project)
    assert "\n## Decisions\n" in second[page]
    assert link("20240601-shard-orders", "../../adr/20240601-shard-orders.md") in second[page]


def test_records_outside_docs_get_pages_that_link_back(project):
    write_records(project / "decisions")
    (project / "pyproject.toml").write_text('[tool.archdocs]\nadr_dir = "decisions"\n')
    pages, _ = build(project)
    page = pages["architecture/decisions/20240601-shard-orders.md"]
    assert "# Shard orders" in page
    assert "Body of Shard orders with <b>user HTML</b>." in page  # the user's own Markdown
    assert "## Related elements" in page
    assert "- " + link("orders-db.orders", "../datastores/orders-db/tables/orders.md") in page
    assert "- Supersedes " + link("20240101-keep-orders-in-postgresql",
                                  "20240101-keep-orders-in-postgresql.md") in page
    old = pages["architecture/decisions/20240101-keep-orders-in-postgresql.md"]
    assert "- Superseded by " + link("20240601-shard-orders", "20240601-shard-orders.md") in old
    assert "status: superseded" not in old  # front matter is shown as facts, not as text


def test_record_page_footer_for_pages_mkdocs_renders(project):
    from archdocs.adr.pages import record_page_footers
    from archdocs.pages.paths import SitePaths

    write_records(project / "docs" / "adr")
    model = load_models(project / "models")
    docs = project / "docs"
    record = "adr/20240601-shard-orders.md"
    footers = record_page_footers(model, SitePaths(), docs,
                                  [record, "guide/index.md", "adr/index.md"])
    assert list(footers) == [record]  # the other pages are no records: no footer
    footer = footers[record]
    assert "## Related elements" in footer
    assert link("orders-db.orders", "../architecture/datastores/orders-db/tables/orders.md") \
        in footer
    assert "- Supersedes " + link("20240101-keep-orders-in-postgresql",
                                  "20240101-keep-orders-in-postgresql.md") in footer


def test_no_records_no_pages(project):
    pages, _ = build(project)
    assert not any("decisions/" in p for p in pages)


def test_same_input_same_pages(project):
    write_records(project / "docs" / "adr")
    first, _ = build(project)
    second, _ = build(project)
    assert first == second


def test_user_file_names_and_titles_are_safe_in_links(project):
    folder = project / "docs" / "adr"
    folder.mkdir(parents=True)
    (folder / "0001 use (new) db.md").write_text(record("<script>alert(1)</script> [x](y)",
                                                        "2024-01-01", relates="[orders-db]"))
    pages, _ = build(project)
    index = pages["architecture/decisions/index.md"]
    assert "(../../adr/0001%20use%20%28new%29%20db.md)" in index
    assert "<script>" not in index
    assert "&lt;script&gt;" in index


def test_index_lists_the_adr_findings(project):
    write_records(project / "docs" / "adr")
    (project / "docs" / "adr" / "20240701-typo.md").write_text(
        record("Typo", "2024-07-01", status="proposed", relates="[order-db]"))
    pages, _ = build(project)
    index = pages["architecture/decisions/index.md"]
    findings = index.split("## Findings", 1)[1]
    assert "[ADR004](../rules/adr004.md)" in findings
    assert escape("relates_to names 'order-db'") in findings
    assert "docs/<wbr>adr/<wbr>20240701-typo.md:4</code>" in findings


def test_html_and_template_syntax_in_a_title_are_shown_as_text(project):
    write_records(project / "decisions")
    (project / "decisions" / "20240801-evil.md").write_text(
        record("<img src=x onerror=alert(1)> {{ 7*7 }} {% raw %}", "2024-08-01",
               relates="[orders-db]"))
    (project / "pyproject.toml").write_text('[tool.archdocs]\nadr_dir = "decisions"\n')
    pages, _ = build(project)
    page = pages["architecture/decisions/20240801-evil.md"]
    heading = [line for line in page.splitlines() if line.startswith("# ")]
    assert heading == ["# " + escape("<img src=x onerror=alert(1)> {{ 7*7 }} {% raw %}")]
    index = pages["architecture/decisions/index.md"]
    datastore = pages["architecture/datastores/orders-db.md"]
    for text in (page, index, datastore):
        assert "{{" not in text and "{%" not in text  # not even in the record's own body
    for text in (index, datastore):
        assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in index
    assert "&lt;img src=x onerror=alert(1)&gt;" in datastore
