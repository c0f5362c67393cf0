"""Plugin builds hide archdocs' HTML blocks from Python-Markdown behind placeholders
(archdocs.website.html_passthrough): the pages must come out byte for byte as Python-Markdown
makes them from the HTML blocks, and no text of a page can pass for a placeholder."""

from __future__ import annotations

import markdown
import pytest

from archdocs.pages import markdown as md
from archdocs.website.build import SiteResult
from archdocs.website.html_passthrough import hide
from archdocs.website.html_tables import tables_as_html

# MkDocs' Markdown, as configured by sites that use archdocs (mkdocs.yml of this repository).
EXTENSIONS = ["admonition", "attr_list", "tables", "toc", "md_in_html", "def_list",
              "footnotes", "pymdownx.superfences", "pymdownx.details"]
FOLLOWERS = ["", "\n", "\n\n", "Text\n", "\nText\n", "## Next\n", "\n\n\n## Next\n", "\n- a\n",
             "\n!!! note\n    x\n", "\n    code\n", "\n```\nx\n```\n", "\n<div>x</div>\n"]


def _render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def _through_plugin(text: str, blocks: list[str]) -> str:
    hidden = hide(text, blocks)
    assert hidden is not None and len(hidden.blocks) == len(blocks)
    restored = hidden.restore(_render(hidden.markdown))
    assert restored is not None
    return restored


def _table_page(after: str, *, rows: int = 1) -> tuple[str, list[str]]:
    blocks: list[str] = []
    table = md.table(["Column", "Comment"], [[md.code("c"), md.escape("a <b> & c")]] * rows)
    page = tables_as_html("architecture/t.md", f"# T\n\nIntro\n\n{table}{after}",
                          written=blocks)
    return page, blocks


@pytest.mark.parametrize("after", FOLLOWERS)
def test_a_table_reads_the_same_whatever_follows_it(after: str) -> None:
    page, blocks = _table_page(after)
    assert _through_plugin(page, blocks) == _render(page)
    page, blocks = _table_page(after + "\n" + md.table(["x"], [["y"]]) + after)
    assert len(blocks) == 2
    assert _through_plugin(page, blocks) == _render(page)


def test_text_that_looks_like_a_placeholder_stays_text() -> None:
    lookalike = "archdocs0123456789abcdefx0"
    page, blocks = _table_page(f"\n{lookalike}\n\n<p>{lookalike}</p>\n")
    out = _through_plugin(page, blocks)
    assert out == _render(page)
    assert out.count(lookalike) == 2 and out.count("<table>") == 1


def test_the_text_of_a_code_block_is_not_taken_for_the_table() -> None:
    page, blocks = _table_page("")
    fenced = page.replace("# T\n", "# T\n\n```" + blocks[0] + "```\n", 1)
    hidden = hide(fenced, blocks)
    assert hidden is not None and hidden.markdown.count("<table>") == 1
    assert _through_plugin(fenced, blocks) == _render(fenced)


def test_a_placeholder_changed_on_the_way_is_noticed() -> None:
    page, blocks = _table_page("\nMore\n")
    hidden = hide(page, blocks)
    assert hidden is not None
    converted = _render(hidden.markdown)
    assert hidden.restore(converted.replace("<p>archdocs", "<p>Archdocs")) is None
    assert hidden.restore(converted + converted) is None


def test_a_page_another_plugin_changed_keeps_its_markdown() -> None:
    page, blocks = _table_page("")
    assert hide(page.replace("<td>", "<td> "), blocks) is None


def test_hostile_pages_built_through_the_plugin_equal_their_markdown(
        hostile: SiteResult) -> None:
    files = hostile.files()
    checked = 0
    for path, blocks in hostile.html_blocks.items():
        if not blocks:
            continue
        text = files[path].decode().split("---\n", 2)[2]
        assert _through_plugin(text, blocks) == _render(text), path
        checked += 1
    assert checked >= 2
