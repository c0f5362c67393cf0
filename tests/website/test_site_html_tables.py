"""Table pages write their tables as HTML blocks (archdocs.website.html_tables): they must read
exactly as the Markdown tables they replace, keep every piece of model text escaped, and link
to the URLs the pages are served at, with or without MkDocs' directory URLs."""

from __future__ import annotations

import html
import posixpath
import re

import markdown
import pytest
from sitehelpers import HOSTILE

from archdocs.pages import markdown as md
from archdocs.website.build import SiteOptions, SiteResult, build_site
from archdocs.website.diagram_embed import page_url
from archdocs.website.html_tables import tables_as_html

# MkDocs' Markdown, as configured by sites that use archdocs.
EXTENSIONS = ["admonition", "attr_list", "tables", "toc", "pymdownx.superfences"]
HOSTILE_TEXT = ["<script>alert(1)</script>", "</td><td>", "a|b", "`x`", "*x*", "_x_",
                "[x](javascript:alert(1))", "{{ 7*7 }}", "{% if %}", "&amp;", "\\", "# h",
                "1. item", "x\" onmouseover=\"y", "**b**", "<!--", "日本語"]
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
OWN_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "a", "code", "br", "wbr", "em",
            "strong", "p", "h1", "h2"}


def _render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def _text_of(rendered: str) -> str:
    """What a reader sees: the HTML without tags and whitespace, references decoded."""
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", rendered)))


def _page(rows: list[list[str]]) -> str:
    return "# Table: t\n\n## Columns\n\n" + md.table(["Column", "Comment", "Keys"], rows)


def test_hostile_cells_read_the_same_and_stay_text() -> None:
    rows = [[md.code(text), md.escape(text),
             "**PK** " + md.link(text, "../other.md") + "<br>*Fix:* " + md.escape(text)]
            for text in HOSTILE_TEXT]
    source = _page(rows)
    converted = tables_as_html("architecture/datastores/db/tables/t.md", source)
    assert "<table>" in converted and "| " not in converted  # the HTML path was taken
    as_markdown, as_html = _render(source), _render(converted)
    assert _text_of(as_html) == _text_of(as_markdown)
    tags = {m.group(2).lower() for m in TAG.finditer(as_html)}
    assert tags <= OWN_TAGS, tags - OWN_TAGS
    assert "<script" not in as_html and 'href="javascript' not in as_html
    assert not re.search(r"\{[{%#]", converted)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_are_the_urls_of_the_pages(directory_urls: bool) -> None:
    page = "architecture/datastores/db/tables/orders.md"
    source = _page([[md.link("customers", "customers.md"), md.link("db", "../../db.md#er"),
                     md.link("flows", "../../../flows/index.md")]])
    converted = tables_as_html(page, source, directory_urls=directory_urls)
    hrefs = re.findall(r'href="([^"]*)"', converted)
    served = page_url(page, directory_urls=directory_urls)
    targets = ["architecture/datastores/db/tables/customers.md", "architecture/datastores/db.md",
               "architecture/flows/index.md"]
    for href, target in zip(hrefs, targets, strict=True):
        url, _, anchor = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(served), url))
        expected = page_url(target, directory_urls=directory_urls)
        assert resolved + ("/" if url.endswith("/") else "") == expected, (href, expected)
    assert hrefs[1].endswith("#er")


def test_a_table_with_markdown_it_cannot_convert_stays_markdown() -> None:
    for cell in ["`tick`", "[x](javascript:alert(1))", "{: .class}", "__init__"]:
        source = _page([[cell, "b", "c"]])
        assert tables_as_html("a/tables/t.md", source) == source, cell
    fenced = "```\n" + md.table(["a"], [["b"]]) + "```\n"
    assert tables_as_html("a/tables/t.md", fenced) == fenced


def test_hostile_table_pages_use_html_tables_and_escape_every_name(
        hostile: SiteResult) -> None:
    assert hostile.model is not None and hostile.paths is not None
    system = hostile.model.systems[0]
    files = hostile.files()
    datastore = system.datastores[0]
    checked = 0
    for table in datastore.tables:
        text = files[hostile.paths.table(system, datastore, table)].decode()
        assert "<table>" in text and "\n|---|" not in text
        rendered = _render(text.split("---\n", 2)[2])
        tags = {m.group(2).lower() for m in TAG.finditer(rendered)}
        assert tags <= OWN_TAGS | {"div", "object", "script", "ul", "li", "span", "h3"}, tags
        assert "<script>" not in rendered and "<img" not in rendered and "<iframe" not in rendered
        for column in table.columns:
            assert html.escape(column.comment or "", quote=False).replace(
                "|", "&#124;").replace("`", "&#96;").replace("{", "&#123;").replace(
                "}", "&#125;")[:8] in rendered.replace("&quot;", '"')
        checked += 1
    assert checked == len(datastore.tables) >= 2


def test_flagship_table_pages_link_only_to_pages_of_the_site(flagship: SiteResult) -> None:
    """Every link of an HTML table leads to a page or file the site has."""
    assert flagship.model is not None and flagship.paths is not None
    files = flagship.files()
    served = {page_url(path): path for path in files if path.endswith(".md")}
    checked = 0
    for system in flagship.model.systems:
        for datastore in system.datastores:
            for table in datastore.tables:
                path = flagship.paths.table(system, datastore, table)
                url = page_url(path)
                for href in re.findall(r'<a href="([^"#]*)[^"]*">', files[path].decode()):
                    if href.startswith("http") or not href:
                        continue
                    target = posixpath.normpath(posixpath.join(url, href))
                    target += "/" if href.endswith("/") else ""
                    assert target in served or target in files, (path, href)
                    checked += 1
    assert checked > 50


def test_directory_urls_off_gives_html_links() -> None:
    result = build_site(SiteOptions(models=HOSTILE, use_cache=False, directory_urls=False))
    assert result.paths is not None and result.model is not None
    system = result.model.systems[0]
    datastore = system.datastores[0]
    page = result.files()[result.paths.table(system, datastore, datastore.tables[-1])].decode()
    assert re.search(r'<a href="[^"]+\.html"', page)
    assert not re.search(r'<a href="[^"]+/"', page)
